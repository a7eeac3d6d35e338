"""A client already checked in at another location today: move the visit here in one tap."""

import streamlit as st

from kiosk_core.config import ClinicConfig, LocationConfig
from kiosk_core.screens import tablet
from ui.tablet_session import _, forget_everything, friendly, go, show_message


@friendly
def on_move(clinic: ClinicConfig, location: LocationConfig) -> None:
    if not st.session_state.get("ticket"):  # a double tap: moved by the first one
        st.session_state["ticket"] = tablet.move_visit_here(
            clinic=clinic, client_id=st.session_state["client_id"], location_slug=location.slug
        )
    go("result")


def elsewhere(clinic: ClinicConfig, location: LocationConfig) -> None:
    found = st.session_state["elsewhere"]
    st.title(_("Hi {first_name}! You're already checked in today", first_name=st.session_state["first_name"]))
    show_message()
    st.header(_("At {location}, with ticket {ticket}.", location=found.location_name, ticket=found.ticket_code))
    st.write(_("Would you like to be seen here instead? You'll get a new ticket here, with the same answers."))
    with st.container(key="actions", horizontal=True, horizontal_alignment="distribute"):
        st.button(_("Not now"), key="elsewhere_no", on_click=forget_everything)
        st.button(
            _("Move my visit to {location}", location=location.name),
            key="elsewhere_move",
            type="primary",
            on_click=on_move,
            args=(clinic, location),
        )
