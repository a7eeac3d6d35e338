"""The kiosk's codes: queues, visit statuses, what is done to a visit, review outcomes and red
flags. Each is stored as its value and turned into words only where it is shown (by gettext for clients, in
kiosk_core.visits.transitions and the staff screens for staff), so rewording never touches
stored data.

Also the one rule of who may serve which queue (`may_serve`): the board's buttons, the services
that refuse a tap, the wait estimate and the place in line all ask it.
"""

from enum import StrEnum


class Queue(StrEnum):
    MEDICAL = "medical"
    THERAPEUTIC = "therapeutic"


def may_serve(queue: str, *, medical_trained: bool) -> bool:
    """Whether a therapist may take a client of `queue`: the medical queue needs training in
    medical massage. An unknown queue is an error (ValueError), never quietly allowed."""
    return Queue(queue) is not Queue.MEDICAL or medical_trained


class VisitStatus(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    IN_SESSION = "in_session"
    PAUSED = "paused"  # the client stepped out mid-session and is expected back
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    WALKED_OUT = "walked_out"  # left before being seen
    DECLINED = "declined"  # a therapist's review said "not today": declined for safety
    DAY_ENDED = "day_ended"  # still open when its clinic day ended: closed by the kiosk, not a person
    MOVED = "moved"  # the client checked in at another location: the visit goes on there


# The partial unique index on visits (kiosk_core.models) and migrations 0004 and 0007 spell these out.
OPEN_STATUSES = (VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.IN_SESSION, VisitStatus.PAUSED)


class VisitAction(StrEnum):
    """What is done to a visit, as the audit log and the visit's last action (for undo) keep it.
    The state machine (kiosk_core.visits.transitions) says which statuses each may start from."""

    CALL = "call"
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    FINISH = "finish"
    REQUEUE = "requeue"  # put back in the queue
    NO_SHOW = "no_show"
    WALK_OUT = "walk_out"
    CANCEL = "cancel"
    DECLINE = "decline"  # a review's "not today"
    END_DAY = "end_day"  # the kiosk closing a visit its day left open
    MOVE_OUT = "move_out"  # the client checked in at another location
    REROUTE = "reroute"  # to the other queue
    REVIEW = "review"  # the red-flag review


class ReviewOutcome(StrEnum):
    CLEARED = "cleared"
    NOT_TODAY = "not_today"


class RedFlag(StrEnum):
    """Answers that need a therapist's review before any massage (kiosk_core.intake.routing.red_flags).
    The first eight are the safety step's answers themselves (kiosk_core.intake.questions.SAFETY):
    an answer and the flag it raises share one code. The last three come from other answers."""

    FEVER_OR_CONTAGIOUS = "fever_or_contagious"
    BLOOD_CLOT_SIGNS = "blood_clot_signs"
    PREGNANT = "pregnant"
    BLOOD_THINNERS = "blood_thinners"
    SKIN_PROBLEM = "skin_problem"
    HEART_CONDITION = "heart_condition"
    CANCER_TREATMENT = "cancer_treatment"
    NERVE_SYMPTOMS = "nerve_symptoms"
    RECENT_SURGERY = "recent_surgery"
    ACUTE_INJURY = "acute_injury"
    SEVERE_PAIN = "severe_pain"
