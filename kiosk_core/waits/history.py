"""Caches behind the wait estimate, in this process, each keyed by location and checked against
the database on every use, so that correctness never depends on them, only speed (several
servers on one PostgreSQL each keep their own; a change made through another is seen at its
next use).

- **Session lengths** of recent days (the latest finished sessions per queue): re-read only when
  a session has finished at the location since (today's count of finished visits and the latest
  finish, one indexed read), the clinic day changed, or `settings.wait_history_seconds` passed.
  Re-reading up to 800 sessions was half of a check-in's cost while someone was on shift.
- **A location's waits** (every waiting visit's), shared by all its boards in one refresh: kept
  for the exact line, therapists and session lengths they were computed from, within the same
  `SHARE_SECONDS` of the clock (the minutes of sessions in progress move with it).

`enabled = False` turns both off (bench/checkin_cost.py measures with and without).
"""

import threading
import time
from collections.abc import Callable, Hashable
from datetime import datetime
from functools import lru_cache

import sqlalchemy as sa

from kiosk_core.clock import clinic_day
from kiosk_core.config import settings
from kiosk_core.models import Visit
from kiosk_core.vocabulary import VisitStatus

enabled = True
SHARE_SECONDS = 2  # the board's refresh
_lock = threading.Lock()
_lengths: dict[Hashable, tuple[Hashable, float, object]] = {}  # key -> (token, read at, lengths)
_waits: dict[int, tuple[Hashable, dict]] = {}  # location id -> (key, waits)


@lru_cache(maxsize=1)
def _finished_today() -> sa.Select:
    """Today's finished sessions at a location: how many, and the latest. Parameters: location_id, day."""
    p = sa.bindparam
    return sa.select(sa.func.count(), sa.func.max(Visit.finished_at)).where(
        Visit.location_id == p("location_id"), Visit.clinic_day == p("day"), Visit.status == VisitStatus.DONE
    )


def lengths(*, rows: Callable, location_id: int, now: datetime, settings_key: Hashable, read: Callable) -> object:
    """The session lengths of `read()`, reused while nothing finished at the location since.
    `rows(statement, parameters)`: the caller's read in its own transaction."""
    if not enabled:
        return read()
    day = clinic_day(now)
    ((count, latest),) = rows(_finished_today(), {"location_id": location_id, "day": day})
    token, key = (day, count, latest), (location_id, settings_key)
    with _lock:
        kept = _lengths.get(key)
    if kept is not None and kept[0] == token and time.monotonic() - kept[1] < settings.wait_history_seconds:
        return kept[2]
    fresh = read()
    with _lock:
        _lengths[key] = (token, time.monotonic(), fresh)
    return fresh


def shared_waits(location_id: int, key: Hashable, now: datetime, compute: Callable[[], dict]) -> dict:
    """The location's waits for `key` (what they are computed from), computed once a `SHARE_SECONDS`."""
    if not enabled:
        return compute()
    key = (key, int(now.timestamp() // SHARE_SECONDS))
    with _lock:
        kept = _waits.get(location_id)
    if kept is not None and kept[0] == key:
        return kept[1]
    waits = compute()
    with _lock:
        _waits[location_id] = (key, waits)
    return waits


def forget() -> None:
    """Drop both caches (tests, benchmarks)."""
    with _lock:
        _lengths.clear()
        _waits.clear()
