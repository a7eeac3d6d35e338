"""A 366-day report at one location over a history of a million visits, SQLite and PostgreSQL.

    .venv/bin/python -m bench.report_year [--db sqlite|postgres] [--visits 1000000] [--per-day 300]
                                          [--runs 5] [--crowded]

The history is written straight through the driver (COPY on PostgreSQL): days of visits with
waits, sessions, reroutes and red flags, `--per-day` a day over both locations (300: a million
visits is nine years), up to yesterday. The report is the last 366 days at one location.
`--crowded` puts every visit in those 366 days at that location (the worst case). Prints the
report's median and worst time. Asserts nothing about speed.
"""

import argparse
import json
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from bench.load import LOCATION, FreshDatabase
from kiosk_core import db
from kiosk_core.clock import clinic_day, day_start
from kiosk_core.models import Client, Location
from kiosk_core.reports import visit_report

COLUMNS = [
    *("location_id", "client_id", "clinic_day", "queue", "routed_queue", "ticket_code", "status", "intake_json"),
    *("reasons", "flags", "language", "reroute_reason", "checked_in_at", "called_at", "started_at", "finished_at"),
    "rerouted_at",
]
# One visit in ten has a red flag, one in ten has two.
FLAGS = ([],) * 8 + ([{"code": "pregnancy"}], [{"code": "severe_pain", "pain": 9}, {"code": "fever"}])


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


def measure(kind: str, total: int, per_day: int, runs: int, crowded: bool) -> None:
    days = 366
    per_day = -(-total // days) if crowded else per_day
    with FreshDatabase(kind) as url:
        engine = db.make_engine(url)
        began = time.perf_counter()
        last = fill(engine, total, per_day, crowded)
        filled = time.perf_counter() - began
        timings = []
        for _ in range(runs):
            with db.read_session(engine) as session:
                began = time.perf_counter()
                report = visit_report(
                    session=session, start=last - timedelta(days=days - 1), end=last, location_slug=LOCATION
                )
                timings.append(time.perf_counter() - began)
        print(
            f"{kind:8s} {days}-day report of {report.check_ins} visits at one location, {total} in the database "
            f"(written in {filled:.0f} s): median "
            f"{statistics.median(timings):.3f} s, worst {max(timings):.3f} s ({runs} runs); "
            f"{len(report.per_day)} day rows, {len(report.red_flags)} red flag codes, {len(report.times)} time rows"
        )
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--per-day", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--crowded", action="store_true", help="every visit in the report's year and location")
    args = parser.parse_args()
    for kind in args.db or ["sqlite", "postgres"]:
        measure(kind, args.visits, args.per_day, args.runs, args.crowded)


if __name__ == "__main__":
    main()
