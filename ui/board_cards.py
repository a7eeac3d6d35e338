"""The queue board's taps (callbacks) and each one's result (with its Undo) next to the visit it
was about; the list is drawn by ui.board_list, the selected client's pane by ui.board_detail.

Results live in session_state with an expiry, not in a one-shot note: the board refreshes every
2 seconds and a note popped by one run would be gone before anyone read it. Like every staff
callback, these act only for the therapist signed in now (ui.staff_gate.staff_action).
"""

import time

import streamlit as st

from kiosk_core.config import settings
from kiosk_core.errors import KioskError, Unavailable
from kiosk_core.screens import staff_desk
from kiosk_core.visits.actions import OthersClient
from kiosk_core.vocabulary import ReviewOutcome, VisitAction, VisitStatus
from ui.staff_gate import plain_note, staff_action

_RESULTS, ASKING, FOLLOW_CALL = "board_results", "board_asking", "board_follow_call"
S, A = VisitStatus, VisitAction
STATUS_WORDS = {
    S.WAITING: "waiting",
    S.CALLED: "called",
    S.IN_SESSION: "in session",
    S.PAUSED: "paused: stepped out",
    S.DONE: "finished",
    S.NO_SHOW: "no-show",
    S.CANCELLED: "cancelled",
    S.WALKED_OUT: "walked out",
    S.DECLINED: "not today: declined for safety",
    S.DAY_ENDED: "not seen: day ended",
    S.MOVED: "moved to another location",
}
LABELS = {
    A.CALL: "Call",
    A.START: "Start",
    A.PAUSE: "Pause",
    A.RESUME: "Resume",
    A.FINISH: "Finish",
    A.REQUEUE: "Put back",
    A.NO_SHOW: "No-show",
    A.WALK_OUT: "Walked out",
    A.CANCEL: "Cancel",
}
PRIMARY = {A.CALL, A.START, A.RESUME, A.FINISH}
STYLE = """<style>
.staff-cleared { display: inline-block; margin-left: 0.5rem; padding: 0 0.6rem; border-radius: 0.8rem;
  background: #e3f2e6; color: #14532d; font-size: 0.9em; font-weight: 600; }
</style>"""


# --- Results next to the visit ----------------------------------------------------------


def result_at(key: object, text: str, kind: str) -> None:
    """Show `text` next to `key` (a visit id, or a queue's name) for the undo window."""
    st.session_state.setdefault(_RESULTS, {})[key] = (text, kind, time.monotonic() + settings.undo_seconds)


def show_result(key: object, fallback: str = "") -> None:
    results = st.session_state.get(_RESULTS, {})
    text, kind, until = results.get(key, (fallback, "ok", float("inf")))
    if time.monotonic() > until:
        results.pop(key, None)
        text, kind = fallback, "ok"
    if text:
        plain_note(text, kind)


def _attempt(visit_id: int, what: str, call, /, **kwargs) -> bool:
    """Run one desk call for a visit; its result, refusal or question goes next to that visit.
    `what`: the tap, in words, for the question "... anyway?". True if it was done."""
    st.session_state.get(ASKING, {}).pop(visit_id, None)
    try:
        result_at(visit_id, call(**kwargs), "ok")
        return True
    except OthersClient as holder:
        # Asked next to the visit; "Yes" repeats this very call for that very therapist.
        st.session_state.setdefault(ASKING, {})[visit_id] = (holder, what, call, kwargs)
        st.session_state.get(_RESULTS, {}).pop(visit_id, None)
    except Unavailable:
        raise  # staff_action says the database isn't answering
    except KioskError as error:
        result_at(visit_id, str(error), "warn")
    return False


# --- Callbacks ---------------------------------------------------------------------------


@staff_action
def on_action(member, visit_id: int, action: VisitAction) -> None:
    reason = st.session_state.get(f"walk_out_reason_{visit_id}", "") if action == A.WALK_OUT else ""
    _attempt(visit_id, LABELS[action], staff_desk.act, member=member, visit_id=visit_id, action=action, reason=reason)


@staff_action
def on_review(member, visit_id: int, outcome: str) -> None:
    note = st.session_state.get(f"review_note_{visit_id}", "")
    what = "Clear" if outcome == ReviewOutcome.CLEARED else "Say not today"
    _attempt(visit_id, what, staff_desk.review, member=member, visit_id=visit_id, outcome=outcome, note=note)


@staff_action
def on_reroute(member, visit_id: int, to_queue: str) -> None:
    reason = st.session_state.get(f"reroute_reason_{visit_id}", "")
    kwargs = {"member": member, "visit_id": visit_id, "to_queue": to_queue, "reason": reason}
    if _attempt(visit_id, f"Move to {to_queue}", staff_desk.move_to_queue, **kwargs):
        st.session_state.pop("open_visit", None)


@staff_action
def on_undo(member, visit_id: int) -> None:
    _attempt(visit_id, "Undo", staff_desk.undo, member=member, visit_id=visit_id)


@staff_action
def on_confirm(member, visit_id: int) -> None:
    asked = st.session_state.get(ASKING, {}).pop(visit_id, None)
    if asked is not None:
        holder, what, call, kwargs = asked
        done = _attempt(visit_id, what, call, **{**kwargs, "member": member, "confirm_for": holder.therapist_id})
        if done and call is staff_desk.move_to_queue:
            st.session_state.pop("open_visit", None)  # moved: its intake closes, as after a move without asking


@staff_action
def on_keep(member, visit_id: int) -> None:
    st.session_state.get(ASKING, {}).pop(visit_id, None)


@staff_action
def on_open(member, visit_id: int) -> None:
    st.session_state["open_visit"] = staff_desk.open_visit(member=member, visit_id=visit_id)


@staff_action
def on_close(member) -> None:
    st.session_state.pop("open_visit", None)


@staff_action
def on_call_next(member, queue: str) -> None:
    try:
        staff_desk.call_next_client(member=member, queue=queue)  # its result shows next to the visit called
        st.session_state[FOLLOW_CALL] = True  # the pane turns to the client called
    except Unavailable:
        raise  # staff_action says the database isn't answering
    except KioskError as error:
        result_at(f"queue {queue}", str(error), "warn")
