"""Today's queues at a location, positions and expected waits, and the visit state machine."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core.clock import clinic_day, minutes_between
from kiosk_core.config import QUEUES, ClinicConfig, QueueName
from kiosk_core.errors import IllegalTransition, InvalidInput, NotAllowed, NotFound
from kiosk_core.intake import Intake
from kiosk_core.models import AuditEvent, Client, Location, Therapist, TherapistLocation, Visit, VisitStatus, utcnow
from kiosk_core.waits import expected_waits, typical_service_minutes
from kiosk_core.wording import flag_text

S = VisitStatus

# action -> (the statuses it may start from, the status it leads to, the timestamp it sets)
TRANSITIONS: dict[str, tuple[frozenset[VisitStatus], VisitStatus, str | None]] = {
    "call": (frozenset({S.WAITING}), S.CALLED, "called_at"),
    "start": (frozenset({S.CALLED}), S.IN_SESSION, "started_at"),
    "finish": (frozenset({S.IN_SESSION}), S.DONE, "finished_at"),
    "requeue": (frozenset({S.CALLED}), S.WAITING, None),
    "no_show": (frozenset({S.WAITING, S.CALLED}), S.NO_SHOW, "no_show_at"),
    "cancel": (frozenset({S.WAITING, S.CALLED, S.IN_SESSION}), S.CANCELLED, "cancelled_at"),
}

_STATUS_WORDS = {
    S.WAITING: "is still waiting",
    S.CALLED: "has been called but not started",
    S.IN_SESSION: "is in session",
    S.DONE: "is already finished",
    S.NO_SHOW: "was marked as a no-show",
    S.CANCELLED: "was cancelled",
}
_ACTION_WORDS = {
    "call": "called",
    "start": "started",
    "finish": "finished",
    "requeue": "put back in the queue",
    "no_show": "marked as a no-show",
    "cancel": "cancelled",
    "reroute": "moved to the other queue",
}


def next_status(current: VisitStatus, action: str, *, ticket: str = "This visit") -> VisitStatus:
    """The status after `action`, or IllegalTransition saying why not, in words."""
    if action not in TRANSITIONS:
        raise InvalidInput(f"Unknown action {action!r}.")
    allowed_from, target, _ = TRANSITIONS[action]
    if current not in allowed_from:
        raise IllegalTransition(f"{ticket} {_STATUS_WORDS[current]}, so it can't be {_ACTION_WORDS[action]}.")
    return target


@dataclass(frozen=True)
class QueueEntry:
    visit_id: int
    client_id: int
    ticket_code: str
    queue: QueueName
    status: VisitStatus
    first_name: str
    last_initial: str
    checked_in_at: datetime
    minutes_waiting: int
    pain: int
    stress: int
    flags: tuple[str, ...]  # what the therapist reads
    therapist_id: int | None
    position: int | None  # among those waiting in the same queue, 1 = next
    expected_wait_minutes: int | None
    language: str = "en"  # the client's, on the tablet


def location_by_slug(session: Session, slug: str) -> Location:
    location = session.exec(select(Location).where(Location.slug == slug)).first()
    if location is None:
        raise NotFound("This screen isn't set up for a clinic location. Please ask at the front desk.")
    return location


def todays_queue(
    *, session: Session, clinic: ClinicConfig, location_slug: str, now: datetime | None = None
) -> list[QueueEntry]:
    """Every visit today at the location, waiting ones in order with their expected wait."""
    now = now or utcnow()
    location = location_by_slug(session, location_slug)
    rows = session.exec(
        select(Visit, Client)
        .join(Client, Client.id == Visit.client_id)
        .where(Visit.location_id == location.id, Visit.clinic_day == clinic_day(now))
        .order_by(Visit.checked_in_at, Visit.id)
    ).all()

    waits: dict[int, float] = {}
    for queue in QUEUES:
        in_queue = [visit for visit, _ in rows if visit.queue == queue]
        waits.update(_expected_waits(in_queue, clinic.queues[queue].default_service_minutes, now))

    entries = []
    positions = dict.fromkeys(QUEUES, 0)
    for visit, client in rows:
        intake = Intake.from_json(visit.intake_json)
        position = None
        if visit.status == S.WAITING:
            positions[visit.queue] += 1
            position = positions[visit.queue]
        entries.append(
            QueueEntry(
                visit_id=visit.id,
                client_id=client.id,
                ticket_code=visit.ticket_code,
                queue=visit.queue,
                status=VisitStatus(visit.status),
                first_name=client.first_name,
                last_initial=client.last_name[:1],
                checked_in_at=visit.checked_in_at,
                minutes_waiting=round(minutes_between(visit.checked_in_at, visit.called_at or now)),
                pain=intake.pain,
                stress=intake.stress,
                flags=tuple(flag_text(flag) for flag in visit.flags),
                language=visit.language,
                therapist_id=visit.therapist_id,
                position=position,
                expected_wait_minutes=round(waits[visit.id]) if visit.id in waits else None,
            )
        )
    return entries


def _expected_waits(in_queue: Sequence[Visit], default_minutes: int, now: datetime) -> dict[int, float]:
    """Visit id -> minutes until called, for the waiting visits of one queue (in check-in order)."""
    service = typical_service_minutes(
        [minutes_between(v.started_at, v.finished_at) for v in in_queue if v.status == S.DONE and v.started_at],
        default_minutes,
    )
    busy = [
        service - minutes_between(v.started_at, now) if v.status == S.IN_SESSION else service
        for v in in_queue
        if v.status in (S.CALLED, S.IN_SESSION)
    ]
    waiting = [v for v in in_queue if v.status == S.WAITING]
    minutes = expected_waits(waiting=len(waiting), busy_remaining=busy, service_minutes=service)
    return dict(zip((v.id for v in waiting), minutes, strict=True))


def place_in_queue(
    *, session: Session, clinic: ClinicConfig, visit: Visit, now: datetime
) -> tuple[int | None, int | None]:
    """(position, expected wait in minutes) of one visit; (None, None) once it has been called."""
    if visit.status != S.WAITING:
        return None, None
    # Plain rows with only the columns the estimate needs: loading whole visits made this the
    # slowest step of a check-in on a busy day.
    in_queue = session.exec(
        select(Visit.id, Visit.status, Visit.started_at, Visit.finished_at)
        .where(
            Visit.location_id == visit.location_id,
            Visit.clinic_day == visit.clinic_day,
            Visit.queue == visit.queue,
            Visit.status.in_((S.WAITING, S.CALLED, S.IN_SESSION, S.DONE)),
        )
        .order_by(Visit.checked_in_at, Visit.id)
    ).all()
    waits = _expected_waits(in_queue, clinic.queues[visit.queue].default_service_minutes, now)
    position = [v.id for v in in_queue if v.status == S.WAITING].index(visit.id) + 1
    return position, round(waits[visit.id])


def _therapist_here(session: Session, therapist_id: int, location_id: int) -> Therapist:
    therapist = session.get(Therapist, therapist_id)
    if therapist is None or not therapist.active:
        raise NotAllowed("Please sign in again.")
    works_here = session.get(TherapistLocation, (therapist_id, location_id))
    if works_here is None:
        raise NotAllowed(f"{therapist.name} doesn't work at this location.")
    return therapist


def _may_serve(therapist: Therapist, queue: str) -> None:
    if queue == "medical" and not therapist.medical_trained:
        raise NotAllowed("Only therapists trained in medical massage can take clients from the medical queue.")


def _locked_visit(session: Session, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id, with_for_update=True, populate_existing=True)
    if visit is None:
        raise NotFound("That visit no longer exists.")
    return visit


def _audit(session: Session, visit: Visit, action: str, therapist_id: int | None, now: datetime, detail="") -> None:
    where = {"location_id": visit.location_id, "client_id": visit.client_id, "visit_id": visit.id}
    session.add(AuditEvent(at=now, action=action, therapist_id=therapist_id, detail=detail[:1000], **where))


def apply_action(
    *, session: Session, visit_id: int, action: str, therapist_id: int, now: datetime | None = None
) -> Visit:
    """Move a visit along (call, start, finish, requeue, no_show, cancel), recording who and when.

    Repeating the action just done (a double tap) changes nothing and is not an error.
    """
    now = now or utcnow()
    visit = _locked_visit(session, visit_id)
    therapist = _therapist_here(session, therapist_id, visit.location_id)
    _, target, stamp = TRANSITIONS.get(action, (None, None, None))
    if target is not None and visit.status == target and visit.therapist_id == therapist_id and action != "requeue":
        return visit
    new_status = next_status(VisitStatus(visit.status), action, ticket=visit.ticket_code)
    if action == "call":
        _may_serve(therapist, visit.queue)
        visit.therapist_id = therapist_id
    elif action == "requeue":
        visit.therapist_id = None
        visit.called_at = None
    visit.status = new_status
    if stamp:
        setattr(visit, stamp, now)
    session.add(visit)
    _audit(session, visit, action, therapist_id, now)
    return visit


def call_next(
    *, session: Session, location_slug: str, queue: QueueName, therapist_id: int, now: datetime | None = None
) -> Visit:
    """Call the longest-waiting client in a queue."""
    now = now or utcnow()
    location = location_by_slug(session, location_slug)
    _may_serve(_therapist_here(session, therapist_id, location.id), queue)
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
    return apply_action(session=session, visit_id=visit.id, action="call", therapist_id=therapist_id, now=now)


REROUTE_REASON_MAX = 500


def reroute(
    *, session: Session, visit_id: int, to_queue: QueueName, reason: str, therapist_id: int, now: datetime | None = None
) -> Visit:
    """Move a waiting or called visit to the other queue; it keeps its ticket and its place in time."""
    now = now or utcnow()
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput("Please say why this client is moving to the other queue.")
    if len(reason) > REROUTE_REASON_MAX:
        raise InvalidInput(f"Please keep the reason under {REROUTE_REASON_MAX} characters.")
    if to_queue not in QUEUES:
        raise InvalidInput(f"Unknown queue {to_queue!r}.")
    visit = _locked_visit(session, visit_id)
    _therapist_here(session, therapist_id, visit.location_id)
    if visit.queue == to_queue:
        raise IllegalTransition(f"{visit.ticket_code} is already in the {to_queue} queue.")
    if visit.status not in (S.WAITING, S.CALLED):
        raise IllegalTransition(
            f"{visit.ticket_code} {_STATUS_WORDS[VisitStatus(visit.status)]}, so it can't be moved."
        )
    visit.queue = to_queue
    visit.status = S.WAITING
    visit.therapist_id = None
    visit.called_at = None
    visit.rerouted_at = now
    visit.reroute_reason = reason
    session.add(visit)
    _audit(session, visit, "reroute", therapist_id, now, f"to {to_queue}: {reason}")
    return visit


def waiting_counts(*, session: Session, location_slug: str, now: datetime | None = None) -> dict[str, int]:
    """How many are waiting in each queue at a location today."""
    location = location_by_slug(session, location_slug)
    rows = session.exec(
        select(Visit.queue, sa.func.count())
        .where(Visit.location_id == location.id, Visit.clinic_day == clinic_day(now), Visit.status == S.WAITING)
        .group_by(Visit.queue)
    ).all()
    return {queue: 0 for queue in QUEUES} | dict(rows)
