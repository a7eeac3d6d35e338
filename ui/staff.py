"""Staff sign-in for the staff pages: a PIN per therapist, and sign-out after inactivity."""

import time

import streamlit as st

from kiosk_core import desk
from kiosk_core.config import settings
from kiosk_core.errors import KioskError
from kiosk_core.staff import StaffMember
from ui.tablet import friendly

_MEMBER, _TOUCH = "staff_member", "staff_touch"


def touch_staff() -> None:
    st.session_state[_TOUCH] = time.monotonic()


def _idle_too_long() -> bool:
    last = st.session_state.get(_TOUCH)
    return last is not None and time.monotonic() - last > settings.staff_idle_minutes * 60


def sign_out(reason: str = "") -> None:
    member = st.session_state.get(_MEMBER)
    if member:
        desk.sign_out(member, reason=reason)
    st.session_state.clear()


@friendly
def _on_sign_in(choices) -> None:
    therapist_id = st.session_state.get("signin_name")
    if therapist_id is None:
        raise KioskError("Please choose your name.")
    places = dict(choices[therapist_id])
    location = st.session_state.get("signin_location") or (next(iter(places)) if len(places) == 1 else None)
    if location is None:
        raise KioskError("Please choose where you are working today.")
    pin = st.session_state.get("signin_pin", "")
    st.session_state["signin_pin"] = ""  # never kept, never shown again
    st.session_state[_MEMBER] = desk.sign_in(therapist_id=therapist_id, pin=pin, location_slug=location)
    st.session_state.pop("message", None)
    touch_staff()


def _sign_in_form() -> None:
    st.title("Staff sign-in", anchor=False)
    if message := st.session_state.get("message"):
        st.warning(message, icon=":material/lock:")
    therapists = desk.therapist_choices()
    choices = {tid: places for tid, _, places in therapists}
    names = {tid: name for tid, name, _ in therapists}
    st.selectbox(
        "Your name", list(names), format_func=names.get, index=None, key="signin_name", placeholder="Choose your name"
    )
    chosen = st.session_state.get("signin_name")
    places = dict(choices.get(chosen, []))
    if len(places) > 1:
        st.segmented_control(
            "Where are you working today?", list(places), format_func=places.get, key="signin_location"
        )
    st.text_input("PIN", type="password", max_chars=8, key="signin_pin", autocomplete="off")
    st.button("Sign in", type="primary", key="signin_go", on_click=_on_sign_in, args=(choices,))


def require_staff() -> StaffMember:
    """The signed-in therapist, or the sign-in form and nothing else of the page."""
    if st.session_state.get(_MEMBER) and _idle_too_long():
        sign_out("idle")
        st.session_state["message"] = "You were signed out after a quiet spell. Please sign in again."
    member = st.session_state.get(_MEMBER)
    if member is None:
        _sign_in_form()
        st.stop()
    touch_staff()  # a full run of a staff page is someone using it; the timed refreshes are fragments
    return member


def staff_bar(member: StaffMember, title: str) -> None:
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.title(title, anchor=False)
    with right:
        training = "medical and therapeutic" if member.medical_trained else "therapeutic"
        st.write(f"**{member.name}** · {member.location_name} · {training}")
        links = st.container(horizontal=True, vertical_alignment="center")
        links.page_link("pages/queue.py", label="Queue", icon=":material/groups:")
        links.page_link("pages/reports.py", label="Reports", icon=":material/bar_chart:")
        links.button("Sign out", key="sign_out", on_click=sign_out, icon=":material/logout:")


@st.fragment(run_every=5)
def staff_idle_watch() -> None:
    if st.session_state.get(_MEMBER) and _idle_too_long():
        st.rerun(scope="app")  # require_staff signs out and says why
