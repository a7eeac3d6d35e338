"""The wait estimate the kiosk gave before kiosk_core/waits/estimate.py was wired in, kept as the
backtest's baseline (bench/waits.py): one therapist per queue assumed free whoever works, each
busy one freeing up after today's median session. Pure."""

import heapq
from collections.abc import Sequence

from kiosk_core.percentile import median


def typical_service_minutes(durations: Sequence[float], default: float) -> float:
    """The median of today's real sessions, or the clinic's default before there are any."""
    return median(durations) if durations else default


def expected_waits(*, waiting: int, busy_remaining: Sequence[float], service_minutes: float) -> list[float]:
    """Minutes until each of `waiting` clients, in queue order, is likely to be called.

    Each busy therapist frees up after their remaining minutes; with none busy we assume one
    therapist free now. Each client called keeps a therapist for `service_minutes`.
    """
    free_at = sorted(max(0.0, minutes) for minutes in busy_remaining) or [0.0]
    heapq.heapify(free_at)
    waits = []
    for _ in range(waiting):
        soonest = heapq.heappop(free_at)
        waits.append(soonest)
        heapq.heappush(free_at, soonest + service_minutes)
    return waits
