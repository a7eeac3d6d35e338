"""The world `bench.sessions` measures: a seeded SQLite database (therapists, returning clients,
people waiting with a phone link) and its own `streamlit run kiosk.py` server process."""

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin import tablets, ticket_links
from kiosk_core.checkin.check_in import open_visit
from kiosk_core.clients.registry import ClientCreate, register_client
from kiosk_core.clock import clinic_day, day_start
from kiosk_core.intake.answers import Goal, Intake
from kiosk_core.models import Visit, utcnow
from kiosk_core.staff.therapists import add_therapist, sign_in_label
from kiosk_core.visits.actions import apply_action
from kiosk_core.visits.close_day import close_ended_days
from kiosk_core.vocabulary import VisitStatus

ROOT = Path(__file__).resolve().parents[1]
LOCATIONS = ("north-syracuse", "downtown-syracuse")
PIN = "286413"
LAST_TIME = Intake(
    goal=Goal.WELLNESS, conditions={"muscle_tension"}, areas={"neck", "shoulders"}, pain=3, stress=6, safety={"none"}
)

# --- Data ------------------------------------------------------------------------------


@dataclass
class Seed:
    payloads: list[str]  # returning clients' cards, one check-in each (on each server's copy)
    boards: list[str]  # therapists' names as the sign-in form shows them, one board each
    tokens: list[str]  # phones' ticket links
    desk_id: int  # the therapist who serves the bench's own check-ins
    last_visit_id: int  # visits after this one are the bench's own check-ins
    tablets: dict[str, str]  # location slug -> an enrolled lobby tablet's token (its address's tablet=)


def seed(engine, clinic, *, clients: int, boards: int, phones: int, done_today: int = 0) -> Seed:
    """Therapists; `clients` returning clients (a visit yesterday); `done_today` visits already
    seen and finished today, spread over the day so far; `phones` people waiting now."""
    now = utcnow()
    start = max(day_start(clinic_day(now)), now - timedelta(hours=10))
    with db.write_session(engine) as session:
        names = [f"Bench{n:02d} Therapist" for n in range(boards)]  # first names apart: the form shows "Bench00 T."
        for n, name in enumerate(names):  # one location each, so the sign-in asks no location
            add_therapist(session=session, name=name, pin=PIN, location_slugs=[LOCATIONS[n % 2]], medical_trained=True)
        desk = add_therapist(
            session=session, name="Bench Desk", pin=PIN, location_slugs=list(LOCATIONS), medical_trained=True
        )
        payloads, tokens, visit = [], [], None
        for n in range(clients + done_today + phones):
            new = register_client(
                session=session,
                client_create=ClientCreate(first_name="Bench", last_name="Client", phone=f"315{n:07d}"),
            )
            if n < clients:
                at = now - timedelta(days=1)
            elif n < clients + done_today:
                at = start + (now - start) * ((n - clients) / done_today) * 0.9
            else:
                at = now
            visit = open_visit(
                session=session,
                clinic=clinic,
                location_slug=LOCATIONS[n % 2],
                client_id=new.client.id,
                intake=LAST_TIME,
                now=at,
            ).visit
            if n < clients:
                payloads.append(new.payload)
            elif n < clients + done_today:
                for action, minutes in (("call", 5), ("start", 7), ("finish", 57)):
                    apply_action(
                        session=session,
                        visit_id=visit.id,
                        action=action,
                        therapist_id=desk.id,
                        now=min(at + timedelta(minutes=minutes), now),
                    )
            else:
                tokens.append(ticket_links.issue_link(session=session, visit_id=visit.id, day=clinic_day(at)))
        close_ended_days(session=session)
        enrolled = {slug: tablets.enrol(session=session, name="Bench tablet", location_slug=slug, by=None, now=now)
                    for slug in LOCATIONS}  # fmt: skip
        return Seed(
            payloads=payloads,
            boards=[sign_in_label(name) for name in names],
            tokens=tokens,
            desk_id=desk.id,
            last_visit_id=visit.id,
            tablets={slug: enrolled[slug].token for slug in LOCATIONS},
        )


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
    # KIOSK_NAME=value is the server's setting; anything else a Streamlit option.
    settings_ = dict(option.split("=", 1) for option in options if option.startswith("KIOSK_"))
    streamlit_options = [option.split("=", 1) for option in options if not option.startswith("KIOSK_")]
    flags = [f"--{name}={value}" for name, value in streamlit_options]
    log = (folder / f"server-{len(list(folder.glob('server-*.log')))}.log").open("w")
    command = [sys.executable, "-m", "streamlit", "run", "kiosk.py", "--server.port", str(port)]
    process = subprocess.Popen(
        [*command, "--server.address", "127.0.0.1", "--server.headless", "true", *flags],
        cwd=ROOT,
        env={**env, **settings_, "DATABASE_URL": f"sqlite:///{database}"},
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


async def sample_health(url: str, stop: asyncio.Event, into: list) -> None:
    while not stop.is_set():
        try:
            into.append(await asyncio.to_thread(health, url, 30))
        except OSError:
            into.append(30.0)
        await asyncio.sleep(1)
