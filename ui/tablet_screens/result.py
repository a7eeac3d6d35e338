"""The ticket: the queue and why, the place in line and the wait."""

import html

import streamlit as st

from kiosk_core.checkin.check_in import Ticket
from kiosk_core.intake.wording import reason_text
from kiosk_core.waits.estimate import WaitEstimate
from kiosk_core.waits.telling import Said, place_and_wait
from ui.kiosk_style import plain_text
from ui.tablet_screens.phone_ticket import follow_on_phone
from ui.tablet_session import _, forget_everything, language, ngettext


def result() -> None:
    ticket: Ticket = st.session_state["ticket"]
    # Recognised without a card: the name as they typed it, never the stored one (kiosk_core.clients.recognition).
    name = st.session_state.get("first_name", "") if st.session_state.get("without_card") else ticket.first_name
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
            people, wait = place_and_wait_words(ticket.position, ticket.wait)
            st.subheader(people, anchor=False)
            st.write(wait)
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


def told(said: Said) -> str:
    """A line of kiosk_core.waits.telling in the client's language."""
    if isinstance(said.message, tuple):
        return ngettext(*said.message, said.count, **{k: v for k, v in said.values.items() if k != "count"})
    return _(said.message, **said.values)


def place_and_wait_words(position: int, wait: WaitEstimate | None) -> tuple[str, str]:
    """The place in line and the expected wait, by the one rule that keeps them from contradicting."""
    place, wait_line = place_and_wait(position - 1, wait)
    return told(place), told(wait_line)
