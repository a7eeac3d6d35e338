"""How many open sessions one `streamlit run` server holds before a check-in takes over 1 s.

    .venv/bin/python -m bench.sessions [--steps 10,25,50,75,100] [--window 30] [--check-ins 500]
                                       [--at 50] [--compare [--against runner.postScriptGC=true]]
    .venv/bin/python -m bench.sessions --verify

Starts its own `streamlit run kiosk.py` on a free port over a fresh SQLite database in a temp
dir (therapists, clients with a visit yesterday, people waiting today with a link to their live
ticket), then opens sessions in steps. The sessions are a mix, rounded: 20% lobby tablets
(/?location=..., on Welcome: their idle watch is in the browser), 20% staff boards (/queue, signed
in, the board's 2 s fragment), 10% lobby displays (/display?location=..., 2 s), 50% phones on the
live ticket (/ticket?t=..., 2 s). Each session is a lightweight WebSocket client speaking
Streamlit's protocol (bench/stream_client.py), sending what the browser sends, its fragment
timers included: a hundred Chromium pages on this 2-core machine would measure Chromium.
`--verify` puts one real Chromium page of each kind and the same clients side by side on one
server and prints the runs each asked for and the server did, and the check-in's times.

At each step, over `--window` seconds after the sessions are open: the server process's CPU (1.0
= one core, from /proc) and RSS, `/_stcore/health` latency, the fragment refreshes asked for and
run, and the time of real check-ins made meanwhile by one more lobby tablet session. **A check-in
is timed from the client's side as the tap on "Check me in": from that message to the end of the
run that draws the ticket.** The client is a returning one (scan the card, today's pain and
stress, "Yes, same as last time", "None of these apply", "Check me in", then "Done", which
reloads the page: a new session); the slowest tap of the whole flow is printed too.

Then, with `--at` sessions open, the server's RSS before and after `--check-ins` more check-ins
(two lobby tablets, one per location; a desk therapist calls, starts and finishes the bench's
clients through the services, so the queues stay the length they were).

`--compare` runs every step on two servers in turn over copies of one database: as configured
(.streamlit/config.toml), and with `--against` options added on the command line (Streamlit's
own default `runner.postScriptGC=true` unless told). Prints figures; asserts nothing.
"""

import argparse
import asyncio
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from pydantic import SecretStr
from sqlmodel import select

from bench.stream_client import TRIGGER, RunFailed, Tab
from kiosk_core import db, ticket_links
from kiosk_core.actions import apply_action
from kiosk_core.checkin import open_or_create_visit
from kiosk_core.clients import ClientCreate, register_client
from kiosk_core.clock import clinic_day
from kiosk_core.config import load_clinic, settings
from kiosk_core.dayend import close_ended_days
from kiosk_core.intake import Goal, Intake
from kiosk_core.models import Visit, VisitStatus, utcnow
from kiosk_core.staff import add_therapist

ROOT = Path(__file__).resolve().parents[1]
LOCATIONS = ("north-syracuse", "downtown-syracuse")
MIX = {"tablet": 0.2, "board": 0.2, "display": 0.1, "phone": 0.5}
PIN = "2468"
LAST_TIME = Intake(
    goal=Goal.WELLNESS, conditions={"muscle_tension"}, areas={"neck", "shoulders"}, pain=3, stress=6, safety={"none"}
)
SLOW = 1.0  # a check-in over this many seconds is what the goal counts
OPEN_TIMEOUT = 60.0  # seconds for a page to load (and a board to sign in)
FAILURES: Counter = Counter()  # why check-ins failed: printed at the end


# --- Data ------------------------------------------------------------------------------


@dataclass
class Seed:
    payloads: list[str]  # returning clients' cards, one check-in each (on each server's copy)
    boards: list[str]  # therapists' names, one board each
    tokens: list[str]  # phones' ticket links
    desk_id: int  # the therapist who serves the bench's own check-ins
    last_visit_id: int  # visits after this one are the bench's own check-ins


def seed(engine, clinic, *, clients: int, boards: int, phones: int) -> Seed:
    """Therapists, `clients` returning clients (a visit yesterday), `phones` people waiting now."""
    yesterday = utcnow() - timedelta(days=1)
    with db.write_session(engine) as session:
        names = [f"Bench Therapist {n:02d}" for n in range(boards)]
        for n, name in enumerate(names):  # one location each, so the sign-in asks no location
            add_therapist(session=session, name=name, pin=PIN, location_slugs=[LOCATIONS[n % 2]], medical_trained=True)
        desk = add_therapist(
            session=session, name="Bench Desk", pin=PIN, location_slugs=list(LOCATIONS), medical_trained=True
        )
        payloads, tokens, visit = [], [], None
        for n in range(clients + phones):
            new = register_client(
                session=session,
                client_create=ClientCreate(first_name="Bench", last_name="Client", phone=f"315{n:07d}"),
            )
            now = yesterday if n < clients else utcnow()
            visit, _ = open_or_create_visit(
                session=session,
                clinic=clinic,
                location_slug=LOCATIONS[n % 2],
                client_id=new.client.id,
                intake=LAST_TIME,
                now=now,
            )
            if n < clients:
                payloads.append(new.payload)
            else:
                tokens.append(ticket_links.issue_link(session=session, visit_id=visit.id, day=visit.clinic_day))
        close_ended_days(session=session)
        return Seed(payloads=payloads, boards=names, tokens=tokens, desk_id=desk.id, last_visit_id=visit.id)


def serve_waiting(engine, seed_: Seed, keep: int = 5) -> None:
    """The desk therapist calls, starts and finishes the bench's own check-ins beyond `keep`
    waiting at each location, so boards and displays draw about as much as when the run began."""
    with db.read_session(engine) as session:
        waiting = session.exec(
            select(Visit.id, Visit.location_id)
            .where(
                Visit.status == VisitStatus.WAITING,
                Visit.clinic_day == clinic_day(),
                Visit.id > seed_.last_visit_id,
            )
            .order_by(Visit.checked_in_at, Visit.id)
        ).all()
    by_location: dict[int, list[int]] = {}
    for visit_id, location_id in waiting:
        by_location.setdefault(location_id, []).append(visit_id)
    for ids in by_location.values():
        for visit_id in ids[: max(0, len(ids) - keep)]:
            with db.write_session(engine) as session:
                for action in ("call", "start", "finish"):
                    apply_action(session=session, visit_id=visit_id, action=action, therapist_id=seed_.desk_id)


# --- The server ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen
    database: str

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def start_server(name: str, folder: Path, database: Path, env: dict, options: list[str]) -> Server:
    port = free_port()
    flags = [f"--{option.split('=', 1)[0]}={option.split('=', 1)[1]}" for option in options]
    log = (folder / f"server-{len(list(folder.glob('server-*.log')))}.log").open("w")
    command = [sys.executable, "-m", "streamlit", "run", "kiosk.py", "--server.port", str(port)]
    process = subprocess.Popen(
        [*command, "--server.address", "127.0.0.1", "--server.headless", "true", *flags],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"sqlite:///{database}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(name, f"http://127.0.0.1:{port}", process, str(database))
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}; see {log.name}")
        try:
            health(server.url)
            return server
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy")


def health(url: str, timeout: float = 10) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:
        response.read()
    return time.perf_counter() - start


# --- Sessions --------------------------------------------------------------------------


def mix(n: int, shares: dict[str, float] = MIX) -> dict[str, int]:
    """`n` sessions split by `shares` of each kind, largest remainders first."""
    exact = {kind: n * shares.get(kind, 0) / sum(shares.values()) for kind in MIX}
    counts = {kind: int(value) for kind, value in exact.items()}
    for kind in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[: n - sum(counts.values())]:
        counts[kind] += 1
    return counts


async def open_session(url: str, kind: str, n: int, seed_: Seed) -> Tab:
    where = f"location={LOCATIONS[n % 2]}"
    if kind == "tablet":  # on Welcome: its idle watch runs in the browser (ui/kiosk_watch.js)
        tab = Tab(url, "", where)
    elif kind == "display":
        tab = Tab(url, "display", where)
    elif kind == "phone":
        tab = Tab(url, "ticket", f"t={seed_.tokens[n]}")
    else:
        tab = Tab(url, "queue")
    try:
        await tab.open(timeout=OPEN_TIMEOUT)
        if kind == "board":  # sign in: the name, then the PIN and "Sign in" (the form)
            await tab.rerun({"signin_name": seed_.boards[n]}, timeout=OPEN_TIMEOUT, expect="signin_pin")
            await tab.rerun({"signin_pin": PIN, "signin_go": TRIGGER}, timeout=OPEN_TIMEOUT, expect="call_next_medical")
    except BaseException:
        await tab.close()
        raise
    return tab


async def open_sessions(url: str, counts: dict[str, int], seed_: Seed) -> tuple[list[Tab], int]:
    """Opened five at a time, as people arrive (a sign-in hashes a PIN with argon2id on the
    server); returns the sessions open and how many did not open in OPEN_TIMEOUT."""
    tabs, failed, pending = [], 0, [(kind, n) for kind, count in counts.items() for n in range(count)]
    for start in range(0, len(pending), 5):
        batch = pending[start : start + 5]
        opened = await asyncio.gather(*(open_session(url, k, n, seed_) for k, n in batch), return_exceptions=True)
        tabs += [tab for tab in opened if isinstance(tab, Tab)]
        failed += sum(not isinstance(tab, Tab) for tab in opened)
    return tabs, failed


@dataclass
class CheckIn:
    check_in: float  # "Check me in" to the end of the run that draws the ticket
    slowest_tap: float  # the slowest of the flow's taps, the scan and "Check me in" included
    runs: int  # the runs the server started from the scan to the ticket


async def check_in_on_tablet(url: str, location: str, payload: str, timeout: float = 30) -> CheckIn:
    """One returning client, as the lobby tablet's page does it, in a fresh session (the page
    reloads after each client); TimeoutError past `timeout` seconds for the whole flow."""
    tab = Tab(url, "", f"location={location}")
    try:
        async with asyncio.timeout(timeout):
            await tab.open(timeout=timeout)
            loaded = tab.runs["full"]
            taps = [
                await tab.rerun({"scan": payload}, timeout=timeout, expect="same_yes"),
                await tab.rerun({"q_pain": ["3"]}, timeout=timeout),
                await tab.rerun({"q_stress": ["5"]}, timeout=timeout),
                await tab.rerun({"same_yes": TRIGGER}, timeout=timeout, expect="q_safety"),
                await tab.rerun({"q_safety": ["None of these apply"]}, timeout=timeout),
            ]
            ticket = await tab.rerun({"safety_next": TRIGGER}, timeout=timeout, expect="result_done")
            runs = tab.runs["full"] - loaded
            await tab.rerun({"result_done": TRIGGER}, timeout=timeout)  # then the page reloads
        return CheckIn(check_in=ticket, slowest_tap=max(*taps, ticket), runs=runs)
    finally:
        await tab.close()


# --- Measuring -------------------------------------------------------------------------


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


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


async def sample_health(url: str, stop: asyncio.Event, into: list) -> None:
    while not stop.is_set():
        try:
            into.append(await asyncio.to_thread(health, url, 30))
        except OSError:
            into.append(30.0)
        await asyncio.sleep(1)


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
                    await check_in_on_tablet(server.url, LOCATIONS[k % 2], payloads.pop(), args.timeout)
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
                    result = await check_in_on_tablet(server.url, location, payloads.pop(), args.timeout)
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
            await check_in_on_tablet(server.url, LOCATIONS[0], payloads[server.name].pop(), OPEN_TIMEOUT)
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
                await check_in_on_tablet(server.url, LOCATIONS[0], payloads[server.name].pop(), OPEN_TIMEOUT)
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


def shares(text: str) -> dict[str, float]:
    given = {kind.strip(): float(share) for kind, share in (part.split("=") for part in text.split(","))}
    if not given.keys() <= MIX.keys() or sum(given.values()) <= 0:
        raise argparse.ArgumentTypeError(f"kinds are {', '.join(MIX)}, with shares that add up to more than 0")
    return given


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=lambda v: [int(n) for n in v.split(",")], default=[10, 25, 50, 75, 100])
    parser.add_argument("--window", type=float, default=30.0, help="seconds measured at each step")
    parser.add_argument("--per-step", type=int, default=6, help="check-ins during each step's window")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for a whole check-in before it fails")
    parser.add_argument("--check-ins", type=int, default=500, help="for the memory run (0: none)")
    parser.add_argument("--at", type=int, default=50, help="sessions open during the memory run")
    parser.add_argument("--mix", type=shares, default=MIX, help="e.g. tablet=2,board=2,display=1,phone=5")
    parser.add_argument("--compare", action="store_true", help="also run a server with --against options")
    parser.add_argument("--against", action="append", help="a Streamlit option=value (repeatable)")
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
    )
    engine.dispose()
    print(
        f"bench.sessions: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; seeded {len(seed_.payloads)} returning"
        f" clients, {len(seed_.boards)} therapists and {len(seed_.tokens)} people waiting with a phone link in"
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
