"""Forgot your card? A returning client gives their name and the phone number or e-mail they
registered with, and checks in as themselves: nothing stored is shown, today's questions are
asked fresh, and the ticket says a new card can be printed at the desk."""

import streamlit as st

from kiosk_core.clients.recognition import AskFirstName
from kiosk_core.config import ClinicConfig
from kiosk_core.errors import InvalidInput
from kiosk_core.i18n import N_
from kiosk_core.screens import forgot_card
from ui.tablet_screens.register import form_fields, keep_within, recognised
from ui.tablet_session import _, forget_everything, friendly, go, say, show_message

FIELDS = (
    ("first_name", N_("First name"), 60),
    ("last_name", N_("Last name"), 60),
    ("contact", N_("Mobile phone or e-mail"), 254),
)
AGAIN = "forgot_first_name_again"  # shown when several registered people share the details


def on_find(clinic: ClinicConfig) -> None:
    if st.session_state.get("client_id"):  # a double tap: found by the first one
        go("intake")
        return
    form = {field: st.session_state.get(f"forgot_{field}", "") for field, _label, _limit in FIELDS}
    again = st.session_state.get(AGAIN, "") if st.session_state.get("ask_first_name") else ""
    try:
        found = forgot_card.find_without_card(
            form,
            clinic=clinic,
            location_slug=st.session_state["location_slug"],
            device=st.session_state["device"],
            first_name_again=again,
        )
    except InvalidInput as error:
        st.session_state["problems"] = error.problems
        say(error.said)
        return
    except AskFirstName as error:
        st.session_state["ask_first_name"] = True
        say(error.said)
        return
    recognised(found)


def forgot(clinic: ClinicConfig) -> None:
    st.title(_("Forgot your card? No problem"), anchor=False)
    st.write(_("Type your name and the mobile phone or e-mail you gave on your first visit."))
    show_message()
    form_fields("forgot_", FIELDS, keep_within)
    with st.container(key="actions", horizontal=True, horizontal_alignment="distribute"):
        st.button(_("Back"), key="forgot_back", on_click=forget_everything)
        st.button(_("Find me"), key="forgot_next", type="primary", on_click=friendly(on_find), args=(clinic,))
