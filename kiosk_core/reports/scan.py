"""A report counted from every visit of the range in one pass: four queries that return a few
hundred rows whatever the range, but read every visit of it (a year of a million visits at one
location: 9 s on SQLite). Used when the daily totals can't be trusted (kiosk_core.reports.day_totals),
and kept for the benchmark and the tests to compare against."""

from collections import Counter
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from kiosk_core.models import Visit
from kiosk_core.reports.sql import (
    FLAGGED,
    counts_by_day_hour_queue,
    flag_codes,
    measures,
    timed,
    wanted_ranks,
)
from kiosk_core.vocabulary import Queue


def scanned(session: Session, location_id: int, start: date, end: date) -> tuple[list, Counter, list[dict]]:
    """What a report is made of, counted from the visits themselves: (rows of day, clinic hour,
    routed queue, check-ins, flagged and rerouted; visits by red-flag code; waits and sessions).
    kiosk_core.reports.build folds them as it folds the totals'."""
    dialect = session.get_bind().dialect.name
    in_range = (Visit.location_id == location_id, Visit.clinic_day >= start, Visit.clinic_day <= end)
    counts = session.execute(counts_by_day_hour_queue(dialect, in_range, start, end)).all()
    return counts, _red_flags(session, dialect, in_range), _times(session, dialect, in_range)


def _red_flags(session: Session, dialect: str, in_range: tuple) -> Counter:
    """Visits by red-flag code; unflagged visits are skipped before their JSON is read."""
    element, code = flag_codes(dialect)
    rows = session.execute(
        sa.select(code, sa.func.count())
        .select_from(Visit)
        .join(element, sa.true())
        .where(*in_range, FLAGGED)
        .group_by(code)
    )
    return Counter(dict(rows.all()))


def _times(session: Session, dialect: str, in_range: tuple) -> list[dict]:
    """Median and 90th percentile of waits and sessions by queue. Each value is interpolated
    between the two ranks around it, so SQL returns only those rows, numbered by a window
    function, not every visit's minutes."""
    times = []
    for queue in Queue:
        for measure, (minutes, measured) in measures(dialect).items():
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
            wanted = wanted_ranks(ranked.c.visits)  # SQL expressions: // on integers is integer division
            rows = session.execute(
                sa.select(ranked.c.rank, ranked.c.minutes, ranked.c.visits).where(ranked.c.rank.in_(wanted))
            ).all()
            if rows:
                times.append(timed(queue, measure, {rank: value for rank, value, _ in rows}, rows[0][2]))
    return times
