"""Backup while tablets check in, restore into a fresh database, and find it whole; on SQLite and PostgreSQL."""

import itertools
import os
import shutil
import stat
import threading
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import __main__ as cli
from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.config import settings
from kiosk_core.models import Client, TicketCounter, Visit
from tests.conftest import PG_SERVER, unavailable
from tests.factories import intake, make_client

WRITERS = 4
BEFORE_BACKUP = 3 * WRITERS  # check-ins committed before the backup starts
ENOUGH_ROUNDS = 500  # then a writer waits for the stop, on a machine so busy the backup is that slow
DAY_ONE = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def url_of(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def use_database(monkeypatch):
    """Point the command line (settings.database_url) at a database."""

    def point(url: str) -> None:
        if db.get_engine.cache_info().currsize:
            db.get_engine().dispose()
        db.get_engine.cache_clear()
        monkeypatch.setattr(settings, "database_url", url)

    yield point
    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    db.get_engine.cache_clear()


@pytest.fixture
def fresh_url(engine, tmp_path):
    """An empty database of the same kind as `engine`, for the restore."""
    if engine.dialect.name == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'kiosk.db'}"
        return
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        unavailable("pg_dump and pg_restore are not installed")
    name = f"kiosk_restore_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield f"{PG_SERVER}/{name}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


class Tablets:
    """Writers that check their client in, one day after another, until told to stop; each
    checks in once more after it sees the stop, so the database moves on past the backup."""

    def __init__(self, engine, clinic, client_ids):
        self.engine, self.clinic, self.client_ids = engine, clinic, client_ids
        self.lock = threading.Lock()
        self.written = 0
        self.errors: list[BaseException] = []
        self.under_way = threading.Event()  # BEFORE_BACKUP check-ins done (or a writer failed)
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.write, args=(c,)) for c in client_ids]

    def write(self, client_id: int) -> None:
        try:
            for day in itertools.count():
                if day == ENOUGH_ROUNDS:
                    self.stop.wait()
                stopping = self.stop.is_set()
                with db.write_session(self.engine) as session:
                    check_in(
                        session=session,
                        clinic=self.clinic,
                        location_slug=("north-syracuse", "downtown-syracuse")[day % 2],
                        client_id=client_id,
                        intake=intake(),
                        now=DAY_ONE + timedelta(days=day),  # one visit a day, at either location
                    )
                with self.lock:
                    self.written += 1
                    if self.written >= BEFORE_BACKUP:
                        self.under_way.set()
                if stopping:
                    return
        except BaseException as error:
            self.errors.append(error)
            self.under_way.set()

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def visits(engine) -> dict[int, tuple]:
    with db.read_session(engine) as session:
        rows = session.exec(select(Visit.id, Visit.location_id, Visit.clinic_day, Visit.ticket_code, Visit.client_id))
        return {row[0]: tuple(row[1:]) for row in rows}


def assert_whole(engine) -> None:
    """The integration suite's checks: no duplicate ticket, every visit has its client, and each
    ticket counter stands at the highest ticket it gave out."""
    found = visits(engine)
    tickets = [(location, day, code) for location, day, code, _ in found.values()]
    assert len(tickets) == len(set(tickets)), "duplicate tickets"
    highest: dict[tuple, int] = defaultdict(int)
    for location, day, code, _ in found.values():
        prefix, number = code.split("-")
        highest[location, day, prefix] = max(highest[location, day, prefix], int(number))
    with db.read_session(engine) as session:
        clients = set(session.exec(select(Client.id)))
        counters = {(c.location_id, c.clinic_day, c.prefix): c.last_number for c in session.exec(select(TicketCounter))}
    assert {client for *_, client in found.values()} <= clients, "a visit without its client"
    assert counters == dict(highest)


def test_a_backup_taken_mid_load_restores_whole(engine, clinic, fresh_url, use_database, tmp_path, capsys):
    client_ids = [make_client(engine)[0] for _ in range(WRITERS)]
    target = tmp_path / "kiosk.backup"
    use_database(url_of(engine))
    before = os.umask(0)  # the backup holds every client's details: owner-only whatever the umask
    try:
        with Tablets(engine, clinic, client_ids) as tablets:
            assert tablets.under_way.wait(timeout=300), "the tablets never got going"
            assert cli.main(["backup", str(target)]) == 0
    finally:
        os.umask(before)
    assert tablets.errors == []
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "written to" in capsys.readouterr().out

    use_database(fresh_url)
    assert cli.main(["restore", str(target), "--yes"]) == 0
    if engine.dialect.name == "sqlite":
        assert stat.S_IMODE(os.stat(sa.make_url(fresh_url).database).st_mode) == 0o600
    restored_engine = db.make_engine(fresh_url)
    try:
        assert_whole(restored_engine)
        restored, final = visits(restored_engine), visits(engine)
        assert BEFORE_BACKUP <= len(restored) < len(final)  # a snapshot from the middle of the load
        assert all(final[visit_id] == row for visit_id, row in restored.items())
        # The restored database takes the next check-in: a counter behind its tickets would fail it.
        client_id, _ = make_client(restored_engine)
        with db.write_session(restored_engine) as session:
            check_in(
                session=session,
                clinic=clinic,
                location_slug="north-syracuse",
                client_id=client_id,
                intake=intake(),
                now=DAY_ONE,
            )
        assert_whole(restored_engine)
        assert len(visits(restored_engine)) == len(restored) + 1
    finally:
        restored_engine.dispose()
    assert_whole(engine)
