"""Reports for a date range and location: check-ins, routing, red flags, waits and sessions.

Counted in SQL: a year at a busy location is hundreds of thousands of visits, and loading each
as an object took 110-160 µs a visit (a year of 50,000 in 3-8 s). Four queries return a few
thousand rows at most, whatever the range.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from kiosk_core.clock import day_start
from kiosk_core.config import QUEUES, settings
from kiosk_core.errors import InvalidInput
from kiosk_core.models import Visit
from kiosk_core.queue import location_by_slug
from kiosk_core.wording import flag_text

MAX_DAYS = 366
SHARES = {"median": 0.5, "p90": 0.9}


def percentile(values: list[float], share: float) -> float:
    """Linear-interpolated percentile (share in 0..1); a single value is its own percentile."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Report:
    check_ins: int
    by_queue: dict[str, int]
    flagged: int
    rerouted: int
    per_day: list[dict]  # {"day", "queue", "check_ins"}
    per_hour: list[dict]  # {"hour", "queue", "check_ins"}, clinic time
    red_flags: list[dict]  # {"code", "flag" (in English), "visits"}, grouped by code
    times: list[dict]  # {"queue", "measure", "median", "p90", "visits"} in minutes


def visit_report(*, session: Session, start: date, end: date, location_slug: str) -> Report:
    if end < start:
        raise InvalidInput("The end date is before the start date.")
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput("Please choose at most a year.")
    location = location_by_slug(session, location_slug)
    dialect = session.get_bind().dialect.name
    in_range = (Visit.location_id == location.id, Visit.clinic_day >= start, Visit.clinic_day <= end)
    flagged = sa.func.json_array_length(Visit.flags) > 0
    hour = _clinic_hour(dialect, start, end).label("hour")
    groups = session.execute(
        sa.select(
            Visit.clinic_day,
            hour,
            Visit.routed_queue,
            sa.func.count(),
            sa.func.sum(sa.case((flagged, 1), else_=0)),
            sa.func.sum(sa.case((Visit.rerouted_at.is_not(None), 1), else_=0)),
        )
        .where(*in_range)
        .group_by(Visit.clinic_day, hour, Visit.routed_queue)
    ).all()
    per_day, per_hour = defaultdict(int), defaultdict(int)
    by_queue, flagged_visits, rerouted = dict.fromkeys(QUEUES, 0), 0, 0
    for day, clinic_hour, queue, visits, with_flags, moved in groups:
        per_day[(day, queue)] += visits
        per_hour[(int(clinic_hour), queue)] += visits
        by_queue[queue] = by_queue.get(queue, 0) + visits
        flagged_visits, rerouted = flagged_visits + with_flags, rerouted + moved
    return Report(
        check_ins=sum(by_queue.values()),
        by_queue=by_queue,
        flagged=flagged_visits,
        rerouted=rerouted,
        per_day=[{"day": _day(d).isoformat(), "queue": q, "check_ins": n} for (d, q), n in sorted(per_day.items())],
        per_hour=[{"hour": h, "queue": q, "check_ins": n} for (h, q), n in sorted(per_hour.items())],
        red_flags=_red_flags(session, dialect, in_range, flagged),
        times=_times(session, dialect, in_range),
    )


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _red_flags(session: Session, dialect: str, in_range: tuple, flagged) -> list[dict]:
    """Visits by red-flag code, from the JSON list in Visit.flags; unflagged visits are skipped
    before their JSON is read."""
    if dialect == "postgresql":
        element = sa.func.json_array_elements(Visit.flags).table_valued("value")
        code = element.c.value.op("->>")("code")
    else:
        element = sa.func.json_each(Visit.flags).table_valued("value")
        code = sa.func.json_extract(element.c.value, "$.code")
    rows = session.execute(
        sa.select(code.label("code"), sa.func.count().label("visits"))
        .select_from(Visit)
        .join(element, sa.true())
        .where(*in_range, flagged)
        .group_by(code)
        .order_by(sa.desc("visits"), "code")
    ).all()
    return [{"code": c, "flag": flag_text({"code": c}), "visits": n} for c, n in rows]


def _minutes(dialect: str, start, end):
    """Minutes from `start` to `end`, never below 0 (as clock.minutes_between)."""
    if dialect == "postgresql":
        return sa.cast(sa.func.greatest(sa.extract("epoch", end - start) / 60.0, 0.0), sa.Float)
    return sa.func.max((sa.func.julianday(end) - sa.func.julianday(start)) * 1440.0, 0.0)


def _times(session: Session, dialect: str, in_range: tuple) -> list[dict]:
    """Median and 90th percentile of waits (check-in to call) and sessions (massage time) by
    queue. Each value is interpolated between the two ranks around it (as `percentile`), so SQL
    returns only those rows, numbered by a window function, not every visit's minutes."""
    measures = {
        "wait": (_minutes(dialect, Visit.checked_in_at, Visit.called_at), Visit.called_at.is_not(None)),
        # Massage time only: the in-session periods (a pause is not counted); visits finished
        # before periods were kept count from start to finish.
        "session": (
            sa.func.coalesce(Visit.session_minutes, _minutes(dialect, Visit.started_at, Visit.finished_at)),
            sa.or_(
                Visit.session_minutes.is_not(None),
                sa.and_(Visit.started_at.is_not(None), Visit.finished_at.is_not(None)),
            ),
        ),
    }
    times = []
    for queue in QUEUES:
        for measure, (minutes, measured) in measures.items():
            # One queue at a time: SQLite's window functions cost more with PARTITION BY than
            # the same query run twice (0.135 s against 2 × 0.04 s on 45,000 visits).
            ranked = (
                sa.select(
                    minutes.label("minutes"),
                    (sa.func.row_number().over(order_by=minutes) - 1).label("rank"),
                    sa.func.count().over().label("visits"),
                )
                .where(*in_range, Visit.queue == queue, measured)
                .subquery()
            )
            last = ranked.c.visits - 1
            # Integer division: the rank at or just below share × (visits - 1), for 1/2 and 9/10.
            wanted = [last // 2, last // 2 + 1, last * 9 // 10, last * 9 // 10 + 1]
            rows = session.execute(
                sa.select(ranked.c.rank, ranked.c.minutes, ranked.c.visits).where(ranked.c.rank.in_(wanted))
            ).all()
            if rows:
                at_rank, visits = {rank: value for rank, value, _ in rows}, rows[0][2]
                figures = {name: round(_interpolated(at_rank, visits, share), 1) for name, share in SHARES.items()}
                times.append({"queue": queue, "measure": measure, **figures, "visits": visits})
    return times


def _interpolated(at_rank: dict[int, float], visits: int, share: float) -> float:
    position = share * (visits - 1)
    low = int(position)
    high = min(low + 1, visits - 1)
    return at_rank[low] + (at_rank[high] - at_rank[low]) * (position - low)


def _clinic_hour(dialect: str, start: date, end: date):
    """The hour of the check-in on the clinic's clock. SQLite knows no time zones: its stored
    UTC text is shifted by the zone's offset, which changes only at the range's DST changes."""
    if dialect == "postgresql":
        return sa.cast(sa.extract("hour", sa.func.timezone(settings.timezone, Visit.checked_in_at)), sa.Integer)
    stamp = Visit.checked_in_at
    utc_minute = sa.cast(sa.func.substr(stamp, 12, 2), sa.Integer) * 60 + sa.cast(
        sa.func.substr(stamp, 15, 2), sa.Integer
    )
    changes = _offset_changes(settings.tz, day_start(start), day_start(end + timedelta(days=1)))
    if len(changes) == 1:
        offset = sa.literal(changes[0][1])
    else:  # a CASE picks the offset in force before each change
        offset = sa.case(
            *((stamp < changes[i + 1][0], changes[i][1]) for i in range(len(changes) - 1)), else_=changes[-1][1]
        )
    return (utc_minute + offset + 1440) % 1440 // 60


def _offset_changes(tz: ZoneInfo, begin: datetime, end: datetime) -> list[tuple[datetime, int]]:
    """[(from when, UTC offset in minutes)] over [begin, end): the offset at `begin`, then each
    change, found day by day and narrowed to the minute."""

    def offset(moment: datetime) -> int:
        return int(moment.astimezone(tz).utcoffset().total_seconds() // 60)

    changes = [(begin, offset(begin))]
    moment = begin
    while moment < end:
        later = min(moment + timedelta(days=1), end)
        if offset(later) != changes[-1][1]:
            low, high = moment, later  # the change is in (low, high]
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if offset(middle) == changes[-1][1] else (low, middle)
            changes.append((high.replace(second=0, microsecond=0), offset(high)))
        moment = later
    return changes
