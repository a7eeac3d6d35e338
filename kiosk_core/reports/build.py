"""Reports for a date range and location: check-ins, routing, red flags, waits and sessions.

Past days are read from their daily totals (kiosk_core.reports.day_totals), written once a day is over
(kiosk_core.reports.day_totals_writer); today, and any day not totalled yet, is counted from its visits. A year
of a million visits at one location is then a few thousand rows, not a million: reading every
visit of it took 9 s on SQLite. Without the triggers that keep totals true, every day is counted
from its visits (kiosk_core.reports.scan), as before totals were kept.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from kiosk_core import db
from kiosk_core.errors import InvalidInput
from kiosk_core.intake.wording import flag_name
from kiosk_core.locations import location_by_slug
from kiosk_core.reports import day_totals_writer
from kiosk_core.reports.day_totals import (
    DayTotals,
    done_days,
    from_visits,
    stored_counts,
    stored_flags,
    stored_minute_counts,
    stored_minutes,
)
from kiosk_core.reports.scan import scanned
from kiosk_core.reports.sql import as_day, timed, wanted_ranks
from kiosk_core.vocabulary import Queue

MAX_DAYS = 366
MEASURES = ("wait", "session")


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


def checked_range(start: date, end: date) -> None:
    """InvalidInput for a range that ends before it starts or is longer than a year."""
    if end < start:
        raise InvalidInput("The end date is before the start date.")
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput("Please choose at most a year.")


def visit_report(*, session: Session, start: date, end: date, location_slug: str, scan: bool = False) -> Report:
    """The report from what is there: totals for the days that have them, visits for the rest.
    `scan`: count every day from its visits (the benchmark compares the two)."""
    checked_range(start, end)
    # One snapshot for every read below: the days taken as done, the counts per minute and the
    # values read must agree, even while another server writes totals.
    db.one_snapshot(session)
    location_id = location_by_slug(session, location_slug).id
    if scan or not day_totals_writer.kept(session):
        return _folded(*scanned(session, location_id, start, end))
    done = done_days(session, location_id, start, end)
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    live = from_visits(session, location_id, sorted(set(days) - set(done)))
    counts = stored_counts(session, location_id, done) + [
        (day, hour, queue, *figures) for day, t in live.items() for (hour, queue), figures in t.counts.items()
    ]
    flags = stored_flags(session, location_id, done) + sum((t.flags for t in live.values()), Counter())
    return _folded(counts, flags, _times(session, location_id, done, live))


def _folded(counts: list[tuple], flags: Counter, times: list[dict]) -> Report:
    """The report from (day, hour, queue, check-ins, flagged, rerouted) rows and visits by flag
    code, however they were counted (the scan's or the totals'): one fold, so both agree."""
    per_day, per_hour = Counter(), Counter()
    by_queue, flagged, rerouted = dict.fromkeys(Queue, 0), 0, 0
    for day, hour, queue, visits, with_flags, moved in counts:
        per_day[(as_day(day), queue)] += visits
        per_hour[(int(hour), queue)] += visits
        by_queue[queue] = by_queue.get(queue, 0) + visits
        flagged, rerouted = flagged + with_flags, rerouted + moved
    most_first = sorted(flags.items(), key=lambda code_visits: (-code_visits[1], code_visits[0]))
    return Report(
        check_ins=sum(by_queue.values()),
        by_queue=by_queue,
        flagged=flagged,
        rerouted=rerouted,
        per_day=[{"day": d.isoformat(), "queue": q, "check_ins": n} for (d, q), n in sorted(per_day.items())],
        per_hour=[{"hour": h, "queue": q, "check_ins": n} for (h, q), n in sorted(per_hour.items())],
        red_flags=[{"code": c, "flag": flag_name(c), "visits": n} for c, n in most_first],
        times=times,
    )


def _times(session: Session, location_id: int, done: list[date], live: dict[date, DayTotals]) -> list[dict]:
    """Median and 90th percentile of waits and sessions by queue, as the scan gives them: the
    counts per whole minute place each wanted rank in its minute; the exact values of those
    minutes alone are then read and sorted."""
    per_minute = stored_minute_counts(session, location_id, done)
    live_values: dict[tuple, list[float]] = {}
    for t in live.values():
        for key, values in t.times.items():
            live_values.setdefault(key, []).extend(values)
            per_minute[key] += len(values)
    places = {}  # (queue, measure): (visits, {rank: (minute, rank within the minute)})
    for queue in Queue:
        for measure in MEASURES:
            minutes = sorted((key[2], n) for key, n in per_minute.items() if key[:2] == (queue, measure) and n)
            visits = sum(n for _, n in minutes)
            if visits:
                places[(queue, measure)] = (visits, _placed(minutes, wanted_ranks(visits)))
    wanted = {(q, m, minute) for (q, m), (_, at) in places.items() for minute, _ in at.values()}
    values = stored_minutes(session, location_id, done, wanted)
    for key in wanted:
        values[key] = sorted(values.get(key, []) + live_values.get(key, []))
    times = []
    for (queue, measure), (visits, at) in places.items():
        at_rank = {rank: values[(queue, measure, minute)][within] for rank, (minute, within) in at.items()}
        times.append(timed(queue, measure, at_rank, visits))
    return times


def _placed(minutes: list[tuple[int, int]], ranks: list[int]) -> dict[int, tuple[int, int]]:
    """{rank: (its whole minute, its rank among that minute's values)} for each rank that
    exists (the rank after the last is never read: interpolation stops at the last value)."""
    placed, below = {}, 0
    for minute, n in minutes:
        for rank in ranks:
            if below <= rank < below + n:
                placed[rank] = (minute, rank - below)
        below += n
    return placed
