"""A waiting visit's place in line now: its position in its queue and its expected wait.

The position is counted in the database, and the line (the waiting visits up to this one) is
read only when someone on shift may serve the queue (with nobody, there is no figure whatever the
line) and the count alone does not put the visit past the cap (estimate.surely_over_cap).
Reading the day's whole queue made this the slowest step of a check-in on a busy day. The
tablet reads it after the check-in's commit; the phone's ticket on each refresh.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa
from sqlmodel import Session

from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig
from kiosk_core.models import Shift, Therapist, Visit
from kiosk_core.prepared_sql import Prepared
from kiosk_core.staff.shifts import open_now, stale_before
from kiosk_core.vocabulary import Queue, VisitStatus, may_serve
from kiosk_core.waits.estimate import NOBODY_ON_SHIFT, WaitEstimate, estimate_wait, surely_over_cap
from kiosk_core.waits.location_waits import (
    AT,
    feed,
    flushed,
    recent_lengths,
    todays_lengths,
    todays_lengths_read,
    todays_open_visits,
)

S = VisitStatus


@lru_cache(maxsize=1)
def place_read() -> sa.Select:
    """One waiting visit's place now, in one query built once: a row for each therapist on shift
    at the location (on_shift's rule and order; one row with none when nobody is), each with the
    visit's position in its queue (the waiting visits of the queue up to it in check-in order), 1
    if it is still waiting, and today's finished sessions (location_waits.todays_lengths_read):
    one round trip where there were three, at each check-in and phone ticket refresh.
    Parameters: visit_id, checked_in_at, location_id, day, queue, since (shifts.stale_before)."""
    p = sa.bindparam
    line = (
        sa.select(
            sa.func.count().label("position"),
            sa.func.max(sa.case((Visit.id == p("visit_id"), 1), else_=0)).label("waiting"),
        )
        .where(
            Visit.location_id == p("location_id"),
            Visit.clinic_day == p("day"),
            Visit.queue == p("queue"),
            Visit.status == S.WAITING,
            sa.tuple_(Visit.checked_in_at, Visit.id) <= sa.tuple_(p("checked_in_at", type_=AT), p("visit_id")),
        )
        .subquery()
    )
    staff = (
        sa.select(Therapist.id, Therapist.medical_trained, Shift.started_at, Shift.id.label("shift_id"))
        .select_from(Shift)
        .join(Therapist, Therapist.id == Shift.therapist_id)
        .where(*open_now(p("location_id"), p("day"), p("since", type_=AT)))
        .subquery()
    )
    done = todays_lengths_read().subquery()
    return (
        sa.select(line.c.position, line.c.waiting, staff.c.id, staff.c.medical_trained, *done.c)
        .select_from(line.join(done, sa.true()).outerjoin(staff, sa.true()))
        .order_by(staff.c.started_at, staff.c.shift_id)
    )


@lru_cache(maxsize=8)
def _place_read_for(dialect: sa.Dialect) -> Prepared:
    return Prepared(place_read(), dialect, ("visit_id", "checked_in_at", "location_id", "day", "queue", "since"))


@dataclass(frozen=True)
class Place:
    """place_read's rows: the visit's position, whether it still waits, who is on shift
    ((therapist id, medical trained), oldest shift first) and today's finished sessions."""

    position: int
    waiting: bool
    working: list[tuple[int, bool]]
    todays: tuple[tuple[float, ...], ...]

    @classmethod
    def of(cls, found: Sequence[Sequence]) -> "Place":
        position, waiting, _, _, *done = found[0]
        working = [(therapist_id, bool(trained)) for _, _, therapist_id, trained, *_ in found if therapist_id]
        return cls(position, bool(waiting), working, todays_lengths(done))

    def serving(self, queue: Queue) -> int:
        """How many of the therapists on shift may serve `queue`."""
        return sum(1 for _, medical_trained in self.working if may_serve(queue, medical_trained=medical_trained))


def place_in_queue(
    *, session: Session, clinic: ClinicConfig, visit, now: datetime
) -> tuple[int | None, WaitEstimate | None]:
    """(position in its queue, expected wait) of one visit (a Visit, or anything with its
    columns); (None, None) once it has been called."""
    if visit.status != S.WAITING:
        return None, None
    read = _place_read_for(session.get_bind().dialect)
    place = Place.of(read.run(db.driver_connection(flushed(session)), **place_parameters(visit, now)))
    known = place_without_line(place, visit.queue)
    return known or place_from_line(session=session, clinic=clinic, visit=visit, now=now, place=place)


def place_parameters(visit, now: datetime) -> dict:
    """place_read's parameters for a visit (a Visit, or anything with its columns)."""
    day = clinic_day(now)
    where = {"location_id": visit.location_id, "day": day, "queue": visit.queue}
    return {"visit_id": visit.id, "checked_in_at": visit.checked_in_at, "since": stale_before(now), **where}


def place_without_line(place: Place, queue: Queue) -> tuple[int | None, WaitEstimate | None] | None:
    """(position, wait) of a waiting visit when place_read says it all: (None, None) if it has
    been called meanwhile; no figure when nobody on shift may serve its queue, whatever the line.
    None when the wait needs the line (`place_from_line`)."""
    if not place.waiting:
        return None, None
    if not place.serving(queue):
        return place.position, NOBODY_ON_SHIFT
    return None


def place_from_line(
    *, session: Session, clinic: ClinicConfig, visit, now: datetime, place: Place
) -> tuple[int | None, WaitEstimate | None]:
    """(position, wait) of a waiting visit someone on shift may serve (place_without_line said
    None), from place_read's `place` and the line up to it; (None, None) if it has been called.
    When the count alone puts it past the cap, the line is neither read nor replayed: on a busy
    day that is most check-ins, behind the longest lines."""
    where = {"session": session, "clinic": clinic, "location_id": visit.location_id, "now": now}
    lengths = recent_lengths(**where, todays=place.todays)
    limits = {"cap_minutes": clinic.waits.ask_front_desk_minutes, "turnover_minutes": clinic.waits.turnover_minutes}
    over = surely_over_cap(ahead=place.position - 1, serving=place.serving(visit.queue), lengths=lengths, **limits)
    if over is not None:
        return place.position, over
    visits = todays_open_visits(session=session, location_id=visit.location_id, now=now, up_to=visit)
    waiting = [v for v in visits if v.status == S.WAITING]
    if not waiting or waiting[-1].id != visit.id:  # it is the last of the line, unless called meanwhile
        return None, None
    fed = feed(**where, visits=visits, lengths=lengths, working=place.working)
    wait = estimate_wait(queue=visit.queue, ahead=[v.queue for v in waiting[:-1]], **fed)
    # Counted in the rows the wait came from, so that the two agree.
    return sum(1 for v in waiting if v.queue == visit.queue), wait
