"""What recognising a returning client without a card costs among 100,000 registered clients,
next to a plain write on the same database.

    .venv/bin/python -m bench.identity_match [--db sqlite|postgres] [--clients 100000] [--rounds 200]

Side by side, in alternating rounds on one database:
- insert: one client row INSERTed and COMMITted through SQLAlchemy Core (the cheapest write of
  a registration);
- match: the registration's match (kiosk_core.clients.recognition.matching, by the indexed
  phone number, then the name rule) in a read unit of work, for a phone shared by a family of
  three, half of the time with a name that is none of theirs.
Prints medians and the ratio. The goal: the match under 20 ms at 100,000 clients. Asserts nothing.
"""

import argparse
import os
import time

import sqlalchemy as sa

from bench.load import FreshDatabase
from kiosk_core import db
from kiosk_core.clients.recognition import single_match
from kiosk_core.clients.registry import ClientCreate
from kiosk_core.models import Client, utcnow
from kiosk_core.percentile import median

FIRST = ("Maria", "Jose", "Ana", "Luis", "Rosa", "Sam", "Kim", "Lee")
LAST = ("Lopez", "Delgado", "Smith", "Nguyen", "Garcia", "Brown")


def phone(n: int) -> str:
    return f"+1315{n // 3:07d}"  # three clients per number: a family phone


def fill(engine: sa.Engine, count: int) -> None:
    """`count` clients in batches of 10,000 (a year or two of a busy clinic's walk-ins)."""
    now = utcnow()
    for start in range(0, count, 10_000):
        rows = [
            {"first_name": FIRST[n % 8], "last_name": LAST[n % 6], "phone": phone(n), "email": "", "created_at": now}
            for n in range(start, min(count, start + 10_000))
        ]
        with engine.begin() as connection:
            connection.execute(sa.insert(Client), rows)


def match_once(engine: sa.Engine, n: int) -> float:
    typed = ClientCreate(first_name=FIRST[n % 8] if n % 2 else "Zoe", last_name=LAST[n % 6], phone=phone(n)[2:])
    begun = time.perf_counter()
    db.run_read(lambda session: single_match(session, typed, "", none_found=None), engine=engine)
    return time.perf_counter() - begun


def insert_once(engine: sa.Engine, n: int) -> float:
    row = {"first_name": "Bench", "last_name": "Insert", "phone": f"+1999{n:07d}", "email": "", "created_at": utcnow()}
    begun = time.perf_counter()
    with engine.begin() as connection:
        connection.execute(sa.insert(Client), row)
    return time.perf_counter() - begun


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    for kind in args.db or ["sqlite", "postgres"]:
        with FreshDatabase(kind) as url:
            engine = db.make_engine(url)
            fill(engine, args.clients)
            times: dict[str, list[float]] = {"insert": [], "match": []}
            for n in range(args.rounds):
                times["insert"].append(insert_once(engine, n))
                times["match"].append(match_once(engine, n * 7919 % args.clients))
            insert, match = median(times["insert"]), median(times["match"])
            print(
                f"{kind}, {args.clients:,} clients: insert+commit {insert * 1000:.2f} ms, "
                f"match {match * 1000:.2f} ms (max {max(times['match']) * 1000:.2f}), {match / insert:.2f}x the insert"
            )
            engine.dispose()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
