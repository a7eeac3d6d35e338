"""How long a client will likely wait, from the therapists actually working. Pure.

No database, no clock: the queue code passes in who is on shift and what each is doing, the
waiting line of both queues in check-in order, and the session lengths of recent days. The
estimate replays the queue's own rule (a free therapist calls the longest-waiting client of a
queue they may serve) three times: with short, typical and long sessions (the 25th, 50th and
75th percentiles of recent sessions). The short and long replays give the range.
"""

import heapq
import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kiosk_core.percentile import percentile
from kiosk_core.vocabulary import Queue, may_serve

LOW, MID, HIGH = 0.25, 0.5, 0.75
# Without enough recent sessions the clinic's default stands in, with this much spread either
# side: a default is a guess, and a range says so.
DEFAULT_SPREAD = 0.15
# A session already past (nearly) every recent one is taken to end within a few minutes, rather
# than now (which would promise the next client a therapist who is still busy).
OVERRUN_MINUTES = 5.0
# Figures are shown in steps of 5 minutes: "about 23–37 minutes" claims a precision we lack.
STEP = 5


@dataclass(frozen=True)
class OnShift:
    """A therapist signed in at the location, and what they are doing now.

    `busy_with` is the queue of their open visit (called, in session or paused), None when free.
    `minutes_in` is the massage so far (pauses left out: a paused client is expected back), None
    when the client has been called but the session has not started.
    """

    medical_trained: bool
    busy_with: Queue | None = None
    minutes_in: float | None = None


@dataclass(frozen=True)
class SessionLengths:
    """What a session of one queue at one location has lasted lately, in minutes."""

    quartiles: tuple[float, float, float]  # 25th percentile, median, 75th percentile
    sample: tuple[float, ...] = ()  # sorted; empty when the clinic's default stands in

    def full(self, level: float) -> float:
        """A whole session, at the given level (LOW, MID or HIGH)."""
        return self.quartiles[(LOW, MID, HIGH).index(level)]

    def remaining(self, minutes_in: float, level: float) -> float:
        """What is left of a session `minutes_in` minutes along, at the given level.

        From the recent sessions that lasted longer than this one has so far: a session 55
        minutes in, when most last 50 or 80, is more likely to run to 80 than to end now.
        """
        if not self.sample:
            return max(self.full(level) - minutes_in, OVERRUN_MINUTES)
        longer = [length - minutes_in for length in self.sample if length > minutes_in]
        return max(percentile(longer, level), OVERRUN_MINUTES) if longer else OVERRUN_MINUTES


@dataclass(frozen=True)
class WaitEstimate:
    """Minutes until a client is likely called, as the tablet may say it.

    `low == high` is one figure ("about 25 minutes"); otherwise a range ("about 20–30
    minutes"). Neither is ever above the cap: past it, `ask_front_desk` is set and `high` is the
    cap. When nobody on shift may serve the queue there is no figure at all (None).
    """

    low: int | None
    high: int | None
    ask_front_desk: bool = False
    nobody_on_shift: bool = False

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.low != self.high

    @property
    def over_cap(self) -> bool:
        """The wait is longer than the clinic's cap (as opposed to nobody being there)."""
        return self.ask_front_desk and not self.nobody_on_shift


NOBODY_ON_SHIFT = WaitEstimate(low=None, high=None, ask_front_desk=True, nobody_on_shift=True)


def learn_session_lengths(sample: Sequence[float], *, default_minutes: float, min_sessions: int) -> SessionLengths:
    """Session lengths from recent finished sessions, or the default when they are too few.

    The median and quartiles, not the mean and deviation: one session left running over lunch
    must not move every promise of the day.
    """
    lengths = tuple(sorted(float(minutes) for minutes in sample if minutes > 0))
    if len(lengths) < max(min_sessions, 1):
        default = float(default_minutes)
        return SessionLengths((default * (1 - DEFAULT_SPREAD), default, default * (1 + DEFAULT_SPREAD)))
    return SessionLengths((percentile(lengths, LOW), percentile(lengths, MID), percentile(lengths, HIGH)), lengths)


def estimate_waits(
    *,
    line: Sequence[Queue],
    therapists: Sequence[OnShift],
    lengths: Mapping[Queue, SessionLengths],
    cap_minutes: int,
    turnover_minutes: float,
) -> list[WaitEstimate]:
    """The wait of every client in `line`: the waiting clients of BOTH queues at the location,
    in check-in order (oldest first), each given by their queue.

    Both queues are needed because a medical-trained therapist serves both: a therapeutic
    client who checked in earlier may take them before a medical client does. Clients who
    checked in later never delay earlier ones, so one replay serves the whole line.
    `turnover_minutes` is a therapist's time between one client and the next (notes, sheets,
    the walk in).
    """
    replays = [_call_times(line, therapists, lengths, level, turnover_minutes) for level in (LOW, MID, HIGH)]
    return [_worded(low, mid, high, cap_minutes) for low, mid, high in zip(*replays, strict=True)]


def estimate_wait(
    *,
    queue: Queue,
    ahead: Sequence[Queue],
    therapists: Sequence[OnShift],
    lengths: Mapping[Queue, SessionLengths],
    cap_minutes: int,
    turnover_minutes: float,
) -> WaitEstimate:
    """The wait of one client of `queue`; `ahead` is every client of either queue still waiting
    who checked in before them, oldest first (see `estimate_waits`). Only this client's wait is
    worded: the tablet's ticket asks for one, behind a line of any length."""
    line = [*ahead, queue]
    last = len(line) - 1
    low, mid, high = (
        _call_times(line, therapists, lengths, level, turnover_minutes, until=last)[last] for level in (LOW, MID, HIGH)
    )
    return _worded(low, mid, high, cap_minutes)


def surely_over_cap(
    *,
    ahead: int,
    serving: int,
    lengths: Mapping[Queue, SessionLengths],
    cap_minutes: int,
    turnover_minutes: float,
) -> WaitEstimate | None:
    """What estimate_wait says of a client with `ahead` clients of their own queue before them
    and `serving` therapists on shift who may serve that queue, when it is the cap whatever the
    rest of the line (so the line need not be read or replayed); None when only the replay can tell.

    Everyone of the client's queue ahead is called before them (a therapist takes the first
    client they may serve), all by those `serving` therapists, and a therapist is free again no
    sooner than the shortest session of any queue plus the turnover after each call: one of
    them makes ceil((ahead + 1) / serving) of those calls, so the client waits at least
    floor(ahead / serving) × (shortest session + turnover) at each level. More than a step past
    the cap at all three, the wait is worded as the cap, to be asked at the front desk.
    """
    if serving <= 0:
        return None
    for level in (LOW, MID, HIGH):
        shortest = min(length.full(level) for length in lengths.values())
        if ahead // serving * (shortest + turnover_minutes) <= cap_minutes + STEP:
            return None
    return WaitEstimate(low=cap_minutes, high=cap_minutes, ask_front_desk=True)


def _call_times(
    line: Sequence[Queue],
    therapists: Sequence[OnShift],
    lengths: Mapping[Queue, SessionLengths],
    level: float,
    turnover: float,
    *,
    until: int | None = None,
) -> list[float | None]:
    """Minutes until each client in the line is called, every session lasting `level`; None for
    a client nobody on shift may serve. With `until`, the replay stops once that client is called."""
    # (free in, medical-trained, index): when two are free together, the untrained therapist
    # goes first, so the trained one stays for a medical client they alone may take.
    free: list[tuple[float, bool, int]] = []
    for index, therapist in enumerate(therapists):
        free_in = 0.0
        if therapist.busy_with is not None:
            busy = lengths[therapist.busy_with]
            left = busy.full(level) if therapist.minutes_in is None else busy.remaining(therapist.minutes_in, level)
            free_in = left + turnover
        free.append((free_in, therapist.medical_trained, index))
    heapq.heapify(free)

    # Each queue's waiting clients in line order: the first client a therapist may serve is the
    # earliest of the fronts of the queues they serve (one look per queue, not a scan of the line).
    queues: dict[Queue, deque[int]] = {}
    for client, queue in enumerate(line):
        queues.setdefault(queue, deque()).append(client)
    serves = [[queue for queue in queues if may_serve(queue, medical_trained=t.medical_trained)] for t in therapists]
    session: dict[Queue, float] = {}  # a whole session of each queue, at this level
    times: list[float | None] = [None] * len(line)
    left = len(line)
    while left and free:
        free_in, trained, index = heapq.heappop(free)
        fronts = [queues[queue][0] for queue in serves[index] if queues[queue]]
        if not fronts:
            continue  # nobody left in line this therapist may serve: they drop out of the replay
        client = min(fronts)
        queue = line[client]
        queues[queue].popleft()
        left -= 1
        times[client] = free_in
        if client == until:
            break
        if queue not in session:
            session[queue] = lengths[queue].full(level)
        heapq.heappush(free, (free_in + session[queue] + turnover, trained, index))
    return times


def _worded(low: float | None, mid: float | None, high: float | None, cap: int) -> WaitEstimate:
    if low is None or mid is None or high is None:
        return NOBODY_ON_SHIFT
    if high - low < STEP:
        # Short and long sessions agree within a step: one figure ("about 25 minutes").
        shown_low = shown_high = _step_nearest(mid)
    else:
        shown_low, shown_high = _step_down(low), _step_up(high)
    if high > cap:
        return WaitEstimate(low=min(shown_low, cap), high=cap, ask_front_desk=True)
    return WaitEstimate(low=shown_low, high=min(shown_high, cap))


def _step_down(minutes: float) -> int:
    return math.floor(minutes / STEP) * STEP


def _step_up(minutes: float) -> int:
    return math.ceil(minutes / STEP) * STEP


def _step_nearest(minutes: float) -> int:
    return math.floor(minutes / STEP + 0.5) * STEP
