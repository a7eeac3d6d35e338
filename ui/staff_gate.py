"""The staff pages' shared parts: PIN sign-in, the check that keeps client data behind it,
plain text for anything from the database, and a calm wait while the database is away.

Signed in means *now*: every staff fragment and widget callback asks `on_shift()` afresh on each
run. A `run_every` fragment stays registered after sign-out, and its timer (or a replayed rerun
message) runs it again with whatever it closed over; a member kept in a variable would keep reading.
"""

import functools
import html
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

import streamlit as st

from kiosk_core.config import settings
from kiosk_core.errors import KioskError, NotAllowed, Unavailable
from kiosk_core.screens import staff_desk
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.vocabulary import Queue, may_serve

log = logging.getLogger("kiosk")

_SHIFT, _NOTE, _RETRY = "staff_shift", "staff_note", "staff_retry"
_CSS = (Path(__file__).parent / "staff.css").read_text(encoding="utf-8")
RECONNECTING = "Reconnecting… The clinic's database isn't answering. This page carries on by itself when it's back."
TRY_AGAIN = "The clinic's database isn't answering. Please try again in a moment."


# --- Sign-in, sign-out and the check on every run ------------------------------------


@dataclass
class Shift:
    """One sign-in on one browser tab."""

    member: StaffMember
    touched: float = field(default_factory=time.monotonic)
    ended: bool = False  # set at sign-out: a download offered during the shift checks it
    seen: set[str] = field(default_factory=set)  # reads audited once per sign-in (the board)

    def idle(self) -> bool:
        return time.monotonic() - self.touched > settings.staff_idle_minutes * 60


def on_shift() -> StaffMember | None:
    """The therapist signed in on this tab right now, or None (signing out one who went quiet)."""
    shift = st.session_state.get(_SHIFT)
    if shift is None or shift.ended:
        return None
    if shift.idle():
        sign_out("idle")
        say("You were signed out after a quiet spell. Please sign in again.", "warn")
        return None
    return shift.member


def touch_staff() -> None:
    if shift := st.session_state.get(_SHIFT):
        shift.touched = time.monotonic()


def sign_out(reason: str = "") -> None:
    shift = st.session_state.get(_SHIFT)
    st.session_state.clear()
    if shift is None or shift.ended:
        return
    shift.ended = True  # first: nothing that still holds this shift may read again
    try:
        staff_desk.sign_out(shift.member, reason=reason)
    except Exception:
        log.exception("the sign-out was not audited")  # the therapist is signed out all the same


def first_look(what: str) -> bool:
    """True until `seen(what)`: the board refreshes every 2 s but its view is audited once."""
    shift = st.session_state.get(_SHIFT)
    return shift is not None and what not in shift.seen


def seen(what: str) -> None:
    if shift := st.session_state.get(_SHIFT):
        shift.seen.add(what)


def say(text: str, kind: str = "info") -> None:
    """A note for the next run of the page, shown by `show_note`."""
    st.session_state[_NOTE] = (text, kind)


def show_note() -> None:
    if note := st.session_state.pop(_NOTE, None):
        plain_note(*note)


def staff_action(action: Callable) -> Callable:
    """A widget callback that acts only for the therapist signed in now, passed as its first
    argument; a domain error or an outage becomes a note, never a traceback."""

    @functools.wraps(action)
    def run(*args) -> None:
        member = on_shift()
        if member is None:
            return  # signed out (or a replayed click): nothing is done, nothing is read
        touch_staff()
        try:
            action(member, *args)
        except Unavailable:
            log.warning("staff action %s: the database is not answering", action.__name__)
            say(TRY_AGAIN, "warn")
        except KioskError as error:
            say(str(error), "warn")
        except Exception:
            log.exception("staff action %s failed", action.__name__)
            say(KioskError.message, "warn")

    return run


def while_on_shift(read: Callable[[StaffMember], object]) -> Callable[[], object]:
    """A read Streamlit runs later without the page (a download made on click, in another
    thread): it runs only while the sign-in that offered it lasts."""
    shift = st.session_state.get(_SHIFT)

    def run():
        if shift is None or shift.ended or shift.idle():
            raise NotAllowed("Please sign in again.")
        return read(shift.member)

    return run


def _on_sign_in(choices) -> None:
    pin = (st.session_state.get("signin_pin") or "").strip()
    therapist_id = st.session_state.get("signin_name")
    places = dict(choices.get(therapist_id, []))
    location = st.session_state.get("signin_location") or (next(iter(places)) if len(places) == 1 else None)
    room = st.session_state.get(f"signin_room_{location}") or ""
    if therapist_id is None:
        say("Please choose your name.", "warn")
    elif location is None:
        say("Please choose where you are working today.", "warn")
    elif not pin:
        say("Please type your PIN.", "warn")  # an empty form is a slip, not a wrong PIN: never counted
    else:
        try:
            if f"signin_room_{location}" not in st.session_state:  # Enter before the rooms were drawn:
                room = _first_free(*staff_desk.rooms(location))  # the room that would have come chosen
            member = staff_desk.sign_in(therapist_id=therapist_id, pin=pin, location_slug=location, room=room)
        except Unavailable:
            say(TRY_AGAIN, "warn")
        except KioskError as error:
            say(str(error), "warn")
        else:
            st.session_state[_SHIFT] = Shift(member)


def _sign_in_page() -> None:
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
        location = st.session_state.get("signin_location") or (next(iter(places)) if len(places) == 1 else None)
        if location is not None:
            _room_choice(location)
    # A form sends the PIN with the press of Enter or "Sign in" and never before: leaving the
    # field (Tab to the eye icon) sends nothing, and the PIN is not kept after it is sent.
    with st.form("signin", border=False, clear_on_submit=True, enter_to_submit=True):
        st.text_input("PIN", type="password", max_chars=8, key="signin_pin", autocomplete="off")
        st.form_submit_button("Sign in", type="primary", key="signin_go", on_click=_on_sign_in, args=(choices,))


def _room_choice(location_slug: str) -> None:
    """The rooms of the location, if it has any: the first nobody is working in comes chosen."""
    try:
        rooms, taken = staff_desk.rooms(location_slug)
    except Unavailable:
        reconnecting()
    if not rooms:
        return
    free = _first_free(rooms, taken)

    def label(room: str) -> str:
        return f"{room} ({taken[room]})" if room in taken else room

    st.segmented_control("Your room", rooms, format_func=label, default=free, key=f"signin_room_{location_slug}")


def _first_free(rooms: list[str], taken: dict) -> str:
    return next((room for room in rooms if room not in taken), rooms[0]) if rooms else ""


def require_staff() -> StaffMember:
    """The signed-in therapist, or the sign-in form and nothing else of the page."""
    st.html(f"<style>{_CSS}</style>")
    member = on_shift()
    if member is None:
        _sign_in_page()
        st.stop()
    touch_staff()  # a full run of a staff page is someone using it; the timed refreshes are fragments
    return member


def member_or_leave() -> StaffMember:
    """For a staff fragment, on each of its runs: the signed-in therapist, or a rerun of the
    whole page, which shows the sign-in form and nothing else."""
    member = on_shift()
    if member is None:
        st.rerun(scope="app")
    return member


def staff_bar(member: StaffMember, title: str) -> None:
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.title(title, anchor=False)
    with right:
        training = " and ".join(queue for queue in Queue if may_serve(queue, medical_trained=member.medical_trained))
        room = f" · {plain(member.room)}" if member.room else ""
        plain_line(f"<b>{plain(member.name)}</b> · {plain(member.location_name)}{room} · {training}")
        links = st.container(horizontal=True, vertical_alignment="center")
        links.page_link("pages/queue.py", label="Queue", icon=":material/groups:")
        links.page_link("pages/chart.py", label="Clients", icon=":material/monitoring:")
        links.page_link("pages/reports.py", label="Reports", icon=":material/bar_chart:")
        if member.is_admin:
            links.page_link("pages/admin.py", label="Admin", icon=":material/admin_panel_settings:")
        links.button("Sign out", key="sign_out", on_click=sign_out, icon=":material/logout:")


@st.fragment(run_every=5)
def staff_idle_watch() -> None:
    member_or_leave()  # signs out a quiet therapist and shows the sign-in form


# --- Plain text ------------------------------------------------------------------------
# Names, answers, notes and reasons come from people. Markdown would turn them into links,
# bold or coloured text (escaping does not stop GFM's bare-URL links), so they are drawn as
# HTML-escaped text with st.html, which runs no scripts; only the markup around them is ours.


def plain(text: object) -> str:
    return html.escape(str(text), quote=True)


def plain_line(markup: str) -> None:
    """One line; `markup` is ours, with every value in it passed through `plain`."""
    st.html(f'<p class="staff-line">{markup}</p>')


def plain_heading(text: str) -> None:
    st.html(f'<h3 class="staff-heading">{plain(text)}</h3>')


def plain_note(text: str, kind: str = "info") -> None:
    role = "alert" if kind in ("warn", "flag") else "status"
    st.html(f'<div class="staff-note staff-note-{kind}" role="{role}">{plain(text)}</div>')


# --- The database away -----------------------------------------------------------------


def reconnecting() -> NoReturn:
    """Say so calmly instead of an error box, and run the page again every few seconds until
    its own read succeeds (no separate probe: one that passed while the page's read still
    failed would rerun the page in a tight loop)."""
    st.html(f"<style>{_CSS}</style>")  # pages without a sign-in (status) have no staff style yet
    plain_note(RECONNECTING)
    st.session_state[_RETRY] = 0
    _retry_soon()
    st.stop()


@st.fragment(run_every=3)
def _retry_soon() -> None:
    st.session_state[_RETRY] = st.session_state.get(_RETRY, 0) + 1
    if st.session_state[_RETRY] > 1:  # a timer tick; the first call is the page's own run
        st.rerun(scope="app")
