"""How many open sessions one `streamlit run` server holds before a check-in takes over 1 s.

    .venv/bin/python -m bench.sessions [--steps 10,25,50,75,100] [--window 30] [--per-step 6]
                                       [--check-ins 500] [--at 50] [--mix tablet=2,board=2,...]
                                       [--compare [--against runner.postScriptGC=true ...]]
    .venv/bin/python -m bench.sessions --verify

Starts its own `streamlit run kiosk.py` on a free port over a fresh SQLite database in a temp
dir (therapists, clients with a visit yesterday, people waiting today with a link to their live
ticket), then opens sessions in steps. The sessions are a mix, rounded: 20% lobby tablets
(/?location=..., on Welcome: their idle watch is in the browser), 20% staff boards (/queue, signed
in, the board's 2 s fragment), 10% lobby displays (/display?location=..., 2 s), 50% phones on the
live ticket (/ticket?t=..., 2 s); `--mix board=1` measures one kind alone. Each session is a
lightweight WebSocket client speaking Streamlit's protocol (bench/stream_client.py), sending what
the browser sends, its fragment timers included: a hundred Chromium pages on this 2-core machine
would measure Chromium. `--verify` puts one real Chromium page of each kind and then the same
clients on one server, and prints the runs each asked for and the server started, the bytes,
the server's CPU, and one check-in's runs and time in each.

At each step, over `--window` seconds after the sessions are open: the server process's CPU (1.0
= one core, from /proc; one process's Python runs on about one core at most) and RSS,
`/_stcore/health` latency, the fragment refreshes asked for and run, and the time of `--per-step`
real check-ins made meanwhile, evenly spaced, each by one more lobby tablet session. **A check-in
is timed from the client's side as the tap on "Check me in": from that message to the end of the
run that draws the ticket** (in Chromium the ticket shows before that run ends; `--verify`). The
client is a returning one (scan the card, today's pain and stress, "Yes, same as last time",
"None of these apply", "Check me in", then "Done", which reloads the page: a new session); the
slowest tap of the whole flow is printed too. A step where sessions fail to open in 60 s, a
check-in takes over `--timeout` (30 s), or the median check-in over 10 s ends that server's steps.

Then, on a fresh server process with `--at` sessions open, its RSS before, every 100 and after
`--check-ins` check-ins (two lobby tablets, one per location, back to back; a desk therapist
calls, starts and finishes the bench's clients through the services, so the queues stay the
length they were).

`--compare` runs every step on two servers in turn over copies of one database: as configured
(.streamlit/config.toml), and with `--against` options added on the command line (Streamlit's
own default `runner.postScriptGC=true` unless told; a KIOSK_NAME=value is the kiosk's setting:
`--against KIOSK_REFRESH_PACING=false` measures the timed refreshes kept at their base interval).
Prints figures; asserts nothing.
"""

import argparse
import asyncio
import os
import secrets
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import SecretStr

from bench.session_tabs import MIX, OPEN_TIMEOUT, check_in_on_tablet, mix, open_sessions, pct, shares
from bench.session_world import LOCATIONS, Seed, Server, sample_health, seed, serve_waiting, start_server
from bench.stream_client import RunFailed
from kiosk_core import db
from kiosk_core.config import load_clinic, settings

SLOW = 1.0  # a check-in over this many seconds is what the goal counts
FAILURES: Counter = Counter()  # why check-ins failed: printed at the end


# --- Measuring -------------------------------------------------------------------------


@dataclass
class Step:
    sessions: int
    opened: int = 0
    cpu: float = 0.0  # cores (1.0 = one core busy)
    bench_cpu: float = 0.0  # this process's: the clients'
    rss: float = 0.0  # MB
    health: list = field(default_factory=list)  # seconds
    check_ins: list = field(default_factory=list)
    failed: int = 0  # check-ins over the timeout, or wrong
    asked: int = 0  # fragment runs the sessions asked for
    done: int = 0  # fragment runs the server started
    load: float = 0.0

    @property
    def saturated(self) -> bool:
        """Past here the server no longer keeps up: further steps are skipped."""
        times = [c.check_in for c in self.check_ins]
        return bool(self.failed or self.opened < self.sessions or pct(times, 0.5) > 10 * SLOW)

    def row(self, name: str) -> str:
        times = [c.check_in for c in self.check_ins]
        over = sum(t > SLOW for t in times) + self.failed
        ms = [pct(self.health, 0.5) * 1000, max(self.health, default=float("nan")) * 1000]
        return (
            f"| {name} | {self.sessions} | {self.opened} | {self.cpu:.2f} ({self.bench_cpu:.2f}) | {self.rss:.0f} MB"
            f" | {ms[0]:.0f} / {ms[1]:.0f} ms | {self.done} / {self.asked} | {pct(times, 0.5):.2f} / "
            f"{max(times, default=float('nan')):.2f} s | {over} of {len(times) + self.failed} |"
            f" {max((c.slowest_tap for c in self.check_ins), default=float('nan')):.2f} s | {self.load:.1f} |"
        )


STEP_HEADER = (
    "| server | sessions | open | server CPU, cores (clients') | RSS | health p50 / max | refreshes run / asked"
    " | check-in p50 / max | check-ins over 1 s | slowest tap | load |\n|---|---|---|---|---|---|---|---|---|---|---|"
)


async def measure_step(server: Server, engine, n: int, seed_: Seed, payloads: list, args) -> Step:
    """`n` sessions open; over `args.window` s, `args.per_step` check-ins at an even pace."""
    step = Step(sessions=n)
    tabs, _ = await open_sessions(server.url, mix(n, args.mix), seed_)
    step.opened = len(tabs)
    try:
        await asyncio.sleep(5)  # the sign-ins' hashing and first runs settle
        asked0, done0 = sum(t.asked["fragment"] for t in tabs), sum(t.runs["fragment"] for t in tabs)
        cpu0, bench0, t0 = server.cpu_seconds(), time.process_time(), time.monotonic()
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_health(server.url, stop, step.health))
        for k in range(args.per_step):
            await asyncio.sleep(max(0.0, t0 + k * args.window / args.per_step - time.monotonic()))
            try:
                step.check_ins.append(
                    await check_in_on_tablet(
                        server.url, LOCATIONS[k % 2], payloads.pop(), seed_.tablets[LOCATIONS[k % 2]], args.timeout
                    )
                )
            except (RunFailed, TimeoutError) as error:
                step.failed += 1
                FAILURES[f"{server.name}: {error!r}"[:300]] += 1
        await asyncio.sleep(max(0.0, t0 + args.window - time.monotonic()))
        elapsed = time.monotonic() - t0
        step.cpu = (server.cpu_seconds() - cpu0) / elapsed
        step.bench_cpu = (time.process_time() - bench0) / elapsed
        stop.set()
        await sampler
        step.asked = sum(t.asked["fragment"] for t in tabs) - asked0
        step.done = sum(t.runs["fragment"] for t in tabs) - done0
        step.rss = server.rss_mb()
        step.load = os.getloadavg()[0]
    finally:
        await asyncio.gather(*(t.close() for t in tabs))
    await asyncio.to_thread(serve_waiting, engine, seed_)
    return step


async def memory_run(server: Server, engine, n: int, seed_: Seed, payloads: list, args) -> None:
    """RSS before, every 100, and after `args.check_ins` check-ins with `n` sessions open."""
    tabs, _ = await open_sessions(server.url, mix(n, args.mix), seed_)
    times: list[float] = []
    failed = done = 0
    try:
        await asyncio.sleep(5)
        cpu0, t0, before = server.cpu_seconds(), time.monotonic(), server.rss_mb()
        print(f"- {server.name}, {len(tabs)} sessions open: RSS {before:.0f} MB before", flush=True)

        async def tablet(location: str, count: int) -> None:
            nonlocal done, failed
            for _ in range(count):
                try:
                    result = await check_in_on_tablet(
                        server.url, location, payloads.pop(), seed_.tablets[location], args.timeout
                    )
                    times.append(result.check_in)
                except (RunFailed, TimeoutError) as error:
                    failed += 1
                    FAILURES[f"{server.name}: {error!r}"[:300]] += 1
                done += 1
                if done % 100 == 0:
                    print(f"  after {done} check-ins: RSS {server.rss_mb():.0f} MB", flush=True)

        async def desk() -> None:
            while done < args.check_ins:
                await asyncio.sleep(2)
                await asyncio.to_thread(serve_waiting, engine, seed_)

        half = args.check_ins // 2
        await asyncio.gather(tablet(LOCATIONS[0], half), tablet(LOCATIONS[1], args.check_ins - half), desk())
        elapsed = time.monotonic() - t0
        cpu, after = (server.cpu_seconds() - cpu0) / elapsed, server.rss_mb()
    finally:
        await asyncio.gather(*(t.close() for t in tabs))
    await asyncio.sleep(15)  # the closed sessions expire (server.disconnectedSessionTTL)
    print(
        f"  {args.check_ins} check-ins in {elapsed:.0f} s (server CPU {cpu:.2f} cores): check-in p50"
        f" {pct(times, 0.5):.2f} s, p95 {pct(times, 0.95):.2f} s, max {max(times, default=float('nan')):.2f} s,"
        f" {sum(t > SLOW for t in times) + failed} over {SLOW:g} s ({failed} over {args.timeout:g} s or wrong);"
        f" RSS {before:.0f} MB before, {after:.0f} MB after, {server.rss_mb():.0f} MB 15 s after the sessions"
        f" closed; load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


# --- The run ---------------------------------------------------------------------------


async def run(args, folder: Path, env: dict, seed_: Seed, database: Path) -> None:
    configs = [("as configured", [])]
    if args.compare:
        configs.append((" ".join(args.against), args.against))
    servers = []
    for name, options in configs:
        copy = folder / f"{len(servers)}.db"
        shutil.copy(database, copy)
        servers.append(start_server(name, folder, copy, env, options))
    engines = {s.name: db.make_engine(f"sqlite:///{s.database}") for s in servers}
    payloads = {s.name: list(seed_.payloads) for s in servers}  # each server has its copy of the clients
    held = {s.name: 0 for s in servers}  # the most sessions each kept up with
    saturated: set[str] = set()
    try:
        for server in servers:  # the first run of each page: imports, the clinic file, the engine
            await check_in_on_tablet(
                server.url, LOCATIONS[0], payloads[server.name].pop(), seed_.tablets[LOCATIONS[0]], OPEN_TIMEOUT
            )
        kinds = ", ".join(f"{kind} {share / sum(args.mix.values()):.0%}" for kind, share in args.mix.items())
        print(f"\nSessions open ({kinds}); {args.per_step} check-ins over {args.window:g} s at each step:\n")
        print(STEP_HEADER, flush=True)
        for n in args.steps:
            for server in servers:
                if server.name in saturated:
                    continue
                step = await measure_step(server, engines[server.name], n, seed_, payloads[server.name], args)
                print(step.row(server.name), flush=True)
                if step.saturated:
                    saturated.add(server.name)
                else:
                    held[server.name] = n
                await asyncio.sleep(12)  # the closed sessions expire before the next step
        if args.check_ins:
            print(f"\nMemory: {args.check_ins} check-ins with sessions open (two tablets, back to back):")
            for n, server in enumerate(servers):
                if server.name in saturated and held[server.name] < args.at:
                    print(f"- {server.name}: skipped, it did not keep up with {args.at} sessions")
                    continue
                # A fresh process: nothing left over from the steps (a saturated one holds a backlog).
                server.stop()
                server = servers[n] = start_server(server.name, folder, Path(server.database), env, configs[n][1])
                await check_in_on_tablet(
                    server.url, LOCATIONS[0], payloads[server.name].pop(), seed_.tablets[LOCATIONS[0]], OPEN_TIMEOUT
                )
                await memory_run(server, engines[server.name], args.at, seed_, payloads[server.name], args)
    finally:
        for server in servers:
            server.stop()
        for engine in engines.values():
            engine.dispose()
    for why, count in FAILURES.most_common():
        print(f"failed check-ins: {count} × {why}")
    for log in sorted(folder.glob("server-*.log")):
        text = log.read_text(errors="replace")
        if "Traceback" in text:
            last = [line for line in text[text.rindex("Traceback") :].splitlines() if not line.startswith(" ")]
            print(f"{log.name}: {text.count('Traceback')} tracebacks; the last ends {' / '.join(last[-3:])[:500]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=lambda v: [int(n) for n in v.split(",")], default=[10, 25, 50, 75, 100])
    parser.add_argument("--window", type=float, default=30.0, help="seconds measured at each step")
    parser.add_argument("--per-step", type=int, default=6, help="check-ins during each step's window")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for a whole check-in before it fails")
    parser.add_argument("--check-ins", type=int, default=500, help="for the memory run (0: none)")
    parser.add_argument("--at", type=int, default=50, help="sessions open during the memory run")
    parser.add_argument("--done-today", type=int, default=0, help="visits already finished today (both locations)")
    parser.add_argument("--mix", type=shares, default=MIX, help="e.g. tablet=2,board=2,display=1,phone=5")
    parser.add_argument("--compare", action="store_true", help="also run a server with --against options")
    parser.add_argument("--against", action="append", help="option=value (repeatable)")
    parser.add_argument("--verify", action="store_true", help="real Chromium pages beside the clients")
    args = parser.parse_args()
    args.against = args.against or ["runner.postScriptGC=true"]

    folder = Path(tempfile.mkdtemp(prefix="bench-sessions-"))
    pepper = secrets.token_urlsafe(32)
    settings.pin_pepper = SecretStr(pepper)  # this process hashes the seeded PINs; the server checks them
    env = {**os.environ, "KIOSK_PIN_PEPPER": pepper, "KIOSK_STAFF_IDLE_MINUTES": "600"}  # boards stay signed in
    counts = mix(max([*args.steps, args.at]), args.mix)
    clinic = load_clinic()
    database = folder / "seed.db"
    engine = db.make_engine(f"sqlite:///{database}")
    db.init_db(engine, clinic)
    started = time.monotonic()
    seed_ = seed(
        engine,
        clinic,
        clients=len(args.steps) * args.per_step + args.check_ins + 10,
        boards=max(counts["board"], 1),
        phones=max(counts["phone"], 1),
        done_today=args.done_today,
    )
    engine.dispose()
    print(
        f"bench.sessions: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; seeded {len(seed_.payloads)} returning"
        f" clients, {len(seed_.boards)} therapists, {args.done_today} visits done today and {len(seed_.tokens)}"
        f" people waiting with a phone link in"
        f" {time.monotonic() - started:.0f} s",
        flush=True,
    )
    try:
        if args.verify:
            from bench.sessions_verify import verify

            asyncio.run(verify(folder, env, seed_, database))
        else:
            asyncio.run(run(args, folder, env, seed_, database))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
