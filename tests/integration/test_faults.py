"""Check-ins are never lost, duplicated or failed without a message: hostile input through the
tablet, server processes killed with SIGKILL mid-load, and the database killed or stopped
mid-load. CI-sized runs of bench/fuzz.py, bench/crash.py and bench/outage.py; each prints its
counts (pytest -s)."""

import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa

from bench import crash, fuzz, outage
from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.errors import Busy
from kiosk_core.intake.answers import Goal, Intake
from kiosk_core.intake.draft import Draft
from kiosk_core.screens import tablet
from tests.factories import make_client

ANSWERS = Intake(goal=Goal.RELAX, pain=2, stress=3, safety=["none"]).answers()


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def assert_kept_every_check_in(counts: crash.Counts) -> None:
    print(counts.line(), dict(counts.told), dict(counts.raw))
    assert (counts.lost, counts.duplicated, counts.gaps, counts.counters_off, counts.disagree) == (0, 0, 0, 0, 0)
    assert counts.raw == {}, "taps that failed without a message"
    assert counts.answers_dropped == 0
    assert counts.unanswered == 0 and counts.succeeded > 0


def test_hostile_input_through_the_tablet(engine, clinic):
    counts = fuzz.run(engine, clinic, examples=40, seed_value=10)
    print(counts.line(), dict(counts.accepted), dict(counts.refused))
    assert counts.unexpected == {}, counts.examples
    assert counts.disagree == {}, counts.examples
    assert counts.journeys == 40 and counts.accepted["check_in"] > 0 and counts.refused


def test_server_processes_killed_mid_load(engine):
    counts = crash.run(url_of(engine), processes=2, threads=3, per_thread=15, kills=2)
    assert_kept_every_check_in(counts)
    assert counts.kills == 2 and counts.gave_up == 0
    if engine.dialect.name == "sqlite":
        assert counts.integrity == "ok; 0 foreign key errors"


@pytest.fixture(scope="module")
def cluster():
    """A PostgreSQL cluster of this module's own, to kill: never the shared server."""
    with outage.Cluster() as ours:
        yield ours


@pytest.mark.parametrize("fault", ["kill", "stop"])
def test_the_database_killed_or_stopped_mid_load(cluster, fault):
    """Started again once a tablet has said "please ask at the front desk" (retry budget 1 s)."""
    counts, at = outage.run(cluster, fault=fault, down=None, processes=1, threads=3, per_thread=15, retry_seconds=1)
    print(f"down {at['back'] - at['fault']:.1f} s, first check-in {at['first_ok'] - at['back']:.2f} s after")
    assert_kept_every_check_in(counts)
    assert counts.told, "the outage was never met"


# The same promise, one service at a time: a database away is tried again, then said in words.


@pytest.fixture
def live(engine):
    with fuzz.using(url_of(engine)):
        yield engine


def away(engine) -> sa.exc.OperationalError:
    if engine.dialect.name == "sqlite":
        orig = sqlite3.OperationalError("database is locked")
        orig.sqlite_errorcode = 5  # SQLITE_BUSY
    else:
        orig = psycopg.OperationalError("connection refused")
    return sa.exc.OperationalError("SELECT", None, orig)


def test_a_scan_while_the_database_is_away_is_tried_again(live, monkeypatch):
    client_id, payload = make_client(live)
    real, tries = tablet.identify, []

    def away_twice(**kwargs):
        tries.append(1)
        if len(tries) <= 2:
            raise away(live)
        return real(**kwargs)

    monkeypatch.setattr(tablet, "identify", away_twice)
    assert tablet.greet_scanned(payload).client_id == client_id and len(tries) == 3


def test_a_database_away_past_the_budget_is_said_in_words(live, clinic, monkeypatch):
    client_id, payload = make_client(live)
    monkeypatch.setattr(settings, "write_retry_seconds", 0.2)

    def gone(**_):
        raise away(live)

    monkeypatch.setattr(tablet, "identify", gone)
    with pytest.raises(Busy, match="Please ask at the front desk"):
        tablet.greet_scanned(payload)
    monkeypatch.setattr(tablet, "register_or_recognise", gone)
    with pytest.raises(Busy):
        tablet.register_walk_in({"first_name": "Ana", "last_name": "Lee", "phone": "3155550100"}, clinic=clinic)
    monkeypatch.setattr(tablet, "ticket_of", gone)  # the place in line, read after the commit
    draft = Draft(answers=dict(ANSWERS))
    with pytest.raises(Busy):
        tablet.check_in_client(clinic=clinic, location_slug="north-syracuse", client_id=client_id, draft=draft)
    assert draft.answers == ANSWERS  # kept for the next tap


def test_a_second_engine_on_an_sqlite_file_leaves_the_first_ones_locks(tmp_path, clinic):
    """Found by the kill test: making an engine opened and closed the database file, which drops
    every POSIX lock this process held on it; another process's last connection to close then
    deleted the -wal file this process's connections were still writing to, and their commits
    went nowhere (then "database disk image is malformed")."""
    path = tmp_path / "kiosk.db"
    first = db.make_engine(f"sqlite:///{path}")
    db.init_db(first, clinic)
    other = (
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()); c.commit()"
    )
    make_client(first)  # the engine's pool keeps its connection open, as a server's does
    db.make_engine(f"sqlite:///{path}").dispose()  # another engine in this process (a tool, a test)
    subprocess.run([sys.executable, "-c", other, path, "DELETE FROM ratecount"], check=True)  # writes, closes
    assert Path(f"{path}-wal").exists()
    make_client(first)
    seen = subprocess.run([sys.executable, "-c", other, path, "SELECT count(*) FROM client"], capture_output=True)
    assert seen.stdout.strip() == b"(2,)"
    first.dispose()
