"""The visit state machine, in one table, and the words that explain a refusal. Pure: the
services that apply it to the database are in kiosk_core.visits.actions."""

from kiosk_core.errors import IllegalTransition, InvalidInput
from kiosk_core.models import OPEN_STATUSES, ReviewOutcome, VisitStatus

S = VisitStatus
OPEN = frozenset(OPEN_STATUSES)

# action -> (the statuses it may start from, the status it leads to, the timestamp it sets)
TRANSITIONS: dict[str, tuple[frozenset[VisitStatus], VisitStatus, str | None]] = {
    "call": (frozenset({S.WAITING}), S.CALLED, "called_at"),
    "start": (frozenset({S.CALLED}), S.IN_SESSION, "started_at"),
    "pause": (frozenset({S.IN_SESSION}), S.PAUSED, None),
    "resume": (frozenset({S.PAUSED}), S.IN_SESSION, None),
    "finish": (frozenset({S.IN_SESSION, S.PAUSED}), S.DONE, "finished_at"),
    "requeue": (frozenset({S.CALLED}), S.WAITING, None),
    "no_show": (frozenset({S.WAITING, S.CALLED}), S.NO_SHOW, "no_show_at"),
    "walk_out": (frozenset({S.WAITING, S.CALLED}), S.WALKED_OUT, "closed_at"),
    "cancel": (OPEN, S.CANCELLED, "cancelled_at"),
    # Not buttons of their own: a review's "not today", and the kiosk closing a day that ended.
    "decline": (OPEN, S.DECLINED, "closed_at"),
    "end_day": (OPEN, S.DAY_ENDED, "closed_at"),
    "move_out": (OPEN, S.MOVED, "closed_at"),  # the client checked in at another location (kiosk_core.checkin.moving)
}
# What a therapist taps on the board (see kiosk_core.visits.actions.apply_action).
TAP_ACTIONS = ("call", "start", "pause", "resume", "finish", "requeue", "no_show", "walk_out", "cancel")
# Actions that serve the client hands-on (or bring them in for it): in the medical queue only a
# therapist trained in medical massage may take them.
SERVES = frozenset({"call", "start", "resume"})
# Actions that begin or continue the massage: none while a red flag waits for a review.
NEEDS_CLEARANCE = frozenset({"start", "resume"})
# Mistakes a tap can make, that an Undo puts right for a few seconds.
UNDOABLE = frozenset({"cancel", "no_show", "walk_out", "requeue"})
CLOSED = frozenset(VisitStatus) - OPEN

_STATUS_WORDS = {
    S.WAITING: "is still waiting",
    S.CALLED: "has been called but not started",
    S.IN_SESSION: "is in session",
    S.PAUSED: "is paused while the client stepped out",
    S.DONE: "is already finished",
    S.NO_SHOW: "was marked as a no-show",
    S.CANCELLED: "was cancelled",
    S.WALKED_OUT: "walked out",
    S.DECLINED: "was declined for safety after the review",
    S.DAY_ENDED: "was closed when its day ended",
    S.MOVED: "was moved to another location",
}
ACTION_WORDS = {
    "call": "called",
    "start": "started",
    "pause": "paused",
    "resume": "resumed",
    "finish": "finished",
    "requeue": "put back in the queue",
    "no_show": "marked as a no-show",
    "walk_out": "marked as walked out",
    "cancel": "cancelled",
    "decline": "declined",
    "end_day": "closed for the day",
    "move_out": "moved to another location",
    "reroute": "moved to the other queue",
    "review": "reviewed",
}


def status_words(status: VisitStatus) -> str:
    return _STATUS_WORDS[VisitStatus(status)]


def next_status(current: VisitStatus, action: str, *, ticket: str = "This visit") -> VisitStatus:
    """The status after `action`, or IllegalTransition saying why not, in words."""
    if action not in TRANSITIONS:
        raise InvalidInput(f"Unknown action {action!r}.")
    allowed_from, target, _ = TRANSITIONS[action]
    if current not in allowed_from:
        raise IllegalTransition(f"{ticket} {status_words(current)}, so it can't be {ACTION_WORDS[action]}.")
    return target


def needs_review(flags: list[dict], outcome: str | None, reviewed_flags: list[str]) -> bool:
    """A visit with red flags is "to review" until a therapist clears every one of them; a flag
    added after the review (a second check-in) asks for a review again."""
    codes = {flag.get("code", "") for flag in flags}
    return bool(codes) and not (outcome == ReviewOutcome.CLEARED and codes <= set(reviewed_flags))


def may_serve(queue: str, medical_trained: bool) -> bool:
    return queue != "medical" or medical_trained


def offered_actions(status: VisitStatus, *, queue: str, medical_trained: bool, to_review: bool) -> list[str]:
    """The taps a board offers one therapist for one visit: those the services would accept,
    in the board's order."""
    status = VisitStatus(status)
    actions = []
    for action in TAP_ACTIONS:
        allowed_from, _, _ = TRANSITIONS[action]
        if status not in allowed_from:
            continue
        if action in SERVES and not may_serve(queue, medical_trained):
            continue
        if action in NEEDS_CLEARANCE and to_review:
            continue
        actions.append(action)
    return actions
