"""Many tablets on many server processes, checking in through the tablet's own service.

    .venv/bin/python -m bench.load [--db sqlite|postgres] [--processes 2] [--threads 8]
                                   [--per-thread 200] [--burn 0]

N OS processes (each its own engine and pool, as `streamlit run` servers are) × M threads (the
tablets) × K check-ins each, all at one location on one day, through
`kiosk_core.screens.tablet.check_in_client`. Prints throughput, latency percentiles, errors, and the
duplicate and missing ticket numbers found in the database afterwards. `--burn N` keeps N more
processes spinning on the CPU meanwhile (a busy machine). Asserts nothing about speed.
"""

import argparse
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from kiosk_core import db
from kiosk_core.clients.registry import ClientCreate, register_client
from kiosk_core.config import load_clinic
from kiosk_core.intake.answers import Goal, Intake
from kiosk_core.intake.draft import Draft
from kiosk_core.models import Visit
from kiosk_core.percentile import percentile

PG_SERVER = os.environ.get("KIOSK_TEST_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
LOCATION = "north-syracuse"
# Half go to each queue, so both ticket counters are contended.
ANSWERS = [
    Intake(goal=Goal.RELAX, pain=2, stress=7, full_body=True, safety=["none"]).answers(),
    Intake(goal=Goal.TREAT_PROBLEM, pain=6, stress=4, conditions=frozenset({"sciatica"}), safety=["none"]).answers(),
]


@dataclass
class Result:
    check_ins: int
    seconds: float
    latencies: list[float]  # seconds, successful check-ins only
    errors: Counter = field(default_factory=Counter)  # message -> how many
    duplicates: int = 0  # ticket codes held by more than one visit
    missing: int = 0  # numbers below a counter's last number that no visit holds

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    def line(self) -> str:
        ordered = sorted(self.latencies)
        ms = {p: percentile(ordered, p / 100) * 1000 if ordered else float("nan") for p in (50, 95, 99)}
        return (
            f"{self.check_ins} check-ins in {self.seconds:.2f} s = {len(self.latencies) / self.seconds:.0f}/s; "
            f"p50 {ms[50]:.1f} ms, p95 {ms[95]:.1f} ms, p99 {ms[99]:.1f} ms; "
            f"{self.failed} errors, {self.duplicates} duplicate and {self.missing} missing ticket numbers"
        )


def register_clients(engine: sa.Engine, count: int) -> list[int]:
    """One new client per check-in: a client has one open visit a day."""
    with db.write_session(engine) as session:
        clients = [
            register_client(
                session=session,
                client_create=ClientCreate(first_name="Load", last_name="Test", phone=f"315{n:07d}"),
            ).client
            for n in range(count)
        ]
        session.flush()
        return [client.id for client in clients]


def _worker(batches: list[list[int]], barrier, results) -> None:
    """One server process: its own engine (from DATABASE_URL), one thread per tablet."""
    from kiosk_core.screens import tablet

    clinic = load_clinic()
    with db.read_session() as session:  # connect before the start, as a running server would be
        session.execute(sa.text("SELECT 1"))
    outcomes: list[tuple[float, str | None]] = []
    start = threading.Barrier(len(batches))

    def tablet_thread(batch: list[int]) -> None:
        start.wait()
        for n, client_id in enumerate(batch):
            began = time.perf_counter()
            try:
                tablet.check_in_client(
                    clinic=clinic, location_slug=LOCATION, client_id=client_id, draft=Draft(answers=ANSWERS[n % 2])
                )
                outcomes.append((time.perf_counter() - began, None))
            except Exception as error:  # counted and reported, never hidden
                outcomes.append((time.perf_counter() - began, f"{type(error).__name__}: {error}"[:200]))

    threads = [threading.Thread(target=tablet_thread, args=(batch,)) for batch in batches]
    barrier.wait()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(outcomes)


def _burn(stop) -> None:
    while not stop.is_set():
        sum(range(10_000))


def check_tickets(engine: sa.Engine) -> tuple[int, int]:
    """(duplicate, missing) ticket numbers in the database, per location, day and prefix."""
    with engine.connect() as connection:
        codes = connection.execute(sa.select(Visit.location_id, Visit.clinic_day, Visit.ticket_code)).all()
    seen = Counter(codes)
    duplicates = sum(n - 1 for n in seen.values())
    numbers: dict[tuple, set[int]] = {}
    for location_id, day, code in seen:
        prefix, number = code.split("-")
        numbers.setdefault((location_id, day, prefix), set()).add(int(number))
    missing = sum(max(held) - len(held) for held in numbers.values())
    return duplicates, missing


def run(url: str, *, processes: int, threads: int, per_thread: int, burn: int = 0) -> Result:
    """Check in processes × threads × per_thread new clients at once; the database is initialised."""
    engine = db.make_engine(url)
    client_ids = register_clients(engine, processes * threads * per_thread)
    context = multiprocessing.get_context("spawn")
    barrier, results, stop = context.Barrier(processes + 1), context.Queue(), context.Event()
    tablets = [client_ids[i :: processes * threads] for i in range(processes * threads)]
    workers = [
        context.Process(target=_worker, args=(tablets[p * threads : (p + 1) * threads], barrier, results))
        for p in range(processes)
    ]
    burners = [context.Process(target=_burn, args=(stop,)) for _ in range(burn)]
    before = os.environ.get("DATABASE_URL")
    os.environ["DATABASE_URL"] = url  # read by each spawned process's settings, then put back
    try:
        for process in [*burners, *workers]:
            process.start()
    finally:
        if before is None:
            del os.environ["DATABASE_URL"]
        else:
            os.environ["DATABASE_URL"] = before
    barrier.wait()
    began = time.perf_counter()
    outcomes = [outcome for _ in workers for outcome in results.get()]
    seconds = time.perf_counter() - began
    stop.set()
    for process in [*workers, *burners]:
        process.join()
    result = Result(
        check_ins=len(outcomes),
        seconds=seconds,
        latencies=[latency for latency, error in outcomes if error is None],
        errors=Counter(error for _, error in outcomes if error is not None),
    )
    result.duplicates, result.missing = check_tickets(engine)
    engine.dispose()
    return result


class FreshDatabase:
    """A new, initialised SQLite file or PostgreSQL database, removed afterwards."""

    def __init__(self, kind: str) -> None:
        self.kind, self.name = kind, f"kiosk_bench_{uuid.uuid4().hex[:8]}"
        self.admin = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")

    def __enter__(self) -> str:
        if self.kind == "sqlite":
            self.folder = tempfile.mkdtemp(prefix="kiosk-bench-")
            self.url = f"sqlite:///{self.folder}/bench.db"
        else:
            with self.admin.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{self.name}"')
            self.url = f"{PG_SERVER}/{self.name}"
        engine = db.make_engine(self.url)
        db.init_db(engine, load_clinic())
        engine.dispose()
        return self.url

    def __exit__(self, *_) -> None:
        if self.kind == "sqlite":
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            with self.admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        self.admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--per-thread", type=int, default=200)
    parser.add_argument("--burn", type=int, default=0, help="extra processes spinning on the CPU meanwhile")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    for kind in args.db or ["sqlite", "postgres"]:
        with FreshDatabase(kind) as url:
            result = run(
                url, processes=args.processes, threads=args.threads, per_thread=args.per_thread, burn=args.burn
            )
        print(f"{kind:8s} {args.processes} process(es) x {args.threads} tablets x {args.per_thread}: {result.line()}")
        for message, count in result.errors.most_common(3):
            print(f"         {count} x {message}")


if __name__ == "__main__":
    main()
