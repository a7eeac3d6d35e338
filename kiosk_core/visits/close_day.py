"""Close of day: a visit still open when its clinic day has ended is closed as "not seen: day
ended" (status `day_ended`), so nobody stays waiting forever and reports can count them.

It runs at the first use of the next day (the queue board asks `due` on each refresh, a cheap
indexed read, and closes when it says so) and from `python -m kiosk_core close-day`. Once the
close is committed, the ended days' report totals are written (`total_ended_days`); the command
also writes those of every past day still without them (`total_past_days`).
"""

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.clock import clinic_day, day_start
from kiosk_core.models import Location, RecentAction, Visit, utcnow
from kiosk_core.reports import day_totals_writer
from kiosk_core.reports.sql import as_day
from kiosk_core.visits.actions import move, record
from kiosk_core.visits.undo import forget_recent
from kiosk_core.vocabulary import OPEN_STATUSES, VisitAction


def _left_open(now: datetime):
    return Visit.status.in_(OPEN_STATUSES), Visit.clinic_day < clinic_day(now)


def due(*, session: Session, now: datetime | None = None) -> bool:
    """Is anything left from an earlier day: an open visit, or a last action kept for undo?"""
    now = now or utcnow()
    left_open = session.exec(select(Visit.id).where(*_left_open(now)).limit(1)).first()
    old_action = session.exec(
        select(RecentAction.visit_id).where(RecentAction.done_at < day_start(clinic_day(now))).limit(1)
    ).first()
    return left_open is not None or old_action is not None


def close_ended_days(*, session: Session, now: datetime | None = None) -> list[Visit]:
    """Close every visit left open on an earlier clinic day; returns them.

    Each is closed as of the end of its own day (the next day's first instant in the clinic's zone,
    23 or 25 hours after its start on DST days); the audit row says when the kiosk did it. A session
    nobody finished is closed then too, with no session minutes: its real length is unknown.
    """
    now = now or utcnow()
    closed = []
    for visit in session.exec(select(Visit).where(*_left_open(now)).order_by(Visit.id).with_for_update()).all():
        ended = day_start(visit.clinic_day + timedelta(days=1))
        move(session, visit, VisitAction.END_DAY, None, ended)
        record(session, visit, VisitAction.END_DAY, None, now, detail=f"{_was(visit)}: {visit.clinic_day} ended")
        closed.append(visit)
    forget_recent(session, day_start(clinic_day(now)))
    return closed


def _was(visit: Visit) -> str:
    return "session not finished" if visit.started_at else "not seen"


def total_ended_days(
    *, closed: list[Visit] = (), engine: sa.Engine | None = None, now: datetime | None = None
) -> list[tuple[int, date]]:
    """Write the report totals of yesterday at every location and of the days of the visits just
    closed, where missing; returns the (location id, day) written. Call it after the close has
    committed: a day with a visit still open is not totalled. Days it misses (the kiosk was off,
    the database busy) are totalled by the first report that covers them."""
    now = now or utcnow()
    engine = engine or db.get_engine()
    with db.read_session(engine) as session:
        days = {location_id: {clinic_day(now) - timedelta(days=1)} for location_id in session.exec(select(Location.id))}
    for visit in closed:
        days.setdefault(visit.location_id, set()).add(visit.clinic_day)
    return sorted(
        (location_id, day)
        for location_id, its_days in days.items()
        for day in day_totals_writer.total_days(engine, location_id, its_days, now)
    )


def total_past_days(*, engine: sa.Engine | None = None, now: datetime | None = None) -> list[tuple[int, date]]:
    """Write the report totals of every past day still without them, at every location from its
    first visit to yesterday; returns the (location id, day) written. Once, after an upgrade or
    days the kiosk was off, it saves the first report over a long range from counting every visit
    (a year of a million visits: seconds); then it only looks the days up."""
    now = now or utcnow()
    engine = engine or db.get_engine()
    yesterday = clinic_day(now) - timedelta(days=1)
    with db.read_session(engine) as session:
        first_days = sa.select(Visit.location_id, sa.func.min(Visit.clinic_day)).group_by(Visit.location_id)
        firsts = [(location_id, as_day(first)) for location_id, first in session.execute(first_days)]
    return sorted(
        (location_id, day)
        for location_id, first in firsts
        for day in day_totals_writer.total_range(engine, location_id, first, yesterday, now)
    )
