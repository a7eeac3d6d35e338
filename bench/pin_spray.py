"""Tablet check-ins while two sources spray wrong PINs at the staff sign-in, on SQLite.

    .venv/bin/python -m bench.pin_spray [--per-thread 10] [--db sqlite|postgres]

Three runs on fresh databases, side by side: 16 tablets checking in (bench.load) alone; the
same with two sprayer processes typing wrong PINs at every name through the sign-in as it is
now (the hash read, argon2id verified outside any transaction, the result recorded in a short
write); and the same with the sign-in as it was before issue 21 (the whole check, argon2id
included, inside one write transaction: SQLite's only write lock held for ~0.4 s per wrong PIN).
The sprayers' lockouts are lifted (limits set to a million) so that every try costs a full
verification, the worst case: many sources, each under its own limit. Prints figures, with the
load average; asserts nothing about speed.
"""

import argparse
import multiprocessing
import os

from bench.load import FreshDatabase, run
from kiosk_core import db
from kiosk_core.errors import KioskError
from kiosk_core.models import utcnow
from kiosk_core.staff.therapists import add_therapist

NAMES = [f"Therapist {n}" for n in range(6)]
NO_LIMITS = {"KIOSK_PIN_MAX_ATTEMPTS": "1000000", "KIOSK_PIN_SOURCE_ATTEMPTS": "1000000"}


def seed(url: str) -> list[int]:
    engine = db.make_engine(url)
    with db.write_session(engine) as session:
        ids = [
            add_therapist(session=session, name=name, pin="286413", location_slugs=["north-syracuse"]).id
            for name in NAMES
        ]
    engine.dispose()
    return ids


def _old_sign_in(therapist_id: int, pin: str, source: str) -> None:
    """The sign-in before issue 21: read, verify and record in one write transaction."""
    from kiosk_core.config import settings
    from kiosk_core.staff import pin_sign_in, therapists

    def work(session):
        db.begin_writes(session)  # the write lock from here on, through argon2id
        now = utcnow()
        check = pin_sign_in.check_pin_for(
            session=session, therapist_id=therapist_id, pin=pin, location_slug="north-syracuse", now=now, source=source
        )
        right = therapists.pin_matches(pin, check.pin_hash)
        limits = {"max_attempts": settings.pin_max_attempts, "lockout_minutes": settings.pin_lockout_minutes}
        return pin_sign_in.record_pin(session=session, check=check, right=right, new_hash=None, now=now, **limits)

    db.run_write(work)


def _spray(therapist_ids: list[int], source: str, old_way: bool, stop, spraying, tries) -> None:
    """One sprayer process: wrong PINs at every name in turn until told to stop. The tablets
    start once every sprayer has made its first try (spawning and importing take seconds)."""
    from kiosk_core.screens import staff_desk

    n, counted = 0, 0  # counted: the tries made while the tablets check in
    while not stop.is_set():
        if n == 1:
            spraying.wait()
            counted = 0
        therapist_id = therapist_ids[n % len(therapist_ids)]
        try:
            if old_way:
                _old_sign_in(therapist_id, "000917", source)
            else:
                staff_desk.sign_in(
                    therapist_id=therapist_id, pin="000917", location_slug="north-syracuse", source=source
                )
        except KioskError:
            pass  # the refusal is the point
        n, counted = n + 1, counted + 1
    tries.put(counted)


def one_run(kind: str, *, sprayers: int, old_way: bool, per_thread: int) -> tuple[str, int]:
    with FreshDatabase(kind) as url:
        therapist_ids = seed(url)
        context = multiprocessing.get_context("spawn")
        stop, tries, spraying = context.Event(), context.Queue(), context.Barrier(sprayers + 1)
        saved = {key: os.environ.get(key) for key in ["DATABASE_URL", *NO_LIMITS]}
        os.environ.update({"DATABASE_URL": url, **NO_LIMITS})
        try:
            processes = [
                context.Process(target=_spray, args=(therapist_ids, f"sprayer {n}", old_way, stop, spraying, tries))
                for n in range(sprayers)
            ]
            for process in processes:
                process.start()
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        if sprayers:
            spraying.wait()
        result = run(url, processes=1, threads=16, per_thread=per_thread)
        stop.set()
        wrong_pins = sum(tries.get() for _ in processes)
        for process in processes:
            process.join()
    return result.line(), wrong_pins


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-thread", type=int, default=40)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start; 16 tablets on {args.db}")
    runs = (
        ("no sprayers", 0, False),
        ("2 sprayers, PIN verified outside the write lock (now)", 2, False),
        ("2 sprayers, PIN verified inside the write lock (before)", 2, True),
    )
    for title, sprayers, old_way in runs:
        line, wrong_pins = one_run(args.db, sprayers=sprayers, old_way=old_way, per_thread=args.per_thread)
        print(f"{title:58s} {line}; {wrong_pins} wrong PINs tried during the check-ins")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
