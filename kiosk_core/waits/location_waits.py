"""The expected waits at a location now: kiosk_core/waits/estimate.py fed from the database.

Who is on shift (kiosk_core.staff.shifts) and what each is doing (their client called, in session
or paused, with the massage minutes so far from the session periods, pauses left out), the
waiting line of both queues in check-in order, and the session lengths of recent days at the
location per queue (the clinic file's [waits]). Read-only: the tablet calls it after its
check-in has committed, the queue board on each refresh.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session

from kiosk_core import db
from kiosk_core.clock import clinic_day, minutes_between
from kiosk_core.config import ClinicConfig
from kiosk_core.models import SessionPeriod, Shift, Therapist, Visit
from kiosk_core.prepared_sql import Prepared
from kiosk_core.staff.shifts import open_now, stale_before
from kiosk_core.vocabulary import Queue, VisitStatus
from kiosk_core.waits import history
from kiosk_core.waits.estimate import OnShift, SessionLengths, WaitEstimate, estimate_waits, learn_session_lengths

S = VisitStatus
# What a therapist holds, most engaged first: one client in session and another called (a slip
# of the board) counts as the session.
_HOLDING = (S.IN_SESSION, S.PAUSED, S.CALLED)
SAMPLE_MAX = 400
AT = Visit.__table__.c.checked_in_at.type  # how a check-in time is written: for bind parameters


def flushed(session: Session) -> Session:
    """The session with its pending changes flushed, as the ORM's execute would: for reads that
    skip the ORM (Core's execute costs about a third of it here, the driver's less still)."""
    if session.autoflush and (session.new or session.dirty or session.deleted):
        session.flush()
    return session


def rows(session: Session, statement: sa.Executable, parameters: dict | None = None) -> list:
    """The rows of a statement of plain columns, in the session's transaction, autoflushed."""
    return flushed(session).connection().execute(statement, parameters).all()


@dataclass(frozen=True)
class Today:
    """The columns of one of today's visits the estimate needs (a whole Visit serves too)."""

    id: int
    queue: Queue
    status: VisitStatus
    therapist_id: int | None


def todays_open_visits(*, session: Session, location_id: int, now: datetime, up_to=None) -> list[Today]:
    """Today's open visits at the location, in check-in order: plain rows, not whole visits.
    With `up_to` (a waiting visit), the waiting ones behind it are left out: they never change
    its wait (see estimate_waits), and on a busy day they are most of the rows."""
    where = {"location_id": location_id, "day": clinic_day(now)}
    if up_to is not None:
        where |= {"checked_in_at": up_to.checked_in_at, "visit_id": up_to.id}
    read = _open_visits_for(session.get_bind().dialect, up_to is not None)
    found = read.run(db.driver_connection(flushed(session)), **where)
    return [Today(visit_id, Queue(queue), S(status), therapist_id) for visit_id, queue, status, therapist_id in found]


# The reads below are built once, with parameters: building a statement cost more than running
# it (the tablet reads them all after each check-in while someone is on shift).


@lru_cache(maxsize=2)
def _open_visits_read(up_to: bool) -> sa.Select:
    """Parameters: location_id, day; with `up_to`, checked_in_at and visit_id of a waiting visit."""
    p = sa.bindparam
    shown = Visit.status.in_((S.WAITING, *_HOLDING))
    if up_to:
        ahead = sa.tuple_(Visit.checked_in_at, Visit.id) <= sa.tuple_(p("checked_in_at", type_=AT), p("visit_id"))
        shown = sa.or_(Visit.status.in_(_HOLDING), sa.and_(Visit.status == S.WAITING, ahead))
    return (
        sa.select(Visit.id, Visit.queue, Visit.status, Visit.therapist_id)
        .where(Visit.location_id == p("location_id"), Visit.clinic_day == p("day"), shown)
        .order_by(Visit.checked_in_at, Visit.id)
    )


@lru_cache(maxsize=8)
def _open_visits_for(dialect: sa.Dialect, up_to: bool) -> Prepared:
    """On the driver: through SQLAlchemy's execution this read cost twice the statement."""
    names = ("location_id", "day", *(("checked_in_at", "visit_id") if up_to else ()))
    return Prepared(_open_visits_read(up_to), dialect, names)


@lru_cache(maxsize=1)
def _on_shift_read() -> sa.Select:
    """Who is on shift as shifts.on_shift says, only the two columns used. Parameters: location_id,
    day, since (shifts.stale_before: a shift not seen since is out)."""
    return (
        sa.select(Therapist.id, Therapist.medical_trained)
        .select_from(Shift)
        .join(Therapist, Therapist.id == Shift.therapist_id)
        .where(*open_now(sa.bindparam("location_id"), sa.bindparam("day"), sa.bindparam("since", type_=AT)))
        .order_by(Shift.started_at, Shift.id)
    )


@lru_cache(maxsize=1)
def _lengths_read() -> sa.Select:
    """One queue's latest finished sessions before today. Parameters: location_id, since (not
    included), day (not included), queue."""
    p = sa.bindparam
    return (
        sa.select(Visit.session_minutes)
        .where(
            Visit.location_id == p("location_id"),
            Visit.clinic_day > p("since"),
            Visit.clinic_day < p("day"),
            Visit.queue == p("queue"),
            Visit.status == S.DONE,
            Visit.session_minutes.is_not(None),
        )
        .order_by(Visit.clinic_day.desc())
        .limit(SAMPLE_MAX)
    )


@lru_cache(maxsize=1)
def todays_lengths_read() -> sa.Select:
    """Today's finished sessions at a location in one row: each queue's minutes as text joined by
    commas (SQLAlchemy's aggregate_strings, both databases), so that the tablet's place read
    carries them in its own row (kiosk_core.waits.place_in_line). Parameters: location_id, day."""
    p = sa.bindparam
    minutes = sa.cast(Visit.session_minutes, sa.String)
    joined = [sa.func.aggregate_strings(minutes, ",").filter(Visit.queue == q).label(f"done_{q}") for q in Queue]
    return sa.select(*joined).where(
        Visit.location_id == p("location_id"),
        Visit.clinic_day == p("day"),
        Visit.status == S.DONE,
        Visit.session_minutes.is_not(None),
    )


def todays_lengths(joined: Sequence[str | None]) -> tuple[tuple[float, ...], ...]:
    """todays_lengths_read's row as each queue's minutes, sorted, in Queue's order."""
    return tuple(tuple(sorted(map(float, text.split(",")))) if text else () for text in joined)


@lru_cache(maxsize=1)
def _periods_read() -> sa.Select:
    """Parameters: visit_ids (a list)."""
    periods = SessionPeriod.visit_id, SessionPeriod.started_at, SessionPeriod.ended_at
    return sa.select(*periods).where(SessionPeriod.visit_id.in_(sa.bindparam("visit_ids", expanding=True)))


def recent_lengths(*, session: Session, clinic: ClinicConfig, location_id: int, now: datetime, todays=None) -> dict:
    """Session lengths per queue from the last `recent_days` clinic days (today included): the
    latest SAMPLE_MAX finished sessions of each queue, plenty for quartiles on a busy day. The
    days before today are kept per location (kiosk_core.waits.history); today's read each time,
    unless given (`todays`: todays_lengths of a row read already)."""
    policy = (clinic.waits.recent_days, clinic.waits.min_sessions)
    defaults = tuple(clinic.queues[queue].default_service_minutes for queue in Queue)
    today = clinic_day(now)
    where = {"location_id": location_id, "since": today - timedelta(days=clinic.waits.recent_days), "day": today}

    def read_today() -> tuple:
        if todays is not None:
            return todays
        return todays_lengths(rows(session, todays_lengths_read(), {"location_id": location_id, "day": today})[0])

    def read_past() -> tuple:
        return tuple(tuple(m for (m,) in rows(session, _lengths_read(), where | {"queue": q})) for q in Queue)

    def learn(todays: tuple, past: tuple) -> dict:
        # As one read of the latest SAMPLE_MAX by day would give them: today's first, then the days before.
        samples = (list(t) + list(p)[: max(0, SAMPLE_MAX - len(t))] for t, p in zip(todays, past, strict=True))
        fewest = clinic.waits.min_sessions
        return {
            queue: learn_session_lengths(sample, default_minutes=defaults[n], min_sessions=fewest)
            for n, (queue, sample) in enumerate(zip(Queue, samples, strict=True))
        }

    return history.lengths(
        location_id=location_id,
        now=now,
        # One process may open two databases (tests).
        settings_key=(str(session.get_bind().engine.url), policy, defaults),
        read_today=read_today,
        read_past=read_past,
        learn=learn,
    )


def _minutes_in(session: Session, visit_ids: Sequence[int], now: datetime) -> dict[int, float]:
    """Massage minutes so far per visit: its session periods summed, an open one up to now."""
    if not visit_ids:
        return {}
    minutes = dict.fromkeys(visit_ids, 0.0)
    periods = rows(session, _periods_read(), {"visit_ids": list(visit_ids)})
    for visit_id, started, ended in periods:
        minutes[visit_id] += minutes_between(started, ended or now)
    return minutes


def working_now(*, session: Session, location_id: int, now: datetime) -> list[tuple[int, bool]]:
    """(therapist id, medical trained) of each live shift at the location, oldest first."""
    where = {"location_id": location_id, "day": clinic_day(now), "since": stale_before(now)}
    return [tuple(row) for row in rows(session, _on_shift_read(), where)]


def therapists_now(
    *, session: Session, location_id: int, visits: Iterable[Today], now: datetime, working=None
) -> list[OnShift]:
    """The therapists on shift at the location (`working`, if read already), each free or busy
    with the client they hold."""
    held: dict[int, Today] = {}
    for visit in visits:
        if visit.status in _HOLDING and visit.therapist_id is not None:
            other = held.get(visit.therapist_id)
            if other is None or _HOLDING.index(visit.status) < _HOLDING.index(other.status):
                held[visit.therapist_id] = visit
    if working is None:
        working = working_now(session=session, location_id=location_id, now=now)
    busy = [held[therapist_id] for therapist_id, _ in working if therapist_id in held]
    minutes = _minutes_in(session, [v.id for v in busy if v.status != S.CALLED], now)
    therapists = []
    for therapist_id, medical_trained in working:
        visit = held.get(therapist_id)
        if visit is None:
            therapists.append(OnShift(medical_trained=medical_trained))
        else:
            therapists.append(
                OnShift(
                    medical_trained=medical_trained,
                    busy_with=visit.queue,
                    minutes_in=None if visit.status == S.CALLED else minutes[visit.id],
                )
            )
    return therapists


def feed(
    *, session: Session, clinic: ClinicConfig, location_id: int, now: datetime, visits, lengths=None, working=None
) -> dict:
    """What the estimate needs besides the line: who is on shift and what each is doing, the
    recent session lengths, the clinic's cap and turnover."""
    where = {"session": session, "location_id": location_id, "visits": visits, "now": now, "working": working}
    return {
        "therapists": therapists_now(**where),
        "lengths": lengths or recent_lengths(session=session, clinic=clinic, location_id=location_id, now=now),
        "cap_minutes": clinic.waits.ask_front_desk_minutes,
        "turnover_minutes": clinic.waits.turnover_minutes,
    }


def expected_waits(
    *,
    session: Session,
    clinic: ClinicConfig,
    location_id: int,
    now: datetime,
    visits: Sequence[Today] | None = None,
    lengths: dict[Queue, SessionLengths] | None = None,
) -> dict[int, WaitEstimate]:
    """Visit id -> expected wait, for every waiting visit at the location today. `visits`:
    today's visits there in check-in order, if the caller has them already (any others in the
    list are left out)."""
    if visits is None:
        visits = todays_open_visits(session=session, location_id=location_id, now=now)
    waiting = [v for v in visits if v.status == S.WAITING]
    if not waiting:
        return {}
    lengths = lengths or recent_lengths(session=session, clinic=clinic, location_id=location_id, now=now)
    working = working_now(session=session, location_id=location_id, now=now)

    def compute() -> dict[int, WaitEstimate]:
        where = {"location_id": location_id, "now": now, "visits": visits, "lengths": lengths, "working": working}
        estimates = estimate_waits(line=[v.queue for v in waiting], **feed(session=session, clinic=clinic, **where))
        return {visit.id: estimate for visit, estimate in zip(waiting, estimates, strict=True)}

    # Every board of the location refreshes with the same line: computed once for them all.
    line = tuple((v.id, v.queue, v.status, v.therapist_id) for v in visits)  # plain values: rows or whole visits
    key = (str(session.get_bind().engine.url), line, tuple(working), lengths, clinic.waits)
    return history.shared_waits(location_id, key, now, compute)


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
