"""The visit state machine, in one table, and the words that explain a refusal. Pure: the
services that apply it to the database are in kiosk_core.visits.actions."""

from kiosk_core.config import ReviewPolicy
from kiosk_core.errors import IllegalTransition, InvalidInput
from kiosk_core.vocabulary import OPEN_STATUSES, Queue, ReviewOutcome, VisitAction, VisitStatus, may_serve

S, A = VisitStatus, VisitAction
OPEN = frozenset(OPEN_STATUSES)

# action -> (the statuses it may start from, the status it leads to, the timestamp it sets)
TRANSITIONS: dict[VisitAction, tuple[frozenset[VisitStatus], VisitStatus, str | None]] = {
    A.CALL: (frozenset({S.WAITING}), S.CALLED, "called_at"),
    A.START: (frozenset({S.CALLED}), S.IN_SESSION, "started_at"),
    A.PAUSE: (frozenset({S.IN_SESSION}), S.PAUSED, None),
    A.RESUME: (frozenset({S.PAUSED}), S.IN_SESSION, None),
    A.FINISH: (frozenset({S.IN_SESSION, S.PAUSED}), S.DONE, "finished_at"),
    A.REQUEUE: (frozenset({S.CALLED}), S.WAITING, None),
    A.NO_SHOW: (frozenset({S.WAITING, S.CALLED}), S.NO_SHOW, "no_show_at"),
    A.WALK_OUT: (frozenset({S.WAITING, S.CALLED}), S.WALKED_OUT, "closed_at"),
    A.CANCEL: (OPEN, S.CANCELLED, "cancelled_at"),
    # Not buttons of their own: a review's "not today", and the kiosk closing a day that ended.
    A.DECLINE: (OPEN, S.DECLINED, "closed_at"),
    A.END_DAY: (OPEN, S.DAY_ENDED, "closed_at"),
    A.MOVE_OUT: (OPEN, S.MOVED, "closed_at"),  # the client checked in at another location (kiosk_core.checkin.moving)
}
# What a therapist taps on the board (see kiosk_core.visits.actions.apply_action).
TAP_ACTIONS = (A.CALL, A.START, A.PAUSE, A.RESUME, A.FINISH, A.REQUEUE, A.NO_SHOW, A.WALK_OUT, A.CANCEL)
# Actions that serve the client hands-on (or bring them in for it): in the medical queue only a
# therapist trained in medical massage may take them.
SERVES = frozenset({A.CALL, A.START, A.RESUME})
# Actions that begin or continue the massage: none while a red flag waits for a review.
NEEDS_CLEARANCE = frozenset({A.START, A.RESUME})
# Mistakes a tap can make, that an Undo puts right for a few seconds.
UNDOABLE = frozenset({A.CANCEL, A.NO_SHOW, A.WALK_OUT, A.REQUEUE})
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
    A.CALL: "called",
    A.START: "started",
    A.PAUSE: "paused",
    A.RESUME: "resumed",
    A.FINISH: "finished",
    A.REQUEUE: "put back in the queue",
    A.NO_SHOW: "marked as a no-show",
    A.WALK_OUT: "marked as walked out",
    A.CANCEL: "cancelled",
    A.DECLINE: "declined",
    A.END_DAY: "closed for the day",
    A.MOVE_OUT: "moved to another location",
    A.REROUTE: "moved to the other queue",
    A.REVIEW: "reviewed",
}


def status_words(status: VisitStatus) -> str:
    return _STATUS_WORDS[VisitStatus(status)]


def next_status(current: VisitStatus, action: VisitAction, *, ticket: str = "This visit") -> VisitStatus:
    """The status after `action`, or IllegalTransition saying why not, in words."""
    if action not in TRANSITIONS:
        raise InvalidInput(f"Unknown action {action!r}.")
    allowed_from, target, _ = TRANSITIONS[action]
    if current not in allowed_from:
        raise IllegalTransition(f"{ticket} {status_words(current)}, so it can't be {ACTION_WORDS[action]}.")
    return target


def may_clear(queue: str, *, medical_trained: bool, policy: ReviewPolicy) -> bool:
    """Whether this therapist may clear a red flag on a visit of `queue` (clinic policy, the
    clinic file's [review]); "not today" needs no such check."""
    who = policy.medical if queue == Queue.MEDICAL else policy.therapeutic
    return who == "any" or medical_trained


def needs_review(flags: list[dict], outcome: str | None, reviewed_flags: list[str]) -> bool:
    """A visit with red flags is "to review" until a therapist clears every one of them; a flag
    added after the review (a second check-in) asks for a review again."""
    codes = {flag.get("code", "") for flag in flags}
    return bool(codes) and not (outcome == ReviewOutcome.CLEARED and codes <= set(reviewed_flags))


def offered_actions(status: VisitStatus, *, queue: str, medical_trained: bool, to_review: bool) -> list[VisitAction]:
    """The taps a board offers one therapist for one visit: those the services would accept,
    in the board's order."""
    status = VisitStatus(status)
    actions = []
    for action in TAP_ACTIONS:
        allowed_from, _, _ = TRANSITIONS[action]
        if status not in allowed_from:
            continue
        if action in SERVES and not may_serve(queue, medical_trained=medical_trained):
            continue
        if action in NEEDS_CLEARANCE and to_review:
            continue
        actions.append(action)
    return actions
