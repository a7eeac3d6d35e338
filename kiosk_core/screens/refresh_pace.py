"""How often the timed refreshes (the therapists' boards, the lobby TVs, the live tickets on
phones) run: every base interval while this server keeps up, two, four or eight times longer as
it falls behind, so that a tap (a check-in above all) keeps the server's time and its health
check still answers. Process-wide: one server's sessions share its cores.

A refresh's own run time is the measure: the same reads take longer when the server's threads
wait for the interpreter or the database. `pace_level` is the rule, pure; `RefreshPace` keeps
the last run times and the level. It slows down quickly (SLOW_DOWN_AFTER a change) and speeds up
again slowly (SPEED_UP_AFTER): each change makes every open page run once in full, to take its
new interval, and a server that has just caught up should not fall behind again at once.
"""

import threading
import time
from collections import deque
from collections.abc import Callable

from kiosk_core.config import settings
from kiosk_core.percentile import median

MULTIPLES = (1, 2, 4, 8)  # of a refresh's base interval, one per level
BEHIND_SECONDS = 0.25  # the median refresh slower than this: one level slower
FAR_BEHIND_SECONDS = 1.0  # slower than this: the slowest level at once
CAUGHT_UP_SECONDS = 0.08  # faster than this: one level faster
SLOW_DOWN_AFTER = 5.0  # seconds since the last change
SPEED_UP_AFTER = 30.0
WINDOW = 40  # the refreshes a decision reads
ENOUGH = 10  # ... and the fewest it takes


def pace_level(median_seconds: float, level: int) -> int:
    """The level after `level`, from the median run time of this server's recent refreshes."""
    top = len(MULTIPLES) - 1
    if median_seconds > FAR_BEHIND_SECONDS:
        return top
    if median_seconds > BEHIND_SECONDS:
        return min(level + 1, top)
    if median_seconds < CAUGHT_UP_SECONDS:
        return max(level - 1, 0)
    return level


class RefreshPace:
    """This process's recent refresh run times and the pace they set."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._runs: deque[float] = deque(maxlen=WINDOW)
        self._level = 0
        self._changed_at = clock() - SPEED_UP_AFTER

    def multiple(self) -> int:
        """How many base intervals a refresh waits now."""
        return MULTIPLES[self._level] if settings.refresh_pacing else 1

    def record(self, seconds: float) -> None:
        """One refresh's run time; the level moves when the last ones say so and the last change is old enough."""
        with self._lock:
            self._runs.append(seconds)
            if len(self._runs) < ENOUGH:
                return
            now, level = self._clock(), pace_level(median(list(self._runs)), self._level)
            held = SLOW_DOWN_AFTER if level > self._level else SPEED_UP_AFTER
            if level != self._level and now - self._changed_at >= held:
                # The runs so far were timed at the old pace: the next decision reads the new one's.
                self._level, self._changed_at = level, now
                self._runs.clear()


PACE = RefreshPace()
