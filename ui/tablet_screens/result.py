"""The ticket: the queue and why, the place in line and the wait."""

import html

import streamlit as st

from kiosk_core.checkin.check_in import Ticket
from kiosk_core.intake.wording import reason_text
from kiosk_core.waits.estimate import WaitEstimate
from ui.kiosk_style import plain_text
from ui.tablet_screens.phone_ticket import follow_on_phone
from ui.tablet_session import _, forget_everything, language, ngettext


def result() -> None:
    ticket: Ticket = st.session_state["ticket"]
    name = ticket.first_name
    if ticket.already_checked_in:
        title = _("You're already checked in, {first_name}.", first_name=name)
    else:
        title = _("You're checked in, {first_name}!", first_name=name)
    st.title(title, anchor=False)
    queue_label = _(ticket.queue_label)
    code, place = st.columns([1, 1], vertical_alignment="center", gap="large")
    with code:
        your_ticket = html.escape(_("Your ticket"))
        st.html(
            f'<div class="ticket-label">{your_ticket}</div>'
            f'<div class="ticket" role="status" aria-label="{your_ticket}">{html.escape(ticket.ticket_code)}</div>'
        )
    with place:
        st.header(queue_label, anchor=False)
        if ticket.position is None:
            st.subheader(_("A therapist is ready for you."), anchor=False)
        else:
            ahead = ticket.position - 1
            if ahead == 0:
                people = _("You're next")
            else:
                people = ngettext("{count} person ahead of you", "{count} people ahead of you", ahead)
            st.subheader(people, anchor=False)
            st.write(wait_words(ticket.wait))
    follow_on_phone(ticket)
    if ticket.see_front_desk:
        st.warning(
            _("Before you take a seat, please stop by the front desk so we can take good care of you today."),
            icon=":material/favorite:",
        )
    elif ticket.needs_review:
        st.info(_("A therapist will have a quick word with you before your massage."), icon=":material/favorite:")
    if st.session_state.get("without_card"):
        st.info(_("Ask at the front desk for a new card for next time."), icon=":material/badge:")
    with st.container(border=True):
        st.subheader(_("Why {queue}", queue=queue_label.lower()), anchor=False)
        st.markdown("\n".join(f"- {plain_text(reason_text(reason, language()))}" for reason in ticket.reasons))
    with st.container(key="actions", horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"):
        if not ticket.see_front_desk:
            st.write(_("Please take a seat. We'll call your ticket number."))
        st.button(_("Done"), key="result_done", type="primary", on_click=forget_everything)


def wait_words(wait: WaitEstimate | None) -> str:
    """The expected wait in the client's language: a range when unsure, never a figure past the
    clinic's cap, and no figure at all with nobody on shift to serve the queue."""
    if wait is None or wait.nobody_on_shift:
        return _("Please ask at the front desk about the wait.")
    if wait.over_cap:
        return _("It may be a while. Please ask at the front desk how long.")
    if not wait.high:
        return _("A therapist will be with you shortly.")
    if wait.is_range and wait.low:
        return _("Expected wait: about {low}–{high} minutes.", low=wait.low, high=wait.high)
    if wait.is_range:
        return ngettext("Expected wait: up to {count} minute.", "Expected wait: up to {count} minutes.", wait.high)
    return ngettext("Expected wait: about {count} minute.", "Expected wait: about {count} minutes.", wait.high)
