"""The staff sign-in form: name, location, PIN. The PIN is checked by the core
(kiosk_core.screens.staff_desk.sign_in); this form only gathers it and says what came back.
Signing in starts no shift: the room is chosen with "Start shift" on the board (ui.shift_controls)."""

from collections.abc import Callable

import streamlit as st

from kiosk_core.errors import KioskError, Unavailable
from kiosk_core.screens import staff_desk
from kiosk_core.staff.therapists import StaffMember
from ui.staff_text import TRY_AGAIN, reconnecting, say, show_note


def _source() -> str:
    """Where this sign-in comes from, for the lockouts per member and source: the browser's
    network address as the server sees it (Streamlit gives none for the server's own browser).
    Not a cookie: a guesser could clear that for a fresh allowance."""
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "the server itself"


def _on_sign_in(choices, start: Callable[[StaffMember], None]) -> None:
    pin = (st.session_state.get("signin_pin") or "").strip()
    therapist_id = st.session_state.get("signin_name")
    places = dict(choices.get(therapist_id, []))
    location = st.session_state.get("signin_location") or (next(iter(places)) if len(places) == 1 else None)
    if therapist_id is None:
        say("Please choose your name.", "warn")
    elif location is None:
        say("Please choose where you are working today.", "warn")
    elif not pin:
        say("Please type your PIN.", "warn")  # an empty form is a slip, not a wrong PIN: never counted
    else:
        try:
            member = staff_desk.sign_in(therapist_id=therapist_id, pin=pin, location_slug=location, source=_source())
        except Unavailable:
            say(TRY_AGAIN, "warn")
        except KioskError as error:
            say(str(error), "warn")
        else:
            start(member)


def sign_in_page(start: Callable[[StaffMember], None]) -> None:
    """The sign-in form; `start(member)` keeps a sign-in once its PIN is right."""
    st.title("Staff sign-in", anchor=False)
    show_note()
    try:
        therapists = staff_desk.therapist_choices()
    except Unavailable:
        reconnecting()
    choices = {tid: places for tid, _, places in therapists}
    names = {tid: name for tid, name, _ in therapists}
    # Name and location sit outside the form: choosing a name shows that therapist's locations.
    st.selectbox(
        "Your name", list(names), format_func=names.get, index=None, key="signin_name", placeholder="Choose your name"
    )
    places = dict(choices.get(st.session_state.get("signin_name"), []))
    # One slot for what a name brings, so the PIN form below keeps its place: Streamlit redraws
    # a widget whose place changes, and would drop a PIN being typed.
    with st.container():
        if len(places) > 1:
            st.segmented_control(
                "Where are you working today?", list(places), format_func=places.get, key="signin_location"
            )
    # A form sends the PIN with the press of Enter or "Sign in" and never before: leaving the
    # field (Tab to the eye icon) sends nothing, and the PIN is not kept after it is sent.
    with st.form("signin", border=False, clear_on_submit=True, enter_to_submit=True):
        st.text_input("PIN", type="password", max_chars=8, key="signin_pin", autocomplete="off")
        st.form_submit_button("Sign in", type="primary", key="signin_go", on_click=_on_sign_in, args=(choices, start))
