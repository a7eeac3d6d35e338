"""The queue board's parts: a card per visit with the taps this therapist may make, the red-flag
review form, the confirmation before acting on another therapist's client, and each action's
result (with its Undo) next to the visit it was about.

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
from kiosk_core.visits.todays_queue import QueueEntry
from kiosk_core.vocabulary import ReviewOutcome, VisitAction, VisitStatus
from kiosk_core.waits.location_waits import staff_words
from ui.staff_gate import plain, plain_line, plain_note, staff_action

_RESULTS, _ASKING = "board_results", "board_asking"
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
    st.session_state.get(_ASKING, {}).pop(visit_id, None)
    try:
        result_at(visit_id, call(**kwargs), "ok")
        return True
    except OthersClient as holder:
        # Asked next to the visit; "Yes" repeats this very call for that very therapist.
        st.session_state.setdefault(_ASKING, {})[visit_id] = (holder, what, call, kwargs)
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
    asked = st.session_state.get(_ASKING, {}).pop(visit_id, None)
    if asked is not None:
        holder, what, call, kwargs = asked
        done = _attempt(visit_id, what, call, **{**kwargs, "member": member, "confirm_for": holder.therapist_id})
        if done and call is staff_desk.move_to_queue:
            st.session_state.pop("open_visit", None)  # moved: its intake closes, as after a move without asking


@staff_action
def on_keep(member, visit_id: int) -> None:
    st.session_state.get(_ASKING, {}).pop(visit_id, None)


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
    except Unavailable:
        raise  # staff_action says the database isn't answering
    except KioskError as error:
        result_at(f"queue {queue}", str(error), "warn")


# --- Drawing -----------------------------------------------------------------------------


def describe(entry: QueueEntry) -> str:
    """One line about a visit, as markup for `plain_line`: every value escaped."""
    parts = [f"<b>{plain(entry.ticket_code)}</b>", plain(f"{entry.first_name} {entry.last_initial}.")]
    if entry.status == S.WAITING:
        parts.append(f"waiting {entry.minutes_waiting} min")
        if entry.expected_wait is not None:
            parts.append(staff_words(entry.expected_wait))
    else:
        parts.append(STATUS_WORDS[entry.status])
    if entry.therapist_name and entry.status in (S.CALLED, S.IN_SESSION, S.PAUSED):
        parts.append(f"with {plain(entry.therapist_name)}")
    parts.append(f"pain {entry.pain} · stress {entry.stress}")
    parts.append(f"speaks {plain(entry.speaks)}")
    if entry.without_card:
        parts.append("no card: print a new one at the desk")
    line = " · ".join(parts)
    if entry.to_review and entry.status in (S.WAITING, S.CALLED, S.IN_SESSION, S.PAUSED):
        return line + '<span class="staff-flag">⚑ to review</span>'
    if entry.flags and not entry.to_review:
        return line + '<span class="staff-cleared">✓ reviewed</span>'
    return line


def action_buttons(entry: QueueEntry, offers: list[str], where: str) -> None:
    row = st.container(horizontal=True)
    for action in offers:
        row.button(
            LABELS[action],
            key=f"{where}_{action}_{entry.visit_id}",
            on_click=on_action,
            args=(entry.visit_id, action),
            type="primary" if action in PRIMARY else "secondary",
        )
    row.button(
        "Open",
        key=f"{where}_open_{entry.visit_id}",
        on_click=on_open,
        args=(entry.visit_id,),
        icon=":material/description:",
    )


def review_form(entry: QueueEntry, may_clear: bool) -> None:
    """The red flags in English and the outcomes this therapist may give: one note, one tap."""
    for flag in entry.flags:
        plain_note(f"⚑ {flag}", "flag")
    st.text_input(
        "Review note (cleared) or reason (not today)",
        key=f"review_note_{entry.visit_id}",
        max_chars=500,
        placeholder="e.g. no fever now, lighter pressure / fever: rebook",
    )
    row = st.container(horizontal=True)
    if may_clear:
        row.button(
            "Cleared",
            key=f"review_cleared_{entry.visit_id}",
            on_click=on_review,
            args=(entry.visit_id, ReviewOutcome.CLEARED),
        )
    row.button(
        "Not today",
        key=f"review_not_today_{entry.visit_id}",
        on_click=on_review,
        args=(entry.visit_id, ReviewOutcome.NOT_TODAY),
    )
    if not may_clear:
        st.caption("A therapist trained in medical massage clears red flags on medical visits.")
    elif entry.status == S.CALLED:
        st.caption("Start comes after the review.")


def asking(entry: QueueEntry) -> None:
    """The question before acting on another therapist's client, naming them."""
    asked = st.session_state.get(_ASKING, {}).get(entry.visit_id)
    if asked is None:
        return
    holder, what, _, _ = asked
    plain_note(f"{holder.ticket} is {holder.therapist_name}'s client. {what} anyway?", "warn")
    row = st.container(horizontal=True)
    row.button(f"Yes: {what.lower()}", key=f"confirm_{entry.visit_id}", on_click=on_confirm, args=(entry.visit_id,))
    row.button("No", key=f"keep_{entry.visit_id}", on_click=on_keep, args=(entry.visit_id,))


def visit_card(entry: QueueEntry, board, where: str) -> None:
    """One visit: what it is, its result or question, the review, and the taps on offer."""
    recent = board.recent.get(entry.visit_id)
    with st.container(border=True, key=f"card_{where}_{entry.visit_id}"):
        plain_line(describe(entry))
        show_result(entry.visit_id, recent.said if recent else "")
        if recent and recent.undo_seconds_left:
            st.button(
                f"Undo ({recent.undo_seconds_left} s)",
                key=f"undo_{entry.visit_id}",
                on_click=on_undo,
                args=(entry.visit_id,),
                icon=":material/undo:",
            )
        if recent and recent.action == A.FINISH:  # finishing opens the way to the visit's note
            st.page_link("pages/note.py", label="Write the note", query_params={"visit": entry.visit_id})
        if entry.visit_id not in board.offers:
            return  # closed: shown only for its result and undo, in its place
        asking(entry)
        if entry.to_review:
            review_form(entry, entry.visit_id in board.clears)
        action_buttons(entry, board.offers[entry.visit_id], where)
