"""What one check-in costs next to the cheapest possible write on the same database.

    .venv/bin/python -m bench.checkin_cost [--db sqlite|postgres] [--rounds 20] [--on-shift 0] [--line 0]
                                           [--finished 40] [--profile]

Side by side, in alternating rounds of 25 on one database and one connection pool:
- raw: the driver's own connection, BEGIN, one INSERT of an audit row, COMMIT;
- core: the same through SQLAlchemy Core (`engine.begin()`, one insert), what any write here pays;
- transaction: the check-in's write transaction alone, as `checkin.check_in.open_visit` holds
  it (SQLite: BEGIN IMMEDIATE, the counter, the visit and the audit row, COMMIT; PostgreSQL: the
  one statement and COMMIT), its values converted beforehand as open_visit converts them, on one
  held driver connection;
- write step: the whole unit of work that writes a new visit (`db.run_write` around
  `open_visit`: a pooled session, routing, the first read, the values converted, the
  transaction, tried again while busy), without the place read;
- read and SQL: the write step's statements alone (the first read and the transaction's), their
  values made and converted beforehand, on one held driver connection: the write step's floor
  on this schema, whatever the Python around it;
- tablet: what the tablet calls (`tablet.check_in_client`): the answers checked, the write
  step, then the ticket's place and wait read after commit.
Prints medians and the ratios to raw. `--on-shift N` signs N therapists in at the location first
(every other one medical-trained), so that each place read estimates a wait from the line; with
none, the tablet says to ask at the front desk and reads no line. By default every check-in
stays waiting (about 2,500 at one location by the end, a crowded day); `--line N` keeps about N
waiting instead, as on an ordinary day: after each check-in, outside the timing, the oldest are
finished (50 minutes), and today's finished sessions past the latest `--finished` (40) moved to a
day outside the waits' sample.
`--profile` prints where a tablet check-in's time goes (cProfile). Asserts nothing about speed.
"""

import argparse
import cProfile
import os
import pstats
import time
from datetime import timedelta

import sqlalchemy as sa

from bench.load import ANSWERS, LOCATION, FreshDatabase, register_clients
from kiosk_core import db
from kiosk_core.checkin import visit_write
from kiosk_core.checkin.check_in import open_visit
from kiosk_core.clock import clinic_day
from kiosk_core.config import load_clinic, settings
from kiosk_core.intake.draft import Draft
from kiosk_core.intake.routing import route
from kiosk_core.locations import location_by_slug
from kiosk_core.models import AuditEvent, Location, Visit, utcnow
from kiosk_core.percentile import median
from kiosk_core.screens import tablet
from kiosk_core.staff.shifts import start_shift
from kiosk_core.staff.therapists import add_therapist

BATCH = 25
LABELS = {
    "raw": "raw INSERT + COMMIT",
    "core": "the same through SQLAlchemy Core",
    "transaction": "the check-in's write transaction",
    "tablet write": "the check-in's unit of work (run_write(open_visit))",
    "same SQL": "  the write step's read and SQL alone",
    "tablet": "whole tablet check-in (answers checked, place read)",
}


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


def timed(fn, count: int, after=None) -> list[float]:
    times = []
    for _ in range(count):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
        if after:
            after()
    return times


def keep_line(engine: sa.Engine, waiting: int, finished: int):
    """After each check-in: the oldest waiting visits finished, so that `waiting` are left, and
    today's finished sessions beyond the latest `finished` moved to a day outside the waits'
    sample, as if the run's thousand check-ins were spread over many days (a real location
    finishes tens of sessions a day, and each check-in reads today's)."""
    history_day = clinic_day(utcnow()) - timedelta(days=load_clinic().waits.recent_days + 1)

    def finish() -> None:
        with engine.begin() as connection:
            line = connection.execute(
                sa.select(Visit.id).where(Visit.status == "waiting").order_by(Visit.checked_in_at, Visit.id)
            ).scalars()
            done = list(line)[: -waiting or None]
            if done:
                finished_now = {"status": "done", "session_minutes": 50.0, "finished_at": utcnow()}
                connection.execute(sa.update(Visit).where(Visit.id.in_(done)).values(**finished_now))
            today = sa.select(Visit.id).where(Visit.status == "done", Visit.clinic_day == clinic_day(utcnow()))
            older = today.order_by(Visit.finished_at.desc().nulls_last(), Visit.id.desc()).offset(finished)
            connection.execute(sa.update(Visit).where(Visit.id.in_(older)).values(clinic_day=history_day))

    return finish if waiting else None


def held_driver(engine: sa.Engine):
    """A driver connection held for the whole bench. Returns (connection, driver)."""
    connection = engine.raw_connection()
    return connection, connection.driver_connection


def write_transaction(driver, sqlite: bool, writes) -> None:
    """`writes()` in a write transaction as open_visit's unit of work holds it."""
    if sqlite:
        driver.execute("BEGIN IMMEDIATE")
    writes()
    driver.commit() if not sqlite else driver.execute("COMMIT")


def new_rows(engine: sa.Engine, clinic, intake, clients: list[int]) -> tuple[list[dict], str]:
    """A new visit's row for each client, as the tablet makes it, and the ticket prefix."""
    now, decision = utcnow(), route(intake, clinic.routing)
    with engine.connect() as looking:
        location_id = looking.execute(sa.select(Location.id).where(Location.slug == LOCATION)).scalar_one()
    where = {"location_id": location_id, "day": clinic_day(now), "language": "en", "now": now}
    rows = [visit_write.visit_row(decision=decision, intake=intake, client_id=client, **where) for client in clients]
    return rows, clinic.queues[decision.queue].ticket_prefix


def same_sql(engine: sa.Engine, clinic, intake, clients: list[int]):
    """The tablet's write step with nothing but its SQL (the first read, then the transaction's
    statements), one new client per call."""
    connection, driver = held_driver(engine)
    sqlite = engine.dialect.name == "sqlite"
    read, writes = visit_write._first_read_for(engine.dialect), visit_write._writes(engine.dialect)
    rows, prefix = new_rows(engine, clinic, intake, clients)

    def values(row: dict) -> tuple:
        counter = {"c_location_id": row["location_id"], "c_clinic_day": row["clinic_day"], "c_prefix": prefix}
        audit = {"a_at": row["checked_in_at"], "a_action": "check_in", "a_location_id": row["location_id"]}
        audit |= {"a_client_id": row["client_id"], "a_therapist_id": None, "a_visit_id": 0, "a_detail": ""}
        first = read.parameters({"slug": LOCATION, "client_id": row["client_id"], "day": row["clinic_day"]})
        if not sqlite:
            return first, writes[0].parameters(row | audit | counter)
        return (
            first,
            writes[0].parameters(counter),
            writes[1].parameters(row | {"ticket_code": ""}),
            writes[2].parameters(audit),
        )

    made = iter([values(row) for row in rows])
    if sqlite:  # where the ticket code and the visit's id go, once known
        code_at, visit_at, detail_at = visit_write._slots(engine.dialect)

    def once() -> None:
        first, *rest = next(made)
        driver.cursor().execute(read.sql, first).fetchall()
        if not sqlite:
            write_transaction(driver, sqlite, lambda: driver.cursor().execute(writes[0].sql, rest[0]).fetchall())
            return
        bump, visit, audit = rest

        def three() -> None:
            visit[code_at] = audit[detail_at] = driver.execute(writes[0].sql, bump).fetchall()[0][0]
            audit[visit_at] = driver.execute(writes[1].sql, visit).lastrowid
            driver.execute(writes[2].sql, audit)

        write_transaction(driver, sqlite, three)

    return once, connection.close


def transaction(engine: sa.Engine, clinic, intake, clients: list[int]):
    """The check-in's write transaction, one new client per call, with what open_visit does
    before it (the read, routing, the values converted) done beforehand."""
    connection, driver = held_driver(engine)
    rows, prefix = new_rows(engine, clinic, intake, clients)
    pending = iter([visit_write.PendingWrite(engine.dialect, row=row, prefix=prefix) for row in rows])
    sqlite = engine.dialect.name == "sqlite"

    def once() -> None:
        made = next(pending)
        write_transaction(driver, sqlite, lambda: made.run(driver))

    return once, connection.close


def sign_in(engine: sa.Engine, count: int) -> None:
    """`count` therapists on shift at the location, every other one medical-trained."""
    settings.shift_stale_minutes = 24 * 60  # no board refreshes here: the shifts stay live for the run
    with db.write_session(engine) as session:
        location_id = location_by_slug(session, LOCATION).id
        for n in range(count):
            therapist = add_therapist(
                session=session, name=f"Bench {n}", pin="286413", location_slugs=[LOCATION], medical_trained=n % 2 == 0
            )
            start_shift(session=session, therapist_id=therapist.id, location_id=location_id, room="", now=utcnow())


def measure(kind: str, rounds: int, profile: bool, on_shift: int = 0, line: int = 0, finished: int = 40) -> None:
    clinic = load_clinic()
    with FreshDatabase(kind) as url:
        settings.database_url = url  # the tablet's service uses the process's engine
        db.get_engine.cache_clear()
        engine = db.get_engine()
        sign_in(engine, on_shift)
        clients = iter(register_clients(engine, 3 * rounds * BATCH + 20 + (200 if profile else 0)))
        raw, close_raw = raw_insert(engine)
        intake = Draft(answers=ANSWERS[0]).intake()
        floor, close_floor = same_sql(engine, clinic, intake, register_clients(engine, rounds * BATCH + 3))
        held, close_held = transaction(engine, clinic, intake, register_clients(engine, rounds * BATCH + 3))

        def tablet_write() -> None:
            request = {"location_slug": LOCATION, "client_id": next(clients), "intake": intake, "now": utcnow()}
            db.run_write(lambda session: open_visit(session=session, clinic=clinic, **request))

        def whole() -> None:
            tablet.check_in_client(
                clinic=clinic, location_slug=LOCATION, client_id=next(clients), draft=Draft(answers=ANSWERS[0])
            )

        kinds = {"raw": raw, "core": core_insert(engine), "tablet write": tablet_write, "tablet": whole}
        kinds |= {"same SQL": floor, "transaction": held}
        after = keep_line(engine, line, finished)
        for fn in kinds.values():  # warm up: connections, statement caches
            timed(fn, 3, after)
        samples: dict[str, list[float]] = {name: [] for name in kinds}
        for _ in range(rounds):
            for name, fn in kinds.items():
                samples[name] += timed(fn, BATCH, after)
        ms = {name: median(times) * 1000 for name, times in samples.items()}
        print(
            f"{kind} medians of {rounds * BATCH}, {on_shift} on shift, {'about ' + str(line) if line else 'all'} "
            f"waiting{f', {finished} finished today' if line else ''}, load {os.getloadavg()[0]:.1f}:"
        )
        for name, label in LABELS.items():
            ratios = f"{ms[name] / ms['raw']:5.1f}x raw, {ms[name] / ms['core']:4.1f}x Core"
            print(f"  {label:55s} {ms[name]:7.3f} ms = {ratios}")
        if profile:
            profiler = cProfile.Profile()
            profiler.runcall(timed, whole, 150, after)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        close_raw()
        close_floor()
        close_held()
        engine.dispose()
        db.get_engine.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--on-shift", type=int, default=0, help="therapists on shift at the location")
    parser.add_argument("--line", type=int, default=0, help="keep about this many waiting (0: all stay)")
    parser.add_argument("--finished", type=int, default=40, help="with --line: finished sessions kept today")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    for kind in args.db or ["sqlite", "postgres"]:
        measure(kind, args.rounds, args.profile, args.on_shift, args.line, args.finished)


if __name__ == "__main__":
    main()
