"""A check-in's cost while therapists are on shift, with and without the waits' caches
(kiosk_core.waits.history), side by side in one run, and a location's boards refreshing together.

    .venv/bin/python -m bench.wait_cache [--db sqlite|postgres] [--rounds 10] [--boards 5]

On one fresh database: 28 days of finished sessions at the location (30 a day per queue: the
latest 400 of each queue are what the estimate learns from), 2 therapists on shift (one
medical-trained), then in alternating batches of 25:
- tablet, cache on / off: the whole tablet check-in (`tablet.check_in_client`: the write, then the
  ticket's place and wait read after commit);
- boards, cache on / off: `--boards` boards of the location refreshing at the same moment (today's
  queue with every waiting client's wait, as each board reads it).
Sessions do not finish during the timing (the cache would be read again after each, as it must).
Prints medians and the ratios; asserts nothing about speed.
"""

import argparse
import os
import time
from datetime import timedelta

from sqlmodel import select

from bench.load import ANSWERS, LOCATION, FreshDatabase, register_clients
from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.config import load_clinic, settings
from kiosk_core.intake.draft import Draft
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Client, Visit, utcnow
from kiosk_core.percentile import median
from kiosk_core.screens import tablet
from kiosk_core.staff.shifts import start_shift
from kiosk_core.staff.therapists import add_therapist
from kiosk_core.visits.todays_queue import todays_queue
from kiosk_core.waits import history

BATCH = 25
DAYS, PER_QUEUE_A_DAY = 28, 30
INTAKE = {"goal": "relax", "pain": 2, "stress": 6, "full_body": True}


def seed(engine) -> None:
    """The finished sessions of recent days, and two therapists on shift."""
    now = utcnow()
    with db.write_session(engine) as session:
        location_id = location_by_slug(session, LOCATION).id
        clients = [Client(first_name="Past", last_name="Client", phone=f"315556{n:04d}") for n in range(70)]
        session.add_all(clients)
        session.flush()
        rows = []
        for back in range(DAYS - 1, 0, -1):
            moment = now - timedelta(days=back)
            for n in range(2 * PER_QUEUE_A_DAY):
                queue = "medical" if n % 2 else "therapeutic"
                rows.append(
                    {
                        "location_id": location_id,
                        "client_id": clients[n].id,
                        "clinic_day": clinic_day(moment),
                        "queue": queue,
                        "routed_queue": queue,
                        "ticket_code": f"{queue[0].upper()}-{n:03d}",
                        "status": "done",
                        "session_minutes": 40.0 + n % 30,
                        "intake_json": INTAKE,
                        "checked_in_at": moment - timedelta(minutes=n),
                        "finished_at": moment,
                    }
                )
        session.execute(Visit.__table__.insert(), rows)
        for n in range(2):
            therapist = add_therapist(
                session=session, name=f"Bench {n}", pin="286413", location_slugs=[LOCATION], medical_trained=n == 0
            )
            start_shift(session=session, therapist_id=therapist.id, location_id=location_id, room="", now=now)


def timed(fn, count: int) -> list[float]:
    times = []
    for _ in range(count):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return times


def measure(kind: str, rounds: int, boards: int) -> None:
    clinic = load_clinic()
    settings.shift_stale_minutes = 24 * 60  # no board refreshes here: the shifts stay live for the run
    with FreshDatabase(kind) as url:
        settings.database_url = url  # the tablet's service uses the process's engine
        db.get_engine.cache_clear()
        engine = db.get_engine()
        seed(engine)
        clients = iter(register_clients(engine, 2 * rounds * BATCH + 10))

        def check_in() -> None:
            draft = Draft(answers=ANSWERS[0])
            tablet.check_in_client(clinic=clinic, location_slug=LOCATION, client_id=next(clients), draft=draft)

        def refresh() -> None:
            now = utcnow()  # every board of the location at the same moment
            for _ in range(boards):
                with db.read_session(engine) as session:
                    todays_queue(session=session, clinic=clinic, location_slug=LOCATION, now=now)

        samples: dict[str, list[float]] = {}
        for cached in (True, False):  # warm up both ways
            history.enabled = cached
            timed(check_in, 2)
            timed(refresh, 2)
        for _ in range(rounds):
            for cached in (True, False):
                history.enabled = cached
                history.forget()  # each batch starts cold: its first check-in reads the history
                samples.setdefault(f"tablet {cached}", []).extend(timed(check_in, BATCH))
                samples.setdefault(f"boards {cached}", []).extend(timed(refresh, BATCH))
        history.enabled = True
        with db.read_session(engine) as session:
            waiting = len(session.exec(select(Visit.id).where(Visit.status == "waiting")).all())
        ms = {name: median(times) * 1000 for name, times in samples.items()}
        print(
            f"{kind}: {DAYS - 1} days of {2 * PER_QUEUE_A_DAY} finished sessions, 2 on shift, "
            f"{waiting} waiting by the end, medians of {rounds * BATCH}, load {os.getloadavg()[0]:.1f}:"
        )
        for what, label in (("tablet", "tablet check-in"), ("boards", f"{boards} boards refreshing")):
            on, off = ms[f"{what} True"], ms[f"{what} False"]
            print(f"  {label:24s} cache on {on:7.2f} ms   off {off:7.2f} ms   off/on {off / on:4.2f}x")
        engine.dispose()
        db.get_engine.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--boards", type=int, default=5)
    args = parser.parse_args()
    for kind in args.db or ["sqlite", "postgres"]:
        measure(kind, args.rounds, args.boards)


if __name__ == "__main__":
    main()
