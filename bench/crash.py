"""Server processes killed with SIGKILL mid-load and started again: is any check-in lost,
duplicated, or failed without a message?

    .venv/bin/python -m bench.crash [--db sqlite|postgres] [--processes 2] [--threads 8]
                                    [--per-thread 60] [--kills 10]

Each server is an OS process with its own engine (as `streamlit run` servers are; forked from a
server that has imported the kiosk, so a restart is quick), each tablet a thread whose clients,
one after another, scan their card and check in through kiosk_core.screens.tablet; a client told "please
ask at the front desk" (a KioskError) or shown nothing (any other exception) taps Check me in
again with the answers the tablet kept, up to 3 times. A server writes each outcome the moment
its tablet has it, in one write() to an append-only log, so a kill loses only outcomes no client
was shown. Meanwhile a random server that has served since it started is killed with SIGKILL and
started again on its clients without an outcome (those in flight tap again, as they would at a
reloaded tablet). Then the database is counted: check-ins told they succeeded but missing
(lost), duplicate tickets or more than one visit for a client (duplicated), gaps in ticket
numbers, visits whose answers aren't the ones accepted, taps refused with and without a message,
and on SQLite `PRAGMA integrity_check`. Prints the counts; asserts nothing. The CI-sized runs
are in tests/integration/test_faults.py.
"""

import argparse
import json
import multiprocessing
import os
import random
import shutil
import tempfile
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from bench.load import ANSWERS, LOCATION, FreshDatabase
from kiosk_core import db
from kiosk_core.clients.registry import ClientCreate, register_client
from kiosk_core.config import load_clinic, settings
from kiosk_core.errors import KioskError
from kiosk_core.intake.answers import Intake
from kiosk_core.intake.draft import Draft
from kiosk_core.models import TicketCounter, Visit
from kiosk_core.screens import tablet

TAPS = 3  # a client tries this many times in all before going to the front desk


def _serve(tablets: list[list[list]], log: str, pause: float, setting: dict) -> None:
    """One server process: its own engine (settings.database_url), one thread per tablet."""
    for name, value in setting.items():  # forked from the preloaded server: the environment is its own
        setattr(settings, name, value)
    clinic, fd = load_clinic(), os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def tell(**outcome) -> None:  # one write: whole on disk before the client sees anything
        os.write(fd, (json.dumps({"pid": os.getpid(), "at": time.time(), **outcome}) + "\n").encode())

    def tablet_thread(clients: list[list]) -> None:
        for client_id, payload, answers, taps in clients:
            draft = Draft(answers=dict(ANSWERS[answers]))
            for _ in range(taps):
                began, step = time.time(), "scan"
                try:
                    tablet.greet_scanned(payload)
                    step = "check_in"
                    ticket = tablet.check_in_client(
                        clinic=clinic, location_slug=LOCATION, client_id=client_id, draft=draft
                    )
                    tell(client=client_id, began=began, status="ok", visit=ticket.visit_id, ticket=ticket.ticket_code,
                         already=ticket.already_checked_in)  # fmt: skip
                    break
                except Exception as error:
                    status = "told" if isinstance(error, KioskError) else "raw"
                    kept = draft.answers == ANSWERS[answers]
                    tell(client=client_id, began=began, status=status, step=step, error=_where(error), kept=kept)
                    time.sleep(random.uniform(0, pause))  # reading the message, then tapping again

    threads = [threading.Thread(target=tablet_thread, args=(clients,)) for clients in tablets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _where(error: BaseException) -> str:
    """The error and the innermost kiosk_core function it came through."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if "kiosk_core" in frame.filename]
    return f"{type(error).__name__} in " + (f"{Path(frames[-1].filename).stem}.{frames[-1].name}" if frames else "?")


@dataclass
class Counts:
    clients: int = 0
    succeeded: int = 0  # clients told they were checked in
    lost: int = 0  # ...whose visit is not in the database as told
    duplicated: int = 0  # duplicate tickets, and clients with more than one visit
    gaps: int = 0  # ticket numbers below a counter's last that no visit holds
    counters_off: int = 0  # ticket counters not at their highest ticket
    disagree: int = 0  # visits whose answers are not the ones the client gave
    told: Counter = field(default_factory=Counter)  # taps refused with a message: step and error
    raw: Counter = field(default_factory=Counter)  # taps failed without one (must be 0)
    answers_dropped: int = 0  # failed taps after which the tablet no longer had the answers
    gave_up: int = 0  # clients never checked in after every tap
    unanswered: int = 0  # clients left without an outcome at the end (must be 0)
    stored_unseen: int = 0  # ...of which the database has a visit (to find at the front desk)
    in_flight: int = 0  # clients without an outcome when their server was killed, tapping again
    found_in: int = 0  # ...whose first try had been committed ("already checked in")
    refused_yet_in: int = 0  # clients refused a tap that had in fact checked them in (a tap again finds it)
    kills: int = 0
    restarts: int = 0
    integrity: str = "not checked"

    def line(self) -> str:
        return (
            f"{self.clients} clients, {self.succeeded} checked in; {self.lost} lost, {self.duplicated} duplicated, "
            f"{self.gaps} ticket gaps, {self.counters_off} counters off, {self.disagree} with other answers; "
            f"{sum(self.told.values())} taps refused with a message, {sum(self.raw.values())} without; "
            f"{self.answers_dropped} answers dropped; {self.gave_up} gave up ({self.stored_unseen} of them stored), "
            f"{self.unanswered} unanswered; "
            f"{self.refused_yet_in} refused though in; "
            f"{self.kills} kills, {self.in_flight} in flight ({self.found_in} already committed); "
            f"integrity {self.integrity}"
        )


class Load:
    """Tablets on server processes over one database, with a log of every outcome shown."""

    def __init__(self, url: str, *, processes: int, threads: int, per_thread: int, setting: dict | None = None,
                 pause: float = 0.1) -> None:  # fmt: skip
        self.url, self.setting, self.pause = url, {"database_url": url, **(setting or {})}, pause
        self.engine = db.make_engine(url)
        with db.write_session(self.engine) as session:
            made = [
                register_client(
                    session=session,
                    client_create=ClientCreate(first_name="Crash", last_name="Test", phone=f"315{n:07d}"),
                )
                for n in range(processes * threads * per_thread)
            ]
            session.flush()
            clients = [[new.client.id, new.payload, n % len(ANSWERS)] for n, new in enumerate(made)]
        self.servers = [
            [clients[(p * threads + t) :: processes * threads] for t in range(threads)] for p in range(processes)
        ]
        self.log = os.path.join(tempfile.mkdtemp(prefix="kiosk-crash-"), "outcomes.jsonl")
        # New processes fork from a server that has imported the kiosk already (and opened nothing):
        # a restart takes a fraction of a second instead of the seconds of a fresh interpreter.
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["kiosk_core.screens.tablet"])
        self.processes: list = [None] * processes
        self.counts = Counts(clients=len(clients))
        self.in_flight: set[int] = set()

    def start(self, index: int) -> None:
        """Start server `index` on its clients that have no final outcome yet."""
        done, taps = self.settled()
        tablets = [[[*c, TAPS - taps[c[0]]] for c in clients if c[0] not in done] for clients in self.servers[index]]
        process = self.context.Process(target=_serve, args=(tablets, self.log, self.pause, self.setting))
        process.start()
        self.processes[index] = process

    def outcomes(self) -> list[dict]:
        with open(self.log, "a+") as log:
            log.seek(0)
            return [json.loads(line) for line in log if line.endswith("\n")]

    def settled(self) -> tuple[set[int], Counter]:
        """Clients checked in or out of taps, and how many taps each has had."""
        outcomes = self.outcomes()
        taps = Counter(o["client"] for o in outcomes)
        done = {o["client"] for o in outcomes if o["status"] == "ok"} | {c for c, n in taps.items() if n >= TAPS}
        return done, taps

    def running(self) -> bool:
        return any(process.is_alive() for process in self.processes)

    def wait_until(self, test) -> bool:
        """Until `test(outcomes so far)` holds (True), or the load is over (False)."""
        while self.running():
            if test(self.outcomes()):
                return True
            time.sleep(0.01)
        return False

    def kill_one(self, at_least: int = 1) -> bool:
        """SIGKILL a server that has shown `at_least` outcomes since it started, then start it again."""

        def ready(outcomes) -> list[int]:
            seen = Counter(o["pid"] for o in outcomes)
            return [i for i, p in enumerate(self.processes) if p.is_alive() and seen[p.pid] >= at_least]

        if not self.wait_until(ready):
            return False
        index = random.choice(ready(self.outcomes()) or [0])
        process = self.processes[index]
        process.kill()
        process.join()
        if process.exitcode != 0:  # not finished on its own just before
            self.counts.kills += 1
            done, _ = self.settled()  # each tablet's first client without an outcome was in flight
            self.in_flight |= {next((c[0] for c in t if c[0] not in done), None) for t in self.servers[index]}
            self.in_flight.discard(None)
            self.start(index)
            self.counts.restarts += 1
        return True

    def finish(self) -> Counts:
        for process in self.processes:
            process.join()
        self.final = self.outcomes()
        count(self)
        self.engine.dispose()
        shutil.rmtree(os.path.dirname(self.log), ignore_errors=True)
        return self.counts


def count(load: Load) -> None:
    """Compare what the clients were shown with what the database holds."""
    counts, outcomes = load.counts, load.final
    with load.engine.connect() as connection:
        visits = {row.id: row for row in connection.execute(sa.select(Visit.__table__))}
        counters = connection.execute(sa.select(TicketCounter.__table__)).all()
        if load.engine.dialect.name == "sqlite":
            counts.integrity = ", ".join(connection.exec_driver_sql("PRAGMA integrity_check").scalars())
            counts.integrity += (
                f"; {len(connection.exec_driver_sql('PRAGMA foreign_key_check').all())} foreign key errors"
            )
    by_client = Counter(visit.client_id for visit in visits.values())
    tickets = Counter((v.location_id, v.clinic_day, v.ticket_code) for v in visits.values())
    counts.duplicated = sum(n - 1 for n in tickets.values()) + sum(n - 1 for n in by_client.values())
    highest: Counter = Counter()
    numbers: dict[tuple, set[int]] = {}
    for location_id, day, code in tickets:
        prefix, number = code.split("-")
        numbers.setdefault((location_id, day, prefix), set()).add(int(number))
    for key, held in numbers.items():
        counts.gaps += max(held) - len(held)
        highest[key] = max(held)
    counts.counters_off = sum(highest[(c.location_id, c.clinic_day, c.prefix)] != c.last_number for c in counters)
    answers = {client_id: ANSWERS[n] for server in load.servers for tablet in server for client_id, _, n in tablet}
    ok = {o["client"]: o for o in outcomes if o["status"] == "ok"}
    counts.succeeded = len(ok)
    for client_id, shown in ok.items():
        visit = visits.get(shown["visit"])
        if visit is None or (visit.client_id, visit.ticket_code) != (client_id, shown["ticket"]):
            counts.lost += 1
        elif Intake.from_stored(visit.intake_json) != Draft(answers=answers[client_id]).intake():
            counts.disagree += 1
    for o in outcomes:
        if o["status"] != "ok":
            (counts.told if o["status"] == "told" else counts.raw)[f"{o['step']}: {o['error']}"] += 1
            counts.answers_dropped += not o["kept"]
    taps = Counter(o["client"] for o in outcomes if o["status"] != "ok")
    gave_up = {c for c in answers if c not in ok and taps[c] >= TAPS}
    counts.gave_up, counts.stored_unseen = len(gave_up), sum(by_client[c] > 0 for c in gave_up)
    counts.unanswered = len(answers) - len(ok) - len(gave_up)
    counts.in_flight = len(load.in_flight)
    counts.found_in = sum(ok[c]["already"] for c in load.in_flight if c in ok)
    refused = {o["client"] for o in outcomes if o["status"] != "ok"}
    counts.refused_yet_in = sum(ok[c]["already"] for c in refused - load.in_flight if c in ok)


def run(url: str, *, processes: int, threads: int, per_thread: int, kills: int, at_least: int = 1) -> Counts:
    """The load on an initialised database, `kills` servers killed along the way."""
    load = Load(url, processes=processes, threads=threads, per_thread=per_thread)
    for index in range(processes):
        load.start(index)
    for _ in range(kills):
        if not load.kill_one(at_least=random.randint(1, at_least)):
            break
    return load.finish()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--per-thread", type=int, default=60)
    parser.add_argument("--kills", type=int, default=10)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    for kind in args.db or ["sqlite", "postgres"]:
        with FreshDatabase(kind) as url:
            began = time.perf_counter()
            counts = run(url, processes=args.processes, threads=args.threads, per_thread=args.per_thread,
                         kills=args.kills, at_least=args.threads * 4)  # fmt: skip
        print(f"{kind:8s} {time.perf_counter() - began:.0f} s, load average {os.getloadavg()[0]:.1f}: {counts.line()}")
        for what, n in (counts.told + counts.raw).most_common(5):
            print(f"         {n} x {what}")


if __name__ == "__main__":
    main()
