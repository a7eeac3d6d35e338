"""The queue board's refresh on a small day and a big one, and today's queue on a small history
and a huge one, each pair measured side by side in one run.

    .venv/bin/python -m bench.board_refresh [--db sqlite|postgres] [--small 10] [--large 200]
        [--history-small 1000] [--history-large 1000000] [--rounds 30] [--only board|history] [--before] [--line 40]

1. Board: two locations with the same open line (6 waiting, 1 called, 1 in session) and the same
   past weeks; today one has `--small` visits and the other `--large` (the rest finished). The
   signed-in therapist's refresh (kiosk_core.screens.staff_desk.board, its own unit of work) at
   each, alternately. The goal: large ≤ 1.5× small.
   With `--line` (40), also a day whose visits are all waiting but two: the line itself grows.
2. Today's queue (kiosk_core.visits.todays_queue, a therapist on shift) with 40 visits today on
   top of `--history-small` and `--history-large` past visits, two databases, alternately. The
   goal: ≤ 1.5×.

`--before` drops migration 0018's indexes first: the figures as they were without them.
Prints medians and their ratios; asserts nothing about speed.
"""

import argparse
import json
import os
import time
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import select

from bench.load import FreshDatabase
from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.config import load_clinic, settings
from kiosk_core.models import Client, Location, SessionPeriod, Visit, utcnow
from kiosk_core.percentile import median
from kiosk_core.screens import staff_desk
from kiosk_core.staff.shifts import start_shift
from kiosk_core.staff.sign_ins import sign_in
from kiosk_core.staff.therapists import StaffMember, add_therapist
from kiosk_core.visits.todays_queue import todays_queue

INTAKE = {"goal": "relax", "pain": 3, "stress": 7, "areas": ["full_body"], "safety": ["none"]}
OPEN_LINE = ["waiting"] * 6 + ["called", "in_session"]
PAST_DAYS = 20  # of history at each board location, 30 finished visits a day


def _therapist(session, slug: str, location_id: int, name: str, now: datetime) -> StaffMember:
    row = add_therapist(session=session, name=name, pin="2864139", location_slugs=[slug], medical_trained=True)
    signed = sign_in(session=session, therapist_id=row.id, location_id=location_id, now=now)
    start_shift(session=session, therapist_id=row.id, location_id=location_id, room="", now=now)
    return StaffMember(row.id, name, slug, slug, True, False, sign_in_id=signed.id)


def _today(
    location_id: int, client_ids: list[int], count: int, now: datetime, held_by: int, line: bool = False
) -> list[dict]:
    """`count` visits today: the open line, the rest finished by `held_by` (with `line`: waiting too)."""
    statuses = OPEN_LINE + ["waiting" if line else "done"] * max(0, count - len(OPEN_LINE))
    rows = []
    for n, status in enumerate(statuses[:count]):
        at = now - timedelta(minutes=2 * (count - n))
        queue = "medical" if n % 3 == 0 else "therapeutic"
        done = status == "done"
        rows.append(
            {"location_id": location_id, "client_id": client_ids[n], "clinic_day": clinic_day(now), "queue": queue,
             "routed_queue": queue, "ticket_code": f"T-{n + 1:03d}", "status": status, "intake_json": INTAKE,
             "reasons": [{"code": "relaxation_goal"}], "flags": [], "checked_in_at": at,
             "called_at": at if status != "waiting" else None, "finished_at": at if done else None,
             "session_minutes": 50.0 if done else None, "therapist_id": held_by if status != "waiting" else None}
        )  # fmt: skip
    return rows


def _past(location_id: int, client_id: int, now: datetime) -> list[dict]:
    """PAST_DAYS of finished visits, 30 a day, by therapists gone since (their notes are not this one's)."""
    rows = []
    for back in range(1, PAST_DAYS + 1):
        at = now - timedelta(days=back)
        for n in range(30):
            queue = "medical" if n % 3 == 0 else "therapeutic"
            rows.append(
                {"location_id": location_id, "client_id": client_id, "clinic_day": clinic_day(at), "queue": queue,
                 "routed_queue": queue, "ticket_code": f"T-{n + 1:03d}", "status": "done", "intake_json": INTAKE,
                 "checked_in_at": at, "finished_at": at, "session_minutes": 40.0 + n, "therapist_id": None}
            )  # fmt: skip
    return rows


def board_day(kind: str, small: int, large: int, rounds: int, line: bool = False) -> None:
    clinic = load_clinic()
    with FreshDatabase(kind) as url:
        settings.database_url = url
        db.get_engine.cache_clear()
        engine = db.get_engine()
        now = utcnow()
        with db.write_session(engine) as session:
            places = list(session.exec(select(Location).order_by(Location.id)))[:2]
            clients = [Client(first_name=f"C{n}", last_name="Bench", phone=f"31555{n:05d}") for n in range(2 * large)]
            session.add_all(clients)
            session.flush()
            ids = [c.id for c in clients]
            members, rows = [], []
            for index, (place, count) in enumerate(zip(places, (small, large), strict=True)):
                member = _therapist(session, place.slug, place.id, f"Bench {place.slug}", now)
                members.append(member)
                rows += _past(place.id, ids[0], now) + _today(
                    place.id, ids[index * large :], count, now, member.therapist_id, line
                )
            session.execute(Visit.__table__.insert(), rows)
            for visit in session.exec(select(Visit).where(Visit.status == "in_session")):
                session.add(SessionPeriod(visit_id=visit.id, started_at=now - timedelta(minutes=20)))
        timings = _alternate(rounds, [lambda m=m: staff_desk.board(clinic=clinic, member=m) for m in members])
        what = "all waiting but 2" if line else "all but 8 finished"
        _say(kind, f"board refresh, {small} vs {large} visits today ({what})", timings, rounds)
        engine.dispose()
        db.get_engine.cache_clear()


def _alternate(rounds: int, calls: list) -> list[list[float]]:
    for call in calls:  # warm up
        call()
    timings: list[list[float]] = [[] for _ in calls]
    for _ in range(rounds):
        for index, call in enumerate(calls):
            began = time.perf_counter()
            call()
            timings[index].append(time.perf_counter() - began)
    return timings


def _say(kind: str, what: str, timings: list[list[float]], rounds: int) -> None:
    low, high = (median(t) * 1000 for t in timings)
    print(
        f"{kind}, load {os.getloadavg()[0]:.1f}, {what}, medians of {rounds}: "
        f"{low:.2f} ms vs {high:.2f} ms = {high / low:.2f}x"
    )


def _fill_history(engine, location_id: int, client_id: int, count: int, today) -> None:
    """`count` finished visits over the two years before `today`, made by the database itself."""
    days = 730
    values = {"loc": location_id, "client": client_id, "count": count, "days": days, "intake": json.dumps(INTAKE)}
    columns = (
        "location_id, client_id, clinic_day, queue, routed_queue, ticket_code, status, intake_json, reasons, "
        "flags, reviewed_flags, reroute_reason, review_note, closed_reason, checked_in_at, finished_at, "
        "session_minutes, language, room, without_card"
    )
    queue = "CASE WHEN i % 3 = 0 THEN 'medical' ELSE 'therapeutic' END"
    if engine.dialect.name == "sqlite":
        day = f"date('{today.isoformat()}', '-' || (1 + i % :days) || ' days')"
        at = f"datetime('{today.isoformat()}', '-' || (1 + i % :days) || ' days', '+15 hours')"
        numbers = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count) "
        source, intake, empty, false = "FROM n", ":intake", "'[]'", "0"
    else:
        day = f"(DATE '{today.isoformat()}' - (1 + i % :days))"
        at = f"({day} + TIME '15:00') AT TIME ZONE 'UTC'"
        numbers, source = "", "FROM generate_series(0, :count - 1) AS i"
        intake, empty, false = "CAST(:intake AS json)", "CAST('[]' AS json)", "false"
    sql = (
        f"INSERT INTO visit ({columns}) {numbers}SELECT :loc, :client, {day}, {queue}, {queue}, 'T-' || i, 'done', "
        f"{intake}, {empty}, {empty}, {empty}, '', '', '', {at}, {at}, 40 + i % 50, 'en', '', {false} {source}"
    )
    with engine.begin() as connection:
        connection.execute(sa.text(sql), values)


def _drop_0018(engine) -> None:
    with engine.begin() as connection:
        for name in ("ix_visit_session_lengths", "ix_visit_therapist_day"):
            connection.exec_driver_sql(f"DROP INDEX {name}")


def queue_history(kind: str, small: int, large: int, rounds: int, before: bool) -> None:
    clinic = load_clinic()
    worlds = []
    for count in (small, large):
        fresh = FreshDatabase(kind)
        url = fresh.__enter__()
        engine = db.make_engine(url)
        now = utcnow()
        with db.write_session(engine) as session:
            place = session.exec(select(Location).order_by(Location.id)).first()
            clients = [Client(first_name=f"Client{n}", last_name="Bench", phone=f"31566{n:05d}") for n in range(40)]
            session.add_all(clients)
            session.flush()
            ids = [c.id for c in clients]
            member = _therapist(session, place.slug, place.id, "Bench", now)
            session.execute(Visit.__table__.insert(), _today(place.id, ids, 40, now, member.therapist_id)[:20])
        if before:
            _drop_0018(engine)
        began = time.perf_counter()
        _fill_history(engine, place.id, ids[0], count, clinic_day(now))
        # Fresh statistics (and on PostgreSQL a visibility map for index-only scans), as a running
        # database's autovacuum would keep them.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("ANALYZE" if kind == "sqlite" else "VACUUM ANALYZE")
        print(f"{kind}: {count} past visits made in {time.perf_counter() - began:.1f} s")
        worlds.append((fresh, engine, place.slug, now))

    def read(engine, slug, now):
        with db.read_session(engine) as session:
            return todays_queue(session=session, clinic=clinic, location_slug=slug, now=now)

    calls = [lambda w=w: read(w[1], w[2], w[3]) for w in worlds]
    _say(
        kind,
        f"today's queue, {small} vs {large} past visits{' (before)' if before else ''}",
        _alternate(rounds, calls),
        rounds,
    )
    for fresh, engine, *_ in worlds:
        engine.dispose()
        fresh.__exit__()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=200)
    parser.add_argument("--history-small", type=int, default=1000)
    parser.add_argument("--history-large", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--only", choices=["board", "history"])
    parser.add_argument("--before", action="store_true", help="without migration 0018's indexes")
    parser.add_argument("--line", type=int, default=40, help="also: a line this long, all waiting (0: not)")
    args = parser.parse_args()
    for kind in args.db or ["sqlite", "postgres"]:
        if args.only != "history":
            board_day(kind, args.small, args.large, args.rounds)
            if args.line:
                board_day(kind, args.small, args.line, args.rounds, line=True)
        if args.only != "board":
            queue_history(kind, args.history_small, args.history_large, args.rounds, args.before)


if __name__ == "__main__":
    main()
