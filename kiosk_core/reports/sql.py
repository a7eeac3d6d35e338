"""What a report counts, in SQL, for both of its ways of counting: the whole range in one pass
(kiosk_core.reports.scan) and one clinic day at a time (kiosk_core.reports.day_totals). One definition of
the clinic hour, of minutes and of the red-flag codes, so both give the very same figures."""

from datetime import date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from kiosk_core.clock import day_start
from kiosk_core.config import settings
from kiosk_core.models import Visit
from kiosk_core.percentile import percentile

# Exact fractions: the ranks a percentile reads (kiosk_core.percentile.ranks_around) are then
# the very ones integer division finds in SQL (wanted_ranks).
SHARES = {"median": Fraction(1, 2), "p90": Fraction(9, 10)}
FLAGGED = sa.func.json_array_length(Visit.flags) > 0


def as_day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def measures(dialect: str) -> dict[str, tuple]:
    """{measure: (its minutes, whether a visit has it)}: waits (check-in to call) and sessions."""
    return {
        "wait": (minutes(dialect, Visit.checked_in_at, Visit.called_at), Visit.called_at.is_not(None)),
        # Massage time only: the in-session periods (a pause is not counted); visits finished
        # before periods were kept count from start to finish.
        "session": (
            sa.func.coalesce(Visit.session_minutes, minutes(dialect, Visit.started_at, Visit.finished_at)),
            sa.or_(
                Visit.session_minutes.is_not(None),
                sa.and_(Visit.started_at.is_not(None), Visit.finished_at.is_not(None)),
            ),
        ),
    }


def minutes(dialect: str, start, end):
    """Minutes from `start` to `end`, never below 0 (as clock.minutes_between)."""
    if dialect == "postgresql":
        return sa.cast(sa.func.greatest(sa.extract("epoch", end - start) / 60.0, 0.0), sa.Float)
    return sa.func.max((sa.func.julianday(end) - sa.func.julianday(start)) * 1440.0, 0.0)


def flag_codes(dialect: str) -> tuple:
    """(a visit's flags as rows to join, the code of each): read from the JSON list in Visit.flags."""
    if dialect == "postgresql":
        element = sa.func.json_array_elements(Visit.flags).table_valued("value")
        return element, element.c.value.op("->>")("code")
    element = sa.func.json_each(Visit.flags).table_valued("value")
    return element, sa.func.json_extract(element.c.value, "$.code")


def counts_by_day_hour_queue(dialect: str, where: tuple, first: date, last: date) -> sa.Select:
    """(day, clinic hour, routed queue, check-ins, flagged, rerouted) of the visits `where` picks,
    all of days `first` to `last`."""
    hour = clinic_hour(dialect, first, last).label("hour")
    return (
        sa.select(
            Visit.clinic_day,
            hour,
            Visit.routed_queue,
            sa.func.count(),
            sa.func.sum(sa.case((FLAGGED, 1), else_=0)),
            sa.func.sum(sa.case((Visit.rerouted_at.is_not(None), 1), else_=0)),
        )
        .where(*where)
        .group_by(Visit.clinic_day, hour, Visit.routed_queue)
    )


def wanted_ranks(visits) -> list:
    """The ranks (from 0) around each of SHARES: integer division gives the rank at or just below
    share × (visits - 1). `visits` is an int, or an Integer SQL expression (SQLAlchemy's // on
    integers is integer division on both databases)."""
    last = visits - 1
    below = [last * share.numerator // share.denominator for share in SHARES.values()]
    return [rank for low in below for rank in (low, low + 1)]


def timed(queue: str, measure: str, at_rank: dict[int, float], visits: int) -> dict:
    """A report's line of waits or sessions: each of SHARES of `visits` values, to a tenth of a
    minute, from the values at their wanted ranks (the scan and the totals find them each their way)."""
    figures = {name: round(percentile(at_rank, share, visits), 1) for name, share in SHARES.items()}
    return {"queue": queue, "measure": measure, **figures, "visits": visits}


def clinic_hour(dialect: str, start: date, end: date):
    """The hour of the check-in on the clinic's clock, for visits of days `start` to `end`. SQLite
    knows no time zones: its stored UTC text is shifted by the zone's offset, which changes only
    at the range's DST changes."""
    if dialect == "postgresql":
        return sa.cast(sa.extract("hour", sa.func.timezone(settings.timezone, Visit.checked_in_at)), sa.Integer)
    stamp = Visit.checked_in_at
    utc_minute = sa.cast(sa.func.substr(stamp, 12, 2), sa.Integer) * 60 + sa.cast(
        sa.func.substr(stamp, 15, 2), sa.Integer
    )
    changes = offset_changes(settings.tz, day_start(start), day_start(end + timedelta(days=1)))
    if len(changes) == 1:
        offset = sa.literal(changes[0][1])
    else:  # a CASE picks the offset in force before each change
        offset = sa.case(
            *((stamp < changes[i + 1][0], changes[i][1]) for i in range(len(changes) - 1)), else_=changes[-1][1]
        )
    return (utc_minute + offset + 1440) % 1440 // 60


def offset_changes(tz: ZoneInfo, begin: datetime, end: datetime) -> list[tuple[datetime, int]]:
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
