"""What one check-in costs next to the cheapest possible write on the same database.

    .venv/bin/python -m bench.checkin_cost [--db sqlite|postgres] [--rounds 20] [--profile]

Side by side, in alternating rounds of 25 on one database and one connection pool:
- raw: the driver's own connection, BEGIN, one INSERT of an audit row, COMMIT;
- core: the same through SQLAlchemy Core (`engine.begin()`, one insert), what any write here pays;
- write: the check-in's write transaction alone (`open_or_create_visit` in a write session);
- tablet: what the tablet calls (`tablet.check_in_client`): the answers checked, the write
  transaction, then the ticket's place and wait read after commit.
Prints medians and the ratios to raw. `--profile` prints where a tablet check-in's time goes
(cProfile). Asserts nothing about speed.
"""

import argparse
import cProfile
import pstats
import statistics
import time

import sqlalchemy as sa

from bench.load import ANSWERS, LOCATION, FreshDatabase, register_clients
from kiosk_core import db, tablet
from kiosk_core.checkin import open_or_create_visit
from kiosk_core.config import load_clinic, settings
from kiosk_core.draft import Draft
from kiosk_core.models import AuditEvent, utcnow

BATCH = 25


def raw_insert(engine: sa.Engine):
    """BEGIN, INSERT, COMMIT on the driver's connection: the floor for any write."""
    connection = engine.raw_connection()
    sqlite = engine.dialect.name == "sqlite"
    marker = "?" if sqlite else "%s"
    moment = utcnow().replace(tzinfo=None) if sqlite else utcnow()

    def once() -> None:
        cursor = connection.cursor()
        if sqlite:  # the engine's connections run in autocommit: say BEGIN as the kiosk's do
            cursor.execute("BEGIN")
        cursor.execute(f"INSERT INTO auditevent (at, action, detail) VALUES ({marker}, 'bench', '')", (moment,))
        connection.commit() if not sqlite else cursor.execute("COMMIT")
        cursor.close()

    return once, connection.close


def core_insert(engine: sa.Engine):
    statement = sa.insert(AuditEvent.__table__)

    def once() -> None:
        with engine.begin() as connection:
            connection.execute(statement, {"at": utcnow(), "action": "bench", "detail": ""})

    return once


def timed(fn, count: int) -> list[float]:
    times = []
    for _ in range(count):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return times


def measure(kind: str, rounds: int, profile: bool) -> None:
    clinic = load_clinic()
    with FreshDatabase(kind) as url:
        settings.database_url = url  # the tablet's service uses the process's engine
        db.get_engine.cache_clear()
        engine = db.get_engine()
        clients = iter(register_clients(engine, 3 * rounds * BATCH + 10 + (200 if profile else 0)))
        raw, close_raw = raw_insert(engine)
        intake = Draft(answers=ANSWERS[0]).intake()

        def write() -> None:
            with db.write_session() as session:
                open_or_create_visit(
                    session=session, clinic=clinic, location_slug=LOCATION, client_id=next(clients), intake=intake
                )

        def whole() -> None:
            tablet.check_in_client(
                clinic=clinic, location_slug=LOCATION, client_id=next(clients), draft=Draft(answers=ANSWERS[0])
            )

        kinds = {"raw": raw, "core": core_insert(engine), "write": write, "tablet": whole}
        for fn in kinds.values():  # warm up: connections, statement caches
            timed(fn, 3)
        samples: dict[str, list[float]] = {name: [] for name in kinds}
        for _ in range(rounds):
            for name, fn in kinds.items():
                samples[name] += timed(fn, BATCH)
        ms = {name: statistics.median(times) * 1000 for name, times in samples.items()}
        print(
            f"{kind:8s} medians of {rounds * BATCH}: raw INSERT+COMMIT {ms['raw']:.3f} ms, through SQLAlchemy Core "
            f"{ms['core']:.3f} ms; check-in write transaction {ms['write']:.3f} ms = {ms['write'] / ms['raw']:.1f}x "
            f"raw, {ms['write'] / ms['core']:.1f}x Core; whole tablet check-in {ms['tablet']:.3f} ms = "
            f"{ms['tablet'] / ms['raw']:.1f}x raw, {ms['tablet'] / ms['core']:.1f}x Core"
        )
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(timed, whole, 150)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        close_raw()
        engine.dispose()
        db.get_engine.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    for kind in args.db or ["sqlite", "postgres"]:
        measure(kind, args.rounds, args.profile)


if __name__ == "__main__":
    main()
