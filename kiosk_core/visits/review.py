"""The red-flag review: before any massage, a therapist talks with a client whose answers raised a
red flag and records the outcome: *cleared* (with a short note), or *not today* (with the reason),
which closes the visit as declined for safety. Start and resume are refused until it is cleared
(see kiosk_core.visits.actions); who, when, the outcome and the note are kept on the visit and in the
audit log."""

from datetime import datetime

from sqlmodel import Session

from kiosk_core.config import ReviewPolicy
from kiosk_core.errors import IllegalTransition, InvalidInput, NotAllowed
from kiosk_core.models import Visit, utcnow
from kiosk_core.visits.actions import confirmed, locked_visit, move, one_line, record, therapist_here
from kiosk_core.visits.transitions import OPEN, may_clear, needs_review, status_words
from kiosk_core.vocabulary import ReviewOutcome, VisitAction

DEFAULT_POLICY = ReviewPolicy()  # the clinic file's defaults, for callers without a clinic (demo, tests)
_ASK = {
    ReviewOutcome.CLEARED: "a short note on why the massage can go ahead",
    ReviewOutcome.NOT_TODAY: "the reason for not today (for example: fever, rebook)",
}


def record_review(
    *,
    session: Session,
    visit_id: int,
    therapist_id: int,
    outcome: ReviewOutcome | str,
    note: str,
    confirm_for: int | None = None,
    now: datetime | None = None,
    policy: ReviewPolicy = DEFAULT_POLICY,
) -> Visit:
    """Record a therapist's review of the visit's red flags (every flag it has now). Clearing is
    for the therapists `policy` (the clinic file's [review]) allows on the visit's queue."""
    now = now or utcnow()
    try:
        outcome = ReviewOutcome(outcome)
    except ValueError:
        raise InvalidInput(f"Unknown review outcome {outcome!r}.") from None
    note = one_line(note, _ASK[outcome], required=True)
    visit = locked_visit(session, visit_id)
    therapist = therapist_here(session, therapist_id, visit.location_id)
    if outcome == ReviewOutcome.CLEARED and not may_clear(
        visit.queue, medical_trained=therapist.medical_trained, policy=policy
    ):
        raise NotAllowed(
            "Only a therapist trained in medical massage can clear a red flag on a medical visit. "
            "Please ask one, or say not today."
        )
    codes = [flag.get("code", "") for flag in visit.flags]
    if not codes:
        raise IllegalTransition(f"{visit.ticket_code} has no red flags to review.")
    if visit.status not in OPEN:
        raise IllegalTransition(f"{visit.ticket_code} {status_words(visit.status)}, so it can't be reviewed.")
    same = (visit.review_outcome, visit.review_note, visit.reviewed_by) == (outcome, note, therapist_id)
    if same and not needs_review(visit.flags, visit.review_outcome, visit.reviewed_flags):
        return visit  # a double tap on the same review
    confirmed(session, visit, therapist_id, confirm_for)
    visit.review_outcome, visit.review_note = outcome, note
    visit.reviewed_flags, visit.reviewed_at, visit.reviewed_by = codes, now, therapist_id
    detail = f"{outcome.value} ({', '.join(codes)}): {note}"
    if outcome == ReviewOutcome.NOT_TODAY:
        move(session, visit, VisitAction.DECLINE, therapist_id, now, note)  # closed: declined for safety
    session.add(visit)
    record(session, visit, VisitAction.REVIEW, therapist_id, now, detail=detail)
    return visit
