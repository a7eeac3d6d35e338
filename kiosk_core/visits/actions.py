"""What therapists do to a visit (call, start, pause, resume, finish, put back, no-show, walk-out,
cancel, move to the other queue, undo), each recorded with who and when.

The rules are kept here, whatever screen asks: medical training for every action that serves a
medical visit; no start or resume while a red flag waits for its review; a confirmation naming
the therapist before acting on a client another therapist holds; an undo only for a few seconds.
"""

from datetime import datetime

from sqlmodel import Session, select

from kiosk_core.clock import clinic_day, minutes_between
from kiosk_core.errors import IllegalTransition, InvalidInput, NotAllowed, NotFound
from kiosk_core.locations import location_by_slug
from kiosk_core.models import AuditEvent, RecentAction, SessionPeriod, Therapist, TherapistLocation, Visit, utcnow
from kiosk_core.staff.shifts import room_of
from kiosk_core.text import no_control_characters
from kiosk_core.visits.transitions import (
    ACTION_WORDS,
    NEEDS_CLEARANCE,
    SERVES,
    TAP_ACTIONS,
    TRANSITIONS,
    UNDOABLE,
    needs_review,
    next_status,
    status_words,
)
from kiosk_core.vocabulary import Queue, VisitAction, VisitStatus, may_serve

S, A = VisitStatus, VisitAction
REASON_MAX = 500


class OthersClient(NotAllowed):
    """The visit is held by another therapist: ask, naming them, and act with `confirm_for`."""

    def __init__(self, ticket: str, therapist_id: int, name: str):
        super().__init__(f"{ticket} is {name}'s client.")
        self.ticket, self.therapist_id, self.therapist_name = ticket, therapist_id, name


def one_line(text: str, what: str, *, required: bool) -> str:
    """A reason or note as one line of plain words, spaces tidied; refused if too long (or empty)."""
    text = " ".join((text or "").split())  # tabs and line breaks fold into spaces: one line
    if required and not text:
        raise InvalidInput(f"Please write {what}.")
    try:
        no_control_characters(text)  # a NUL breaks PostgreSQL; a bidi override makes a note lie
    except ValueError:
        raise InvalidInput(f"Please remove special characters from {what}.") from None
    if len(text) > REASON_MAX:
        raise InvalidInput(f"Please keep {what} under {REASON_MAX} characters.")
    return text


def therapist_here(session: Session, therapist_id: int, location_id: int) -> Therapist:
    therapist = session.get(Therapist, therapist_id)
    if therapist is None or not therapist.active:
        raise NotAllowed("Please sign in again.")
    if session.get(TherapistLocation, (therapist_id, location_id)) is None:
        raise NotAllowed(f"{therapist.name} doesn't work at this location.")
    return therapist


def must_serve(therapist: Therapist, queue: str) -> None:
    if not may_serve(queue, medical_trained=therapist.medical_trained):
        # The same words for call, start and resume: each one takes the client for a massage.
        raise NotAllowed("Only therapists trained in medical massage can take clients from the medical queue.")


def must_be_cleared(visit: Visit, action: VisitAction) -> None:
    if needs_review(visit.flags, visit.review_outcome, visit.reviewed_flags):
        raise IllegalTransition(
            f"{visit.ticket_code} has red flags to review first: a therapist records the review "
            f"(cleared, or not today) before the massage is {ACTION_WORDS[action]}."
        )


def confirmed(session: Session, visit: Visit, therapist_id: int, confirm_for: int | None) -> None:
    """Acting on a client another therapist holds needs their name confirmed, and for that very
    therapist: if the client changed hands since the question, the question is asked again."""
    holder = visit.therapist_id
    if holder is not None and holder != therapist_id and confirm_for != holder:
        other = session.get(Therapist, holder)
        raise OthersClient(visit.ticket_code, holder, other.name if other else "another therapist")


def locked_visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id, with_for_update=True, populate_existing=True)
    if visit is None:
        raise NotFound("That visit no longer exists.")
    return visit


def open_period(session: Session, visit_id: int) -> SessionPeriod | None:
    return session.exec(
        select(SessionPeriod).where(SessionPeriod.visit_id == visit_id, SessionPeriod.ended_at.is_(None))
    ).first()


def _end_session(session: Session, visit: Visit, at: datetime, *, count: bool = True) -> int | None:
    """Close the open period (if any) at `at`; with `count`, keep the minutes of all periods on the
    visit. Returns the id of the period it closed, so an undo can open it again."""
    period = open_period(session, visit.id)
    if period is not None:
        period.ended_at = at
        session.add(period)
    if count and visit.started_at is not None:
        session.flush()
        periods = session.exec(select(SessionPeriod).where(SessionPeriod.visit_id == visit.id)).all()
        visit.session_minutes = sum(minutes_between(p.started_at, p.ended_at) for p in periods if p.ended_at)
    return period.id if period is not None else None


def move(
    session: Session, visit: Visit, action: VisitAction, therapist_id: int | None, now: datetime, reason=""
) -> dict:
    """Apply `action` to a locked visit whose checks have passed; returns what an undo would need."""
    before = {
        "status": visit.status,
        "therapist_id": visit.therapist_id,
        "called_at": visit.called_at.isoformat() if visit.called_at else None,
        "session_minutes": visit.session_minutes,
        "period": None,
    }
    _, target, stamp = TRANSITIONS[action]
    if action in (A.CALL, A.START, A.RESUME):
        visit.therapist_id = therapist_id  # whoever serves the client holds them from now on
    if action == A.CALL:  # where the lobby display and the client's phone send them
        visit.room = room_of(session=session, therapist_id=therapist_id, location_id=visit.location_id, now=now)
    if action in (A.START, A.RESUME):
        session.add(SessionPeriod(visit_id=visit.id, started_at=now))
    elif action == A.PAUSE:
        _end_session(session, visit, now, count=False)
    elif action == A.REQUEUE:
        visit.therapist_id, visit.called_at = None, None
    elif action in (A.FINISH, A.CANCEL, A.DECLINE):
        before["period"] = _end_session(session, visit, now)
    elif action == A.END_DAY:
        # Nobody pressed Finish: the session is closed at the day's end but its length is unknown.
        _end_session(session, visit, now, count=False)
    if action in (A.WALK_OUT, A.DECLINE):
        visit.closed_reason = reason
    visit.status = target
    if stamp and not (stamp == "started_at" and visit.started_at):
        setattr(visit, stamp, now)
    session.add(visit)
    return before


def record(
    session: Session,
    visit: Visit,
    action: VisitAction,
    therapist_id: int | None,
    now: datetime,
    *,
    before: dict | None = None,
    detail: str = "",
) -> None:
    """The audit row, and the visit's last action (shown next to it, undone from it)."""
    where = {"location_id": visit.location_id, "client_id": visit.client_id, "visit_id": visit.id}
    session.add(AuditEvent(at=now, action=action, therapist_id=therapist_id, detail=detail[:1000], **where))
    recent = session.get(RecentAction, visit.id)
    if therapist_id is None:  # the kiosk itself (close of day): nothing for anyone to undo
        if recent is not None:
            session.delete(recent)
        return
    recent = recent or RecentAction(visit_id=visit.id, action=action, therapist_id=therapist_id, done_at=now)
    recent.action, recent.therapist_id, recent.done_at = action, therapist_id, now
    recent.before = before if action in UNDOABLE else None
    session.add(recent)


def apply_action(
    *,
    session: Session,
    visit_id: int,
    action: VisitAction,
    therapist_id: int,
    reason: str = "",
    confirm_for: int | None = None,
    now: datetime | None = None,
) -> Visit:
    """Move a visit along by one tap, recording who and when. `reason`: a walk-out's, optional.
    `confirm_for`: the therapist holding the client, as the one acting confirmed it.

    Repeating the action just done by the same therapist (a double tap) changes nothing.
    """
    now = now or utcnow()
    if action not in TAP_ACTIONS:
        raise InvalidInput(f"Unknown action {action!r}.")
    reason = one_line(reason, "the reason", required=False) if action == A.WALK_OUT else ""
    visit = locked_visit(session, visit_id)
    therapist = therapist_here(session, therapist_id, visit.location_id)
    if visit.status == TRANSITIONS[action][1]:
        last = session.get(RecentAction, visit.id)
        if last is not None and (last.action, last.therapist_id) == (action, therapist_id):
            return visit
    next_status(VisitStatus(visit.status), action, ticket=visit.ticket_code)
    if action in SERVES:
        must_serve(therapist, visit.queue)
    if action in NEEDS_CLEARANCE:
        must_be_cleared(visit, action)
    confirmed(session, visit, therapist_id, confirm_for)
    before = move(session, visit, action, therapist_id, now, reason)
    record(session, visit, action, therapist_id, now, before=before, detail=reason)
    return visit


def call_next(
    *, session: Session, location_slug: str, queue: Queue, therapist_id: int, now: datetime | None = None
) -> Visit:
    """Call the longest-waiting client in a queue (a client to review too: the review is a talk)."""
    now = now or utcnow()
    location = location_by_slug(session, location_slug)
    must_serve(therapist_here(session, therapist_id, location.id), queue)
    visit = session.exec(
        select(Visit)
        .where(
            Visit.location_id == location.id,
            Visit.clinic_day == clinic_day(now),
            Visit.queue == queue,
            Visit.status == S.WAITING,
        )
        .order_by(Visit.checked_in_at, Visit.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()
    if visit is None:
        raise NotFound(f"No one is waiting in the {queue} queue.")
    return apply_action(session=session, visit_id=visit.id, action=A.CALL, therapist_id=therapist_id, now=now)


def reroute(
    *,
    session: Session,
    visit_id: int,
    to_queue: Queue,
    reason: str,
    therapist_id: int,
    confirm_for: int | None = None,
    now: datetime | None = None,
) -> Visit:
    """Move a waiting or called visit to the other queue; it keeps its ticket and its place in time.
    Anyone may send a client to the medical queue; starting them there needs the training."""
    now = now or utcnow()
    if not reason.strip():
        raise InvalidInput("Please say why this client is moving to the other queue.")
    reason = one_line(reason, "why this client is moving to the other queue", required=True)
    try:
        to_queue = Queue(to_queue)
    except ValueError:
        raise InvalidInput(f"Unknown queue {to_queue!r}.") from None
    visit = locked_visit(session, visit_id)
    therapist_here(session, therapist_id, visit.location_id)
    if visit.queue == to_queue:
        raise IllegalTransition(f"{visit.ticket_code} is already in the {to_queue} queue.")
    if visit.status not in (S.WAITING, S.CALLED):
        raise IllegalTransition(f"{visit.ticket_code} {status_words(visit.status)}, so it can't be moved.")
    confirmed(session, visit, therapist_id, confirm_for)
    visit.queue, visit.status = to_queue, S.WAITING
    visit.therapist_id, visit.called_at = None, None
    visit.rerouted_at, visit.reroute_reason = now, reason
    session.add(visit)
    record(session, visit, A.REROUTE, therapist_id, now, detail=f"to {to_queue}: {reason}")
    return visit
