"""A report counted from every visit of the range in one pass: four queries that return a few
hundred rows whatever the range, but read every visit of it (a year of a million visits at one
location: 9 s on SQLite). Used when the daily totals can't be trusted (kiosk_core.reports.day_totals),
and kept for the benchmark and the tests to compare against."""

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from kiosk_core.intake.wording import flag_name
from kiosk_core.models import Visit
from kiosk_core.reports.sql import (
    FLAGGED,
    as_day,
    counts_by_day_hour_queue,
    figures,
    flag_codes,
    measures,
    wanted_ranks,
)
from kiosk_core.vocabulary import Queue


def scanned(session: Session, location_id: int, start: date, end: date) -> dict:
    """The fields of a reports.Report, counted from the visits themselves."""
    dialect = session.get_bind().dialect.name
    in_range = (Visit.location_id == location_id, Visit.clinic_day >= start, Visit.clinic_day <= end)
    groups = session.execute(counts_by_day_hour_queue(dialect, in_range, start, end)).all()
    per_day, per_hour = defaultdict(int), defaultdict(int)
    by_queue, flagged_visits, rerouted = dict.fromkeys(Queue, 0), 0, 0
    for day, clinic_hour_, queue, visits, with_flags, moved in groups:
        per_day[(as_day(day), queue)] += visits
        per_hour[(int(clinic_hour_), queue)] += visits
        by_queue[queue] = by_queue.get(queue, 0) + visits
        flagged_visits, rerouted = flagged_visits + with_flags, rerouted + moved
    return {
        "check_ins": sum(by_queue.values()),
        "by_queue": by_queue,
        "flagged": flagged_visits,
        "rerouted": rerouted,
        "per_day": [{"day": d.isoformat(), "queue": q, "check_ins": n} for (d, q), n in sorted(per_day.items())],
        "per_hour": [{"hour": h, "queue": q, "check_ins": n} for (h, q), n in sorted(per_hour.items())],
        "red_flags": _red_flags(session, dialect, in_range),
        "times": _times(session, dialect, in_range),
    }


def _red_flags(session: Session, dialect: str, in_range: tuple) -> list[dict]:
    """Visits by red-flag code; unflagged visits are skipped before their JSON is read."""
    element, code = flag_codes(dialect)
    rows = session.execute(
        sa.select(code.label("code"), sa.func.count().label("visits"))
        .select_from(Visit)
        .join(element, sa.true())
        .where(*in_range, FLAGGED)
        .group_by(code)
        .order_by(sa.desc("visits"), "code")
    ).all()
    return [{"code": c, "flag": flag_name(c), "visits": n} for c, n in rows]


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
                at_rank, visits = {rank: value for rank, value, _ in rows}, rows[0][2]
                times.append({"queue": queue, "measure": measure, **figures(at_rank, visits), "visits": visits})
    return times
