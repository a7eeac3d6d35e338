"""Backtest of the wait estimates on simulated clinic days.

    .venv/bin/python -m bench.waits [--seed 2026] [--locations 5] [--days 40]

Each simulated location has its own mix of session lengths and medical share, and runs `--days`
days in a row, so the new estimate learns session lengths from its recent days as it would in
the clinic. Every client is promised a wait at check-in by the new estimate
(kiosk_core/waits/estimate.py) and by the one-therapist one it replaced (bench/old_waits.py, called as
queue.py called it); the promise is then compared with the wait they had (check-in to call).
Prints figures, asserts nothing.
"""

import argparse
import heapq
import random
import time
from collections import deque
from dataclasses import dataclass, field

from bench.old_waits import expected_waits, typical_service_minutes
from kiosk_core.config import load_clinic
from kiosk_core.percentile import median, percentile
from kiosk_core.vocabulary import Queue, may_serve
from kiosk_core.waits.estimate import OnShift, WaitEstimate, estimate_wait, learn_session_lengths

OPEN_MINUTES = 11 * 60  # 9:00 to 20:00
LAST_CHECK_IN = 10 * 60  # check-ins stop an hour before closing
# Relative arrivals per hour from 9:00 to 19:00: a morning bump, a lull after lunch, the after-work peak.
HOURLY_SHAPE = (0.6, 1.0, 1.1, 0.9, 0.8, 0.7, 0.7, 0.9, 1.3, 1.4)
# Booked lengths per queue (minutes) and their usual shares; each location varies the shares.
BOOKED = {"medical": ((45, 0.3), (60, 0.5), (90, 0.2)), "therapeutic": ((30, 0.25), (50, 0.5), (80, 0.25))}
NO_SHOW_SHARE = 0.08  # leave the lobby before being called
NO_SHOW_MINUTES = 3  # a therapist calls, waits, marks the no-show
STEP = 5  # the estimate's shown step: one figure "about 25" stands for 22.5 to 27.5


@dataclass(eq=False)
class Client:
    queue: str
    checked_in: float
    leaves_at: float | None  # a no-show leaves the lobby then, unseen by the kiosk
    new: WaitEstimate | None = None
    old: float = 0.0
    called: float | None = None
    no_show: bool = False
    queued: bool = False  # at check-in, someone ahead in their queue or no free therapist to take them


@dataclass(eq=False)
class Therapist:
    queue: str  # the queue they were rostered for
    trained: bool
    start: float
    end: float  # after this they take no new client (inf: stays until the line is empty)
    on: bool = False
    gone: bool = False
    ready: bool = False  # free to call the next client
    client: Client | None = None  # the open visit: called, or in session
    session_start: float | None = None

    def may_serve(self, queue: str) -> bool:
        return may_serve(queue, medical_trained=self.trained)


@dataclass
class Location:
    """One simulated location: its mix, and the session minutes of its recent days per queue."""

    rng: random.Random
    medical_bias: float  # more or fewer medical clients than the roster expects
    booked: dict[str, list[tuple[int, float]]]
    history: dict[str, deque] = field(default_factory=dict)

    def session_minutes(self, queue: str) -> float:
        lengths, weights = zip(*self.booked[queue], strict=True)
        return max(15.0, self.rng.choices(lengths, weights)[0] + self.rng.gauss(0, 4))


def make_location(rng: random.Random, recent_days: int) -> Location:
    booked = {q: [(m, w * rng.uniform(0.6, 1.4)) for m, w in options] for q, options in BOOKED.items()}
    history = {q: deque(maxlen=recent_days - 1) for q in Queue}  # past days; today is kept apart
    return Location(rng, rng.uniform(0.85, 1.2), booked, history)


def make_therapists(rng: random.Random) -> list[Therapist]:
    """1-4 therapists per queue: the medical queue's are trained, a quarter of the others too.

    The first of each queue opens (now and then late) and stays to closing, and until the line
    is empty; the next ones work an opening, a closing and a middle shift, as a clinic rosters for
    its morning and evening peaks.
    """
    therapists = []
    for queue in Queue:
        for n in range(rng.randint(1, 4)):
            trained = queue == "medical" or rng.random() < 0.25
            shift = ("anchor", "opening", "closing", "middle")[n]
            if shift == "anchor":
                start, end = (0.0 if rng.random() < 0.7 else rng.uniform(0, 120)), float("inf")
            elif shift == "opening":
                start = rng.uniform(0, 30)
                end = start + rng.uniform(300, 480)
            elif shift == "middle":
                start = rng.uniform(60, 180)
                end = start + rng.uniform(240, 360)
            else:
                start, end = rng.uniform(180, 360), float("inf")
            therapists.append(Therapist(queue, trained, start, float("inf") if end >= OPEN_MINUTES else end))
    return therapists


def simulate_day(location: Location, clinic, rng: random.Random) -> list[Client]:
    """One day: arrivals, calls, sessions, no-shows; each client's promises and actual call."""
    waits = clinic.waits
    defaults = {q: clinic.queues[q].default_service_minutes for q in Queue}
    therapists = make_therapists(rng)
    today: dict[str, list[float]] = {q: [] for q in Queue}
    events: list = []
    order = 0

    def schedule(at: float, kind: str, subject) -> None:
        nonlocal order
        order += 1
        heapq.heappush(events, (at, order, kind, subject))

    # Daily volume near what the day's shifts can serve, so queues build at the peaks; the
    # clinic staffs each queue for its usual share, which the day's routing then misses a little.
    shift = {q: sum(min(t.end, OPEN_MINUTES) - t.start for t in therapists if t.queue == q) for q in Queue}
    per_day = sum(shift.values()) / 70 * rng.uniform(0.5, 1.0)
    medical_share = min(0.7, shift["medical"] / sum(shift.values()) * location.medical_bias * rng.uniform(0.85, 1.15))
    for hour, weight in enumerate(HOURLY_SHAPE):
        rate = per_day * weight / sum(HOURLY_SHAPE) / 60  # clients a minute
        at = hour * 60 + rng.expovariate(rate)
        while at < (hour + 1) * 60:
            queue = "medical" if rng.random() < medical_share else "therapeutic"
            leaves = at + rng.uniform(5, 90) if rng.random() < NO_SHOW_SHARE else None
            schedule(at, "arrive", Client(queue, at, leaves))
            at += rng.expovariate(rate)
    for therapist in therapists:
        schedule(therapist.start, "start", therapist)
        if therapist.end < OPEN_MINUTES:
            schedule(therapist.end, "leave", therapist)  # dispatch lets them go once free

    waiting: list[Client] = []
    clients: list[Client] = []

    def dispatch(now: float) -> None:
        ready = [t for t in therapists if t.on and not t.gone and t.ready]
        rng.shuffle(ready)  # whoever of the free therapists looks up first
        for therapist in ready:
            if now >= therapist.end:
                therapist.gone = True
                continue
            client = next((c for c in waiting if therapist.may_serve(c.queue)), None)
            if client is None:
                continue
            waiting.remove(client)
            client.called, therapist.client, therapist.ready = now, client, False
            if client.leaves_at is not None and client.leaves_at <= now:
                client.no_show = True
                schedule(now + NO_SHOW_MINUTES, "free", therapist)
            else:
                schedule(now + rng.uniform(1, 3), "begin", therapist)

    while events:
        now, _, kind, subject = heapq.heappop(events)
        if kind == "arrive":
            promise(subject, now, waiting, therapists, location, today, defaults, waits)
            waiting.append(subject)
            clients.append(subject)
        elif kind == "start":
            subject.on = subject.ready = True
        elif kind == "begin":
            subject.session_start = now
            schedule(now + location.session_minutes(subject.client.queue), "finish", subject)
        elif kind == "finish":
            today[subject.client.queue].append(now - subject.session_start)
            subject.client = subject.session_start = None
            schedule(now + rng.uniform(2, 6), "free", subject)  # notes and fresh sheets
        elif kind == "free":
            subject.client, subject.ready = None, True
        dispatch(now)
    for queue in Queue:
        location.history[queue].append(today[queue])
    return clients


def promise(client, now, waiting, therapists, location, today, defaults, waits) -> None:
    """What each estimate tells `client` at check-in, from what the kiosk's database would hold."""
    lengths = {
        q: learn_session_lengths(
            [m for day in location.history[q] for m in day] + today[q],
            default_minutes=defaults[q],
            min_sessions=waits.min_sessions,
        )
        for q in Queue
    }
    on_shift = [
        OnShift(
            t.trained,
            t.client.queue if t.client else None,
            now - t.session_start if t.session_start is not None else None,
        )
        for t in therapists
        if t.on and not t.gone
    ]
    client.new = estimate_wait(
        queue=client.queue,
        ahead=[c.queue for c in waiting],
        therapists=on_shift,
        lengths=lengths,
        cap_minutes=waits.ask_front_desk_minutes,
        turnover_minutes=waits.turnover_minutes,
    )
    # Today's estimate as queue.py makes it: today's median session of the queue, one entry
    # per open visit of the queue, and the client's place in that queue.
    service = typical_service_minutes(today[client.queue], defaults[client.queue])
    busy = [
        service - (now - t.session_start) if t.session_start is not None else service
        for t in therapists
        if t.client is not None and t.client.queue == client.queue
    ]
    place = sum(c.queue == client.queue for c in waiting) + 1
    client.old = round(expected_waits(waiting=place, busy_remaining=busy, service_minutes=service)[-1])
    free = any(t.on and not t.gone and t.ready and t.may_serve(client.queue) for t in therapists)
    client.queued = place > 1 or not free


def covers(estimate: WaitEstimate, actual: float) -> bool:
    """Whether the wait had is what the tablet said: inside "20–30", within 22.5-27.5 of "about
    25", at or past the low figure of "please ask at the front desk"."""
    if estimate.over_cap:
        return actual >= estimate.low
    slack = 0 if estimate.is_range else STEP / 2
    return estimate.low - slack <= actual <= estimate.high + slack


def p90(values: list[float]) -> float:
    return percentile(sorted(values), 0.9)


def report(clients: list[Client], title: str) -> None:
    seen = [c for c in clients if not c.no_show and not c.new.nobody_on_shift]
    if len(seen) < 10:
        return
    new = [abs((c.new.low + c.new.high) / 2 - c.called + c.checked_in) for c in seen]
    old = [abs(c.old - c.called + c.checked_in) for c in seen]
    inside = sum(covers(c.new, c.called - c.checked_in) for c in seen) / len(seen)
    print(
        f"  {title:<24} {len(seen):>6}   {median(new):>5.1f} {p90(new):>6.1f}"
        f"   {median(old):>6.1f} {p90(old):>6.1f}   {inside:>6.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--locations", type=int, default=5, help="simulated locations, each with its own mix")
    parser.add_argument("--days", type=int, default=40, help="days in a row at each location")
    args = parser.parse_args()
    clinic = load_clinic()
    began = time.perf_counter()
    clients: list[Client] = []
    for n in range(args.locations):
        rng = random.Random(f"{args.seed}-{n}")  # one stream per location: the same figures every run
        location = make_location(rng, clinic.waits.recent_days)
        for _ in range(args.days):
            clients += simulate_day(location, clinic, rng)

    no_shows = sum(c.no_show for c in clients)
    nobody = [c for c in clients if not c.no_show and c.new.nobody_on_shift]
    over = sum(c.new.over_cap for c in clients if not c.no_show)
    print(f"seed {args.seed}: {args.locations} locations x {args.days} days = {args.locations * args.days} days")
    print(
        f"{len(clients)} check-ins: {no_shows} no-shows and {len(nobody)} who checked in with nobody on shift "
        f"for their queue ('please ask at the front desk') left out; {over} told the wait was over the cap"
    )
    print("absolute error of the promised wait (minutes; the new estimate at the middle of its range)")
    heading = f"  {'clients':<24} {'count':>6}   {'new: median':>11} {'p90':>3}   {'today: median':>13} {'p90':>3}"
    print(heading + "   inside the new range")
    report(clients, "all")
    for queue in Queue:
        report([c for c in clients if c.queue == queue], queue)
    report([c for c in clients if c.queued], "someone ahead/none free")
    report([c for c in clients if c.called is not None and c.called - c.checked_in >= 15], "who waited 15+ minutes")
    print(f"({time.perf_counter() - began:.1f} s)")


if __name__ == "__main__":
    main()
