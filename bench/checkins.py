"""Check-ins per second on SQLite and PostgreSQL, with 1 and 16 concurrent tablets.

    .venv/bin/python -m bench.checkins [--per-thread 50] [--skip-postgres]

Prints figures; asserts nothing about speed. PostgreSQL: a throwaway database on 127.0.0.1.
"""

import argparse
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import sqlalchemy as sa

from kiosk_core import db
from kiosk_core.checkin import check_in
from kiosk_core.clients import ClientCreate, register_client
from kiosk_core.config import load_clinic
from kiosk_core.intake import Goal, Intake

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
ANSWERS = [
    Intake(goal=Goal.RELAX, pain=2, stress=7, full_body=True),
    Intake(goal=Goal.TREAT_PROBLEM, pain=6, stress=4, conditions=frozenset({"sciatica"})),
]


def run(engine, clinic, threads: int, per_thread: int) -> tuple[float, int]:
    with db.write_session(engine) as session:
        clients = [
            register_client(
                session=session, client_create=ClientCreate(first_name="Bench", last_name="Mark", phone=f"315{n:07d}")
            ).client
            for n in range(threads * per_thread)
        ]
        session.flush()
        ids = [c.id for c in clients]
    start, errors = Barrier(threads + 1), []

    def tablet(batch):
        start.wait()
        for n, client_id in enumerate(batch):
            try:
                with db.write_session(engine) as session:
                    check_in(
                        session=session,
                        clinic=clinic,
                        location_slug="north-syracuse",
                        client_id=client_id,
                        intake=ANSWERS[n % 2],
                    )
            except Exception as error:  # counted, not hidden: the figure below says how many failed
                errors.append(error)

    with ThreadPoolExecutor(threads) as pool:
        futures = [pool.submit(tablet, ids[i::threads]) for i in range(threads)]
        start.wait()
        began = time.perf_counter()
        for future in futures:
            future.result()
        elapsed = time.perf_counter() - began
    return elapsed, len(errors)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-thread", type=int, default=50)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    clinic = load_clinic()
    targets = [("sqlite", None)] + ([] if args.skip_postgres else [("postgres", None)])
    for name, _ in targets:
        for threads in (1, 16):
            if name == "sqlite":
                folder = tempfile.mkdtemp()
                engine = db.make_engine(f"sqlite:///{folder}/bench.db")
                cleanup = None
            else:
                dbname = f"kiosk_bench_{uuid.uuid4().hex[:8]}"
                admin = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
                with admin.connect() as c:
                    c.exec_driver_sql(f'CREATE DATABASE "{dbname}"')
                engine = db.make_engine(f"{PG_SERVER}/{dbname}")

                def cleanup(admin=admin, dbname=dbname):
                    with admin.connect() as c:
                        c.exec_driver_sql(f'DROP DATABASE "{dbname}" WITH (FORCE)')

            db.init_db(engine, clinic)
            total = threads * args.per_thread
            elapsed, failed = run(engine, clinic, threads, args.per_thread)
            print(
                f"{name:8s} {threads:2d} thread(s) x {args.per_thread}: {total} check-ins in {elapsed:.2f} s "
                f"= {total / elapsed:.0f}/s, {failed} failed"
            )
            engine.dispose()
            if cleanup:
                cleanup()


if __name__ == "__main__":
    main()
