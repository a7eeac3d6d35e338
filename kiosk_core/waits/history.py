"""Caches behind the wait estimate, in this process, each keyed by location and checked against
the database on every use, so that correctness never depends on them, only speed (several
servers on one PostgreSQL each keep their own; a change made through another is seen at its
next use).

- **Session lengths** of recent days (the latest finished sessions per queue): today's are read
  on every use (one small indexed read, which also tells whether anything finished since), the
  days before kept until the clinic day changes or `settings.wait_history_seconds` passes.
  Re-reading up to 800 sessions was half of a check-in's cost while someone was on shift, and a
  session finishing between two check-ins (an ordinary afternoon) made every check-in pay it.
- **A location's waits** (every waiting visit's), shared by all its boards in one refresh: kept
  for the exact line, therapists and session lengths they were computed from, within the same
  `SHARE_SECONDS` of the clock (the minutes of sessions in progress move with it).

`enabled = False` turns both off (bench/checkin_cost.py measures with and without).
"""

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from kiosk_core.clock import clinic_day
from kiosk_core.config import settings

enabled = True
SHARE_SECONDS = 2  # the board's refresh
_lock = threading.Lock()
_lengths: dict[Hashable, "_Kept"] = {}  # (location, settings) -> what was read and learnt
_waits: dict[int, tuple[Hashable, dict]] = {}  # location id -> (key, waits)


@dataclass(frozen=True)
class _Kept:
    day: object
    read_at: float  # when `past` was read
    past: object
    today: object
    learned: object


def lengths(*, location_id: int, now: datetime, settings_key: Hashable, read_today: Callable[[], Hashable],
            read_past: Callable[[], object], learn: Callable[[Hashable, object], object]) -> object:  # fmt: skip
    """`learn(today, past)`: the session lengths from today's finished sessions, read every time
    (one small read), and those of the days before, kept for the day (or the bounded time); learnt
    again only when today's have changed."""
    if not enabled:
        return learn(read_today(), read_past())
    day, today, key = clinic_day(now), read_today(), (location_id, settings_key)
    with _lock:
        kept = _lengths.get(key)
    fresh_past = kept is None or kept.day != day or time.monotonic() - kept.read_at >= settings.wait_history_seconds
    if not fresh_past and kept.today == today:
        return kept.learned
    past, read_at = (read_past(), time.monotonic()) if fresh_past else (kept.past, kept.read_at)
    learned = learn(today, past)
    with _lock:
        _lengths[key] = _Kept(day, read_at, past, today, learned)
    return learned


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
