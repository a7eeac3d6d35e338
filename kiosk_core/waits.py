"""The expected waits at a location now: kiosk_core/estimate.py fed from the database.

Who is on shift (kiosk_core.shifts) and what each is doing (their client called, in session
or paused, with the massage minutes so far from the session periods, pauses left out), the
waiting line of both queues in check-in order, and the session lengths of recent days at the
location per queue (the clinic file's [waits]). Read-only: the tablet calls it after its
check-in has committed, the queue board on each refresh.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from kiosk_core.clock import clinic_day, minutes_between
from kiosk_core.config import QUEUES, ClinicConfig, QueueName
from kiosk_core.estimate import OnShift, SessionLengths, WaitEstimate, estimate_waits, learn_session_lengths
from kiosk_core.models import SessionPeriod, Visit, VisitStatus
from kiosk_core.shifts import on_shift

S = VisitStatus
# What a therapist holds, most engaged first: one client in session and another called (a slip
# of the board) counts as the session.
_HOLDING = (S.IN_SESSION, S.PAUSED, S.CALLED)
SAMPLE_MAX = 400


@dataclass(frozen=True)
class Today:
    """The columns of one of today's visits the estimate needs (a whole Visit serves too)."""

    id: int
    queue: QueueName
    status: VisitStatus
    therapist_id: int | None


def todays_open_visits(*, session: Session, location_id: int, now: datetime) -> list[Today]:
    """Today's open visits at the location, in check-in order: plain rows, not whole visits."""
    rows = session.exec(
        select(Visit.id, Visit.queue, Visit.status, Visit.therapist_id)
        .where(
            Visit.location_id == location_id,
            Visit.clinic_day == clinic_day(now),
            Visit.status.in_((S.WAITING, *_HOLDING)),
        )
        .order_by(Visit.checked_in_at, Visit.id)
    ).all()
    return [Today(*row) for row in rows]


def recent_lengths(*, session: Session, clinic: ClinicConfig, location_id: int, now: datetime) -> dict:
    """Session lengths per queue from the last `recent_days` clinic days (today included): the
    latest SAMPLE_MAX finished sessions of each queue, plenty for quartiles on a busy day."""
    today = clinic_day(now)
    lengths = {}
    for queue in QUEUES:
        sample = session.exec(
            select(Visit.session_minutes)
            .where(
                Visit.location_id == location_id,
                Visit.clinic_day > today - timedelta(days=clinic.waits.recent_days),
                Visit.clinic_day <= today,
                Visit.queue == queue,
                Visit.status == S.DONE,
                Visit.session_minutes.is_not(None),
            )
            .order_by(Visit.clinic_day.desc())
            .limit(SAMPLE_MAX)
        ).all()
        lengths[queue] = learn_session_lengths(
            sample,
            default_minutes=clinic.queues[queue].default_service_minutes,
            min_sessions=clinic.waits.min_sessions,
        )
    return lengths


def _minutes_in(session: Session, visit_ids: Sequence[int], now: datetime) -> dict[int, float]:
    """Massage minutes so far per visit: its session periods summed, an open one up to now."""
    if not visit_ids:
        return {}
    minutes = dict.fromkeys(visit_ids, 0.0)
    periods = session.exec(
        select(SessionPeriod.visit_id, SessionPeriod.started_at, SessionPeriod.ended_at).where(
            SessionPeriod.visit_id.in_(visit_ids)
        )
    ).all()
    for visit_id, started, ended in periods:
        minutes[visit_id] += minutes_between(started, ended or now)
    return minutes


def therapists_now(*, session: Session, location_id: int, visits: Iterable[Today], now: datetime) -> list[OnShift]:
    """The therapists on shift at the location, each free or busy with the client they hold."""
    held: dict[int, Today] = {}
    for visit in visits:
        if visit.status in _HOLDING and visit.therapist_id is not None:
            other = held.get(visit.therapist_id)
            if other is None or _HOLDING.index(visit.status) < _HOLDING.index(other.status):
                held[visit.therapist_id] = visit
    working = on_shift(session=session, location_id=location_id, now=now)
    busy = [held[t.id] for _, t in working if t.id in held]
    minutes = _minutes_in(session, [v.id for v in busy if v.status != S.CALLED], now)
    therapists = []
    for _, therapist in working:
        visit = held.get(therapist.id)
        if visit is None:
            therapists.append(OnShift(medical_trained=therapist.medical_trained))
        else:
            therapists.append(
                OnShift(
                    medical_trained=therapist.medical_trained,
                    busy_with=visit.queue,
                    minutes_in=None if visit.status == S.CALLED else minutes[visit.id],
                )
            )
    return therapists


def expected_waits(
    *,
    session: Session,
    clinic: ClinicConfig,
    location_id: int,
    now: datetime,
    visits: Sequence[Today] | None = None,
    lengths: dict[QueueName, SessionLengths] | None = None,
) -> dict[int, WaitEstimate]:
    """Visit id -> expected wait, for every waiting visit at the location today. `visits`:
    today's visits there in check-in order, if the caller has them already (any others in the
    list are left out)."""
    if visits is None:
        visits = todays_open_visits(session=session, location_id=location_id, now=now)
    waiting = [v for v in visits if v.status == S.WAITING]
    if not waiting:
        return {}
    estimates = estimate_waits(
        line=[v.queue for v in waiting],
        therapists=therapists_now(session=session, location_id=location_id, visits=visits, now=now),
        lengths=lengths or recent_lengths(session=session, clinic=clinic, location_id=location_id, now=now),
        cap_minutes=clinic.waits.ask_front_desk_minutes,
        turnover_minutes=clinic.waits.turnover_minutes,
    )
    return {visit.id: estimate for visit, estimate in zip(waiting, estimates, strict=True)}


def staff_words(wait: WaitEstimate) -> str:
    """A wait as the queue board says it, in English: "called in about 20–30 min"."""
    if wait.nobody_on_shift:
        return "nobody on shift for this queue"
    if wait.over_cap:
        return f"called in over {wait.high} min"
    if wait.high == 0:
        return "called any moment"
    if wait.is_range:
        return f"called in about {wait.low}–{wait.high} min"
    return f"called in about {wait.high} min"
