"""A clinic day's report figures at a location: counted from its visits, and read back from the
totals kept for past days (tables ReportDay, ReportCount, ReportFlag, ReportTime; written by
kiosk_core.reports.day_totals_writer).

What a day holds is what the report groups by: check-ins, red-flagged and rerouted visits per
clinic hour and routed queue; red flags per code; and waits and sessions per queue by whole
minute, with the exact minutes. The report shows medians and 90th percentiles to a tenth of a
minute, interpolated between two visits: a histogram alone would move them, so the counts per
minute say where the wanted ranks are and only those minutes' values are read.
"""

import math
import sys
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from kiosk_core.config import settings
from kiosk_core.models import ReportCount, ReportDay, ReportFlag, ReportTime, Visit
from kiosk_core.reports.sql import FLAGGED, as_day, counts_by_day_hour_queue, flag_codes, measures

# Bump when what a day holds, or how it is counted, changes: totals of another version are then
# left aside and counted again. The time zone is part of the basis, since it places the hours.
VERSION = 1


def basis() -> str:
    return f"{VERSION} {settings.timezone}"


def packed(values: list[float]) -> bytes:
    """Floats as little-endian doubles: exact, and packed or unpacked at C speed."""
    doubles = array("d", values)
    if sys.byteorder == "big":
        doubles.byteswap()
    return doubles.tobytes()


def unpacked(data: bytes) -> array:
    doubles = array("d")
    doubles.frombytes(data)
    if sys.byteorder == "big":
        doubles.byteswap()
    return doubles


@dataclass
class DayTotals:
    # (hour, routed queue): [check-ins, flagged, rerouted]
    counts: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    flags: Counter = field(default_factory=Counter)  # code: visits
    times: dict[tuple[str, str, int], list[float]] = field(default_factory=dict)  # (queue, measure, minute): minutes


def from_visits(session: Session, location_id: int, days: list[date]) -> dict[date, DayTotals]:
    """Each of `days` counted from its visits (a day without any has empty totals)."""
    totals = {day: DayTotals() for day in days}
    if not days:
        return totals
    dialect = session.get_bind().dialect.name
    of_days = (Visit.location_id == location_id, Visit.clinic_day.in_(days))
    grouped = session.execute(counts_by_day_hour_queue(dialect, of_days, min(days), max(days)))
    for day, clinic_hour_, queue, visits, with_flags, moved in grouped:
        totals[as_day(day)].counts[(int(clinic_hour_), queue)] = [visits, with_flags, moved]
    element, code = flag_codes(dialect)
    for day, flag, visits in session.execute(
        sa.select(Visit.clinic_day, code, sa.func.count())
        .select_from(Visit)
        .join(element, sa.true())
        .where(*of_days, FLAGGED)
        .group_by(Visit.clinic_day, code)
    ):
        totals[as_day(day)].flags[flag] = visits
    # Every measured visit's minutes, by the same expressions as the scan's, so each value is the
    # very same float: one pass over the days' visits for both measures, through Core, the day as
    # stored (a date parsed once per day, not per visit).
    measured = measures(dialect)
    (wait, waited), (session_time, sessioned) = measured["wait"], measured["session"]
    stored_day = sa.type_coerce(Visit.clinic_day, sa.String)
    times_of: dict = {}
    for day, queue, waited_minutes, session_minutes in session.connection().execute(
        sa.select(stored_day, Visit.queue, sa.case((waited, wait)), sa.case((sessioned, session_time))).where(
            *of_days, sa.or_(waited, sessioned)
        )
    ):
        times = times_of.get(day)
        if times is None:
            times = times_of[day] = totals[as_day(day)].times
        if waited_minutes is not None:
            times.setdefault((queue, "wait", math.floor(waited_minutes)), []).append(waited_minutes)
        if session_minutes is not None:
            times.setdefault((queue, "session", math.floor(session_minutes)), []).append(session_minutes)
    for day_totals in totals.values():
        for values in day_totals.times.values():
            values.sort()
    return totals


def rows(location_id: int, day: date, totals: DayTotals) -> dict[type, list[dict]]:
    """The day's rows to store, by table."""
    key = {"location_id": location_id, "clinic_day": day}
    return {
        ReportCount: [
            {**key, "hour": h, "queue": q, "check_ins": n, "flagged": f, "rerouted": r}
            for (h, q), (n, f, r) in totals.counts.items()
        ],
        ReportFlag: [{**key, "code": c, "visits": n} for c, n in totals.flags.items()],
        ReportTime: [
            {**key, "queue": q, "measure": m, "minute": minute, "visits": len(v), "minutes": packed(v)}
            for (q, m, minute), v in totals.times.items()
        ],
    }


# Reading the stored totals of `days`, the done ones (done_days). The caller reads them in one
# snapshot (reports.visit_report), so that those days, the counts per minute and the values read
# agree. The days are given as a list, not joined with ReportDay: without fresh statistics
# (totals just written) PostgreSQL chose a nested loop that took 2.6 s for 30,000 rows.


def done_days(session: Session, location_id: int, start: date, end: date) -> list[date]:
    days = session.execute(
        sa.select(ReportDay.clinic_day).where(
            ReportDay.location_id == location_id,
            ReportDay.clinic_day.between(start, end),
            ReportDay.totalled_at.is_not(None),
            ReportDay.basis == basis(),
        )
    ).scalars()
    return sorted(as_day(day) for day in days)


def _of(table, location_id: int, days: list[date]) -> tuple:
    # The range as well as the list: with it, both planners read the range's rows from an index
    # led by (location, day), even without statistics; with the list alone they chose to read
    # every row of the location, of every year.
    return table.location_id == location_id, table.clinic_day.between(days[0], days[-1]), table.clinic_day.in_(days)


def stored_counts(session: Session, location_id: int, days: list[date]) -> list[tuple]:
    """(day, hour, queue, check-ins, flagged, rerouted) of `days`."""
    if not days:
        return []
    t = ReportCount
    # Through Core, the day as stored: a year is thousands of rows, and the ORM's rows cost more
    # than reading them.
    day = sa.type_coerce(t.clinic_day, sa.String)
    return (
        session.connection()
        .execute(sa.select(day, t.hour, t.queue, t.check_ins, t.flagged, t.rerouted).where(*_of(t, location_id, days)))
        .all()
    )


def stored_flags(session: Session, location_id: int, days: list[date]) -> Counter:
    if not days:
        return Counter()
    t = ReportFlag
    rows = session.execute(sa.select(t.code, sa.func.sum(t.visits)).where(*_of(t, location_id, days)).group_by(t.code))
    return Counter(dict(rows.all()))


def stored_minute_counts(session: Session, location_id: int, days: list[date]) -> Counter:
    """{(queue, measure, minute): visits} over `days`."""
    if not days:
        return Counter()
    t = ReportTime
    rows = session.execute(
        sa.select(t.queue, t.measure, t.minute, sa.func.sum(t.visits))
        .where(*_of(t, location_id, days))
        .group_by(t.queue, t.measure, t.minute)
    )
    return Counter({(q, m, minute): n for q, m, minute, n in rows})


def stored_minutes(
    session: Session, location_id: int, days: list[date], wanted: set[tuple[str, str, int]]
) -> dict[tuple[str, str, int], list[float]]:
    """The exact values of the `wanted` (queue, measure, minute) over `days`, unsorted."""
    found: dict[tuple[str, str, int], list[float]] = defaultdict(list)
    if not days:
        return found
    t = ReportTime
    for queue, measure in sorted({(q, m) for q, m, _ in wanted}):
        # Each (queue, measure, minute) of the key, then each day: seeks, no scan.
        minutes = sorted(minute for q, m, minute in wanted if (q, m) == (queue, measure))
        for minute, values in session.execute(
            sa.select(t.minute, t.minutes).where(
                *_of(t, location_id, days), t.queue == queue, t.measure == measure, t.minute.in_(minutes)
            )
        ):
            found[(queue, measure, minute)].extend(unpacked(values))
    return found
