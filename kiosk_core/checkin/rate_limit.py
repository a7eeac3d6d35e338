"""Counting requests per key and minute in the database, so that every server of a clinic shares
one count (a counter in memory would give each server, and each restart, a fresh allowance).

A count is one row per key and clock minute (UTC), bumped with a single INSERT ... ON CONFLICT
DO UPDATE ... RETURNING in the caller's write transaction. A request past a limit raises
LimitReached, and the caller's transaction rolls back: a refused request counts for nothing,
so a phone that keeps trying never uses up the location's allowance.
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from kiosk_core.models import RateCount

KEEP = timedelta(hours=1)  # rows older than this are deleted: only the current minute counts


class LimitReached(Exception):
    """Past `limit` requests for `key` in this minute."""

    def __init__(self, key: str, limit: int):
        super().__init__(f"{key}: more than {limit} a minute")
        self.key, self.limit = key, limit


def window_start(now: datetime) -> datetime:
    """The clock minute `now` falls in, in UTC."""
    return now.astimezone(UTC).replace(second=0, microsecond=0)


@lru_cache(maxsize=2)
def _bump(dialect: str) -> sa.Insert:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = RateCount.__table__
    return (
        insert(table)
        .values(key=sa.bindparam("key"), window_start=sa.bindparam("window_start"), count=1)
        .on_conflict_do_update(index_elements=["key", "window_start"], set_={"count": table.c.count + 1})
        .returning(table.c.count)
    )


def take(*, session: Session, limits: Sequence[tuple[str, int]], now: datetime) -> None:
    """Count one request for each (key, limit) in the minute of `now`, in order, in the caller's
    write transaction; LimitReached at the first key past its limit (roll the transaction back)."""
    connection = session.connection()
    window = window_start(now)
    for key, limit in limits:
        count = connection.execute(_bump(connection.dialect.name), {"key": key, "window_start": window}).scalar_one()
        if count > limit:
            raise LimitReached(key, limit)
        if count == 1:
            # The first request of a minute for this key clears the old rows: a few deletes an hour.
            table = RateCount.__table__
            connection.execute(table.delete().where(table.c.window_start < window - KEEP))


def counted(*, session: Session, key: str, now: datetime) -> int:
    """How many requests `key` has made in the minute of `now`."""
    table = RateCount.__table__
    found = session.connection().execute(
        sa.select(table.c.count).where(table.c.key == key, table.c.window_start == window_start(now))
    )
    return found.scalar_one_or_none() or 0
