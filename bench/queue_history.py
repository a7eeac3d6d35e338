"""How long "today's queue at this location" takes on top of a year of history (SQLite).

    .venv/bin/python -m bench.queue_history [--days 365] [--per-day 300]

Prints figures; asserts nothing about speed.
"""

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.config import load_clinic
from kiosk_core.models import Client, Location, Visit
from kiosk_core.percentile import percentile
from kiosk_core.visits.todays_queue import todays_queue

INTAKE = {"goal": "relax", "pain": 2, "stress": 6, "full_body": True}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=300, help="visits per day over both locations")
    args = parser.parse_args()
    clinic = load_clinic()
    engine = db.make_engine(f"sqlite:///{tempfile.mkdtemp()}/history.db")
    db.init_db(engine, clinic)
    now = datetime.now(UTC)
    with db.write_session(engine) as session:
        locations = list(session.exec(select(Location)))
        clients = [
            Client(first_name="History", last_name="Client", phone=f"315555{n:04d}") for n in range(args.per_day)
        ]
        session.add_all(clients)
        session.flush()
        rows = []
        for back in range(args.days, -1, -1):
            moment = now - timedelta(days=back)
            for n in range(args.per_day if back else 40):
                queue = "medical" if n % 3 == 0 else "therapeutic"
                rows.append(
                    {
                        "location_id": locations[n % 2].id,
                        "client_id": clients[n].id,
                        "clinic_day": clinic_day(moment),
                        "queue": queue,
                        "routed_queue": queue,
                        "ticket_code": f"{queue[0].upper()}-{n:03d}",
                        "status": "done" if back else "waiting",
                        "intake_json": INTAKE,
                        "checked_in_at": moment - timedelta(minutes=n),
                    }
                )
        session.execute(Visit.__table__.insert(), rows)
    total = len(rows)
    timings = []
    for _ in range(20):
        with db.read_session(engine) as session:
            began = time.perf_counter()
            entries = todays_queue(session=session, clinic=clinic, location_slug=locations[0].slug, now=now)
            timings.append(time.perf_counter() - began)
    timings.sort()
    print(
        f"{total} visits in history; today's queue at one location: {len(entries)} entries, "
        f"median {percentile(timings, 0.5) * 1000:.1f} ms, worst {timings[-1] * 1000:.1f} ms (20 runs)"
    )


if __name__ == "__main__":
    main()
