"""One source floods the phone check-in while real phones and the lobby tablet check in, on
SQLite and PostgreSQL.

    .venv/bin/python -m bench.phone_flood [--flood 100] [--db sqlite|postgres]

The flood is one attacker clearing its cookie before every try (a new phone id each time) from
one network address, for one minute's worth of tries as fast as the database takes them; then 3
real phones (each its own address) and the enrolled tablet try once each. Side by side: the
limits as they were before issue 21 (per phone id and per location only) and as they are now
(per phone id, per address, then per location). Counts through kiosk_core.screens.own_phone.allow
in the database, as the check-in does. Prints figures; asserts nothing about speed.
"""

import argparse
import os
import time
from datetime import UTC, datetime

from bench.load import FreshDatabase
from kiosk_core import db
from kiosk_core.checkin import tablets
from kiosk_core.checkin.device_limits import Device, Kind, TooManyFromPhones
from kiosk_core.models import utcnow
from kiosk_core.screens import own_phone

NOON = datetime(2026, 11, 23, 17, 0, 1, tzinfo=UTC)  # one clock minute for the whole run


def tried(engine, device: Device) -> bool:
    try:
        own_phone.allow(kind=Kind.CHECK_IN, location_slug="north-syracuse", device=device, now=NOON, engine=engine)
    except TooManyFromPhones:
        return False
    return True


def one_run(kind: str, flood: int, by_address: bool) -> str:
    with FreshDatabase(kind) as url:
        engine = db.make_engine(url)
        with db.write_session(engine) as session:
            token = tablets.enrol(
                session=session, name="Lobby", location_slug="north-syracuse", by=None, now=NOON
            ).token
        attacker = "203.0.113.9" if by_address else ""  # before: no address was counted
        began = time.perf_counter()
        let_in = sum(tried(engine, Device(phone_id=f"cleared-{n}", address=attacker)) for n in range(flood))
        seconds = time.perf_counter() - began
        real = [
            tried(engine, Device(phone_id=f"real-{n}", address=f"198.51.100.{n}" if by_address else ""))
            for n in range(3)
        ]
        lobby = tried(engine, Device(tablet_token=token))
        engine.dispose()
    return (
        f"flood: {let_in} of {flood} let in ({flood / seconds:.0f} tries/s, the flood took {seconds:.2f} s); "
        f"real phones let in: {sum(real)} of 3; enrolled tablet: {'in' if lobby else 'refused'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flood", type=int, default=100)
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    args = parser.parse_args()
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; limits 3 a phone, 6 an address, 12 a location"
    )
    for kind in args.db or ["sqlite", "postgres"]:
        for title, by_address in (("before (phone id, location)", False), ("now (phone id, address, location)", True)):
            print(f"{kind:8s} {title:36s} {one_run(kind, args.flood, by_address)}")
    print(f"load average {os.getloadavg()[0]:.1f} at the end ({utcnow():%H:%M} UTC)")


if __name__ == "__main__":
    main()
