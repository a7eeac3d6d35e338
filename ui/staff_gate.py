"""The staff pages' gate: the sign-in kept on this tab, the check of the member's authority on
every run, and the callbacks that act only for the member signed in now.

Signed in means *now*: every staff fragment and widget callback asks `on_shift()` afresh on each
run. A `run_every` fragment stays registered after sign-out, and its timer (or a replayed rerun
message) runs it again with whatever it closed over; a member kept in a variable would keep reading.
And *now* is the database's word, not this tab's: every page run and every core call reads the
member's authority again (kiosk_core.staff.authority); when it no longer holds, the tab signs
out and says why ("Your access was changed by an admin").
"""

import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn

import streamlit as st

from kiosk_core.config import settings
from kiosk_core.errors import KioskError, NotAllowed, StorageFull, Unavailable
from kiosk_core.screens import staff_desk
from kiosk_core.staff.authority import Authority, RoleNeeded, SignedOut
from kiosk_core.staff.roles import NEEDS, Need, Role
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.vocabulary import Queue, may_serve
from ui.paced_refresh import PACED_RERUN
from ui.staff_signin import sign_in_page
from ui.staff_text import (  # noqa: F401  (offered to the pages from here, with the gate)
    RECONNECTING,
    STAFF_CSS,
    STORAGE_FULL,
    TRY_AGAIN,
    plain,
    plain_heading,
    plain_line,
    plain_note,
    reconnecting,
    say,
    show_note,
)

log = logging.getLogger("kiosk")

_SHIFT = "staff_shift"


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


def left(error: SignedOut) -> NoReturn:
    """The sign-in no longer holds (an admin's change, a sign-in elsewhere, the day's end): sign
    this tab out, say why, and show the sign-in form. For a page's or a fragment's run."""
    ended(error)
    st.rerun(scope="app")


def ended(error: SignedOut) -> None:
    """`left` for a widget callback, which Streamlit reruns by itself."""
    sign_out("access_changed")
    say(str(error), "warn")


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
        except StorageFull:
            say(STORAGE_FULL, "flag")
        except Unavailable:
            log.warning("staff action %s: the database is not answering", action.__name__)
            say(TRY_AGAIN, "warn")
        except SignedOut as error:
            ended(error)
        except KioskError as error:
            say(str(error), "warn")
        except Exception:
            log.exception("staff action %s failed", action.__name__)
            say(KioskError.message, "warn")

    return run


def while_on_shift(read: Callable[[StaffMember], object]) -> Callable[[], object]:
    """A read Streamlit runs later without the page (a download made on click, in another
    thread): it runs only while the sign-in that offered it lasts (and the core checks the
    member's authority again)."""
    shift = st.session_state.get(_SHIFT)

    def run():
        if shift is None or shift.ended or shift.idle():
            raise NotAllowed("Please sign in again.")
        return read(shift.member)

    return run


def require_staff(need: Need, title: str) -> tuple[StaffMember, Authority]:
    """The signed-in member and their authority now, with the page's bar; or the sign-in form
    (with why, if the sign-in stopped holding) and nothing else of the page. A member without a
    role `need` allows sees the bar and why, and nothing else."""
    st.html(f"<style>{STAFF_CSS}</style>")
    member = on_shift()
    if member is None:
        sign_in_page(lambda signed_in: st.session_state.__setitem__(_SHIFT, Shift(signed_in)))
        st.stop()
    try:
        who = staff_desk.access(member=member)
    except Unavailable:
        reconnecting()
    except SignedOut as error:
        left(error)
    if not st.session_state.pop(PACED_RERUN, False):
        touch_staff()  # a full run of a staff page is someone using it; the timed refreshes are fragments
    staff_bar(who, title)
    if not who.may(need):
        changed = member.is_admin and Role.ADMIN in NEEDS[need]  # only the words: an admin demoted since
        plain_note(str(RoleNeeded(need, changed=changed)), "warn")
        staff_idle_watch()
        st.stop()
    return member, who


def member_or_leave() -> StaffMember:
    """For a staff fragment, on each of its runs: the signed-in therapist, or a rerun of the
    whole page, which shows the sign-in form and nothing else."""
    member = on_shift()
    if member is None:
        st.rerun(scope="app")
    return member


def storage_banner() -> None:
    """Red, on every staff page and board refresh, while this server meets a full database."""
    if staff_desk.storage_alert():
        plain_note(STORAGE_FULL, "flag")


def staff_bar(who: Authority, title: str) -> None:
    """The page's title, who is signed in (as the database says now) and the pages they may open."""
    storage_banner()
    left_side, right = st.columns([3, 2], vertical_alignment="center")
    left_side.title(title, anchor=False)
    with right:
        training = ""
        if who.may(Need.VISIT_TAP):
            queues = " and ".join(q for q in Queue if may_serve(q, medical_trained=who.medical_trained))
            training = f" · {queues}"
        room = f" · {plain(who.room)}" if who.room else ""
        plain_line(f"<b>{plain(who.name)}</b> · {plain(who.location_name)}{room}{training}")
        links = st.container(horizontal=True, vertical_alignment="center")
        if who.may(Need.BOARD):
            links.page_link("pages/queue.py", label="Queue", icon=":material/groups:")
        if who.may(Need.INTAKE):
            links.page_link("pages/chart.py", label="Clients", icon=":material/monitoring:")
        if who.may(Need.REPORTS):
            links.page_link("pages/reports.py", label="Reports", icon=":material/bar_chart:")
        if who.may(Need.ACCOUNTS) or who.may(Need.LOST_CARD):
            links.page_link("pages/admin.py", label="Admin", icon=":material/admin_panel_settings:")
        links.button("Sign out", key="sign_out", on_click=sign_out, icon=":material/logout:")


@st.fragment(run_every=5)
def staff_idle_watch() -> None:
    member_or_leave()  # signs out a quiet therapist and shows the sign-in form
