"""Wrong PINs counted per member *and* source, and per source alone, so that one lobby visitor
can't lock everyone out (before, five wrong PINs at a name locked that therapist out everywhere).

- A member and a source (the browser's address, kiosk_core.screens.staff_desk.sign_in): after
  `pin_max_attempts` wrong PINs in a row the member is locked out *from that source*, doubling
  each time; the member signs in from their own screen all the same.
- A source: after `pin_source_attempts` wrong PINs at any names it is locked out for everyone
  (doubling too); a right PIN from it does not reset it, or a therapist's own PIN would buy
  another round of guesses at the others.
- The member everywhere (Therapist.failed_pin_attempts): the last guard against guesses spread
  over many sources, at `MEMBER_GUARD` times `pin_max_attempts`.

Each lock is a row keyed by what it counts; only a digest of the source is stored.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from kiosk_core.models import PinLock

MAX_LOCKOUT_MINUTES = 24 * 60
MEMBER_GUARD = 4


def source_digest(source: str) -> str:
    return hashlib.sha256(f"kiosk pin source:{source}".encode()).hexdigest()[:24]


def member_key(therapist_id: int, source: str) -> str:
    return f"m{therapist_id}:{source_digest(source)}"


def source_key(source: str) -> str:
    return f"s:{source_digest(source)}"


@dataclass(frozen=True)
class Counter:
    """What one wrong PIN counts toward: the row's key, and how many in a row lock it."""

    key: str
    limit: int


def minutes_left(locked_until: datetime | None, now: datetime) -> int:
    if locked_until and locked_until > now:
        return max(1, round((locked_until - now).total_seconds() / 60))
    return 0


def locked_minutes(session: Session, keys: list[str], now: datetime) -> int:
    """The longest lockout now among `keys` (0: none), read without a lock."""
    rows = session.exec(select(PinLock.locked_until).where(col(PinLock.key).in_(keys))).all()
    return max((minutes_left(until, now) for until in rows), default=0)


def lock_for(lockouts: int, lockout_minutes: int) -> int:
    """The `lockouts`-th lockout in a row lasts twice the one before, up to a day."""
    return min(lockout_minutes * 2 ** (lockouts - 1), MAX_LOCKOUT_MINUTES)


def _row(session: Session, key: str) -> PinLock:
    """The key's row, locked for this write (made first if new; two first tries at once both
    find the one row)."""
    connection = session.connection()
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    connection.execute(
        insert(PinLock.__table__).values(key=key, failed=0, lockouts=0).on_conflict_do_nothing(index_elements=["key"])
    )
    return session.get(PinLock, key, with_for_update=True, populate_existing=True)


def held(session: Session, keys: list[str], now: datetime) -> int:
    """`locked_minutes`, read again under the write's lock: a lock set since the first read counts."""
    return max((minutes_left(_row(session, key).locked_until, now) for key in keys), default=0)


def count_wrong(session: Session, counters: list[Counter], now: datetime, lockout_minutes: int) -> int:
    """One wrong PIN for each counter; the minutes of the longest lockout it set (0: none)."""
    longest = 0
    for counter in counters:
        row = _row(session, counter.key)
        row.failed += 1
        if row.failed >= counter.limit:
            row.lockouts += 1
            minutes = lock_for(row.lockouts, lockout_minutes)
            row.locked_until, row.failed = now + timedelta(minutes=minutes), 0
            longest = max(longest, minutes)
        session.add(row)
    return longest


def forget(session: Session, key: str) -> None:
    session.exec(sa.delete(PinLock).where(PinLock.key == key))


def lift_member(session: Session, therapist_id: int) -> None:
    """An admin's unlock (or a new PIN): the member's locks from every source go."""
    session.exec(sa.delete(PinLock).where(col(PinLock.key).startswith(f"m{therapist_id}:")))


def members_locked_until(session: Session, now: datetime) -> dict[int, datetime]:
    """Each member's latest lockout from any source still running, for the admin's roster."""
    rows = session.exec(
        select(PinLock.key, PinLock.locked_until).where(col(PinLock.key).startswith("m"), PinLock.locked_until > now)
    ).all()
    latest: dict[int, datetime] = {}
    for key, until in rows:
        therapist_id = int(key[1:].split(":", 1)[0])
        latest[therapist_id] = max(until, latest.get(therapist_id, until))
    return latest
