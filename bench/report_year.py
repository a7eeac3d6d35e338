"""A 366-day report at one location over a history of a million visits, SQLite and PostgreSQL.

    .venv/bin/python -m bench.report_year [--db sqlite|postgres] [--history spread|crowded]
                                          [--visits 1000000] [--per-day 300] [--runs 5] [--crowded]

The history is written straight through the driver (COPY on PostgreSQL): days of visits with
waits, sessions, reroutes and red flags, up to yesterday. `spread`: `--per-day` a day over both
locations (300: a million visits is nine years). `crowded`: every visit in the report's 366 days
at its location (the worst case; `--crowded` runs this one alone). The report is the last 366
days at one location. For each database and history it prints: the one pass over the visits
that reports made before daily totals (`visit_report(scan=True)`, median and worst of `--runs`),
the first report as the Reports page asks for it (`build_report`: it totals the 366 days), the
next ones (from the totals), one after a write to a visit of a past day (that day is counted
again), and whether all gave the same figures. Asserts nothing about speed.
"""

import argparse
import json
import os
import shutil
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bench.load import LOCATION, FreshDatabase
from kiosk_core import db
from kiosk_core.clock import clinic_day, day_start
from kiosk_core.models import Client, Location, ReportCount, ReportDay, ReportFlag, ReportTime, Visit
from kiosk_core.percentile import median
from kiosk_core.reports.build import visit_report
from kiosk_core.screens.staff_desk import build_report

COLUMNS = [
    *("location_id", "client_id", "clinic_day", "queue", "routed_queue", "ticket_code", "status", "intake_json"),
    *("reasons", "flags", "language", "reroute_reason", "checked_in_at", "called_at", "started_at", "finished_at"),
    "rerouted_at",
]
# One visit in ten has a red flag, one in ten has two.
FLAGS = ([],) * 8 + ([{"code": "pregnant"}], [{"code": "severe_pain", "pain": 9}, {"code": "fever_or_contagious"}])


def history(locations: list[int], client_id: int, first: date, per_day: int, total: int):
    """`total` visits, `per_day` a clinic day from `first`, as tuples in COLUMNS order."""
    for n in range(total):
        day = first + timedelta(days=n // per_day)
        k = n % per_day
        checked_in = day_start(day) + timedelta(hours=8, seconds=k * 40_000 // per_day)
        called = checked_in + timedelta(minutes=k % 45) if k % 10 else None
        started = called + timedelta(minutes=2) if called else None
        finished = started + timedelta(minutes=30 + k % 31) if started else None
        queue = "medical" if k % 3 == 0 else "therapeutic"
        rerouted = checked_in + timedelta(minutes=1) if k % 50 == 0 else None
        flags = json.dumps(FLAGS[k // len(locations) % len(FLAGS)])
        yield (
            locations[k % len(locations)], client_id, day, queue, queue, f"{queue[0]}-{k:03d}", "done", "{}", "[]",
            flags, "en", "", checked_in, called, started, finished, rerouted,
        )  # fmt: skip


def fill(engine, total: int, per_day: int, crowded: bool) -> date:
    """Write the history; returns its last day."""
    with db.write_session(engine) as session:
        ids = {loc.slug: loc.id for loc in session.exec(Location.__table__.select())}
        locations = [ids[LOCATION]] if crowded else list(ids.values())
        client = Client(first_name="History", last_name="Client", phone="3155550000")
        session.add(client)
        session.flush()
        client_id = client.id
    last = clinic_day(datetime.now(UTC)) - timedelta(days=1)
    days = -(-total // per_day)
    rows = history(locations, client_id, last - timedelta(days=days - 1), per_day, total)
    raw = engine.raw_connection()
    try:
        if engine.dialect.name == "sqlite":
            # As SQLAlchemy stores them on SQLite: naive UTC text, dates as text.
            def plain(value):
                return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(value, datetime) else value

            marks = ", ".join("?" * len(COLUMNS))
            raw.execute("BEGIN")
            raw.executemany(
                f"INSERT INTO visit ({', '.join(COLUMNS)}) VALUES ({marks})",
                (tuple(plain(v) for v in row) for row in rows),
            )
            raw.execute("COMMIT")
        else:
            with raw.cursor() as cursor, cursor.copy(f"COPY visit ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            raw.commit()
            with raw.cursor() as cursor:
                cursor.execute("ANALYZE visit")
            raw.commit()
    finally:
        raw.close()
    return last


def _timed(work):
    began = time.perf_counter()
    result = work()
    return time.perf_counter() - began, result


def _spread(timings: list[float]) -> str:
    return f"median {median(timings):.3f} s, worst {max(timings):.3f} s ({len(timings)} runs)"


def measure(kind: str, history: str, total: int, per_day: int, runs: int) -> None:
    days, crowded = 366, history == "crowded"
    per_day = -(-total // days) if crowded else per_day
    with FreshDatabase(kind) as url:
        engine = db.make_engine(url)
        filled, last = _timed(lambda: fill(engine, total, per_day, crowded))
        load = os.getloadavg()[0]
        start = last - timedelta(days=days - 1)

        def scanned():
            with db.read_session(engine) as session:
                return visit_report(session=session, start=start, end=last, location_slug=LOCATION, scan=True)

        def built():
            return build_report(engine=engine, start=start, end=last, location_slug=LOCATION)

        scans = [_timed(scanned) for _ in range(runs)]
        first_time, first = _timed(built)
        nexts = [_timed(built) for _ in range(runs)]
        _touch_one_visit(engine, last - timedelta(days=100))
        changed_time, changed = _timed(built)
        same = all(r == scans[0][1] for r in (first, *(r for _, r in nexts))) and changed == scanned()
        with db.read_session(engine) as session:
            stored = {
                table.__tablename__: session.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for table in (ReportDay, ReportCount, ReportFlag, ReportTime)
            }
        print(
            f"{kind:8s} {history}: {first.check_ins} visits in the {days} days at one location, {total} in the "
            f"database (written in {filled:.0f} s); load average {load:.1f} to {os.getloadavg()[0]:.1f} "
            f"({os.cpu_count()} CPUs)\n"
            f"  one pass over the visits (as before totals): {_spread([t for t, _ in scans])}\n"
            f"  first report, totalling the {days} days:  {first_time:.3f} s\n"
            f"  next reports, from the totals:             {_spread([t for t, _ in nexts])}\n"
            f"  after a write to one past visit:           {changed_time:.3f} s (its day counted again)\n"
            f"  same figures as the one pass: {'yes' if same else 'NO'}; rows kept: {stored}"
        )
        engine.dispose()
        if kind == "sqlite":
            shutil.rmtree(Path(make_url(url).database).parent, ignore_errors=True)


def _touch_one_visit(engine, day) -> None:
    """A write that changes nothing but still drops the day's totals (the triggers see a write)."""
    with db.write_session(engine) as session:
        one = session.execute(sa.select(sa.func.min(Visit.id)).where(Visit.clinic_day == day)).scalar_one()
        session.execute(sa.update(Visit).where(Visit.id == one).values(status=Visit.status))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--history", choices=["spread", "crowded"], action="append")
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--crowded", action="store_true", help="the crowded history only (as --history crowded)")
    args = parser.parse_args()
    histories = args.history or (["crowded"] if args.crowded else ["spread", "crowded"])
    for kind in args.db or ["sqlite", "postgres"]:
        for history in histories:
            measure(kind, history, args.visits, args.per_day, args.runs)


if __name__ == "__main__":
    main()
