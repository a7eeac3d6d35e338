"""A busy database: a check-in tries again, and past the budget says "see the front desk", writing nothing."""

import sqlite3
import threading
from datetime import UTC, datetime

import psycopg
import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin import check_in as check_in_module
from kiosk_core.config import settings
from kiosk_core.errors import Busy, KioskError
from kiosk_core.models import AuditEvent, TicketCounter, Visit
from kiosk_core.screens import tablet as tablet_module
from kiosk_core.screens.tablet import check_in_now
from tests.factories import intake, make_client

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
# A client's first check-in of the day runs on the driver's connection (kiosk_core.checkin.visit_write,
# db.run_on_driver); a second one that adds a red flag goes the general way (db.run_write).
# Each takes the write lock in its own hook, which these tests make fail.
WAYS = ("new_visit", "flag_added")


def check_in(engine, clinic, client_id, answers=None):
    return check_in_now(
        clinic=clinic,
        location_slug="north-syracuse",
        client_id=client_id,
        intake=answers or intake(),
        now=NOW,
        engine=engine,
    )


def busy_error(engine, *, driver: bool = False) -> Exception:
    """What a busy database raises: the driver's own error, or SQLAlchemy's around it."""
    if engine.dialect.name == "sqlite":
        orig = sqlite3.OperationalError("database is locked")
        orig.sqlite_errorcode = 5  # SQLITE_BUSY
    else:
        orig = psycopg.errors.SerializationFailure("could not serialize access")
    return orig if driver else sa.exc.OperationalError("INSERT", None, orig)


def count(engine, model, *where) -> int:
    with db.read_session(engine) as session:
        return len(session.exec(select(model).where(*where)).all())


@pytest.fixture(params=WAYS)
def way(request, engine, clinic):
    """(whether the lock's error comes from the driver itself, the client, the answers): for
    "flag_added" the client is checked in already, and comes back with a red flag."""
    client_id, _ = make_client(engine)
    if request.param == "flag_added":
        check_in(engine, clinic, client_id)
        return False, client_id, intake(safety={"blood_thinners": True})
    return True, client_id, intake()


def written(engine) -> int:
    """Check-ins and added flags written."""
    return count(engine, AuditEvent, AuditEvent.action == "flags_added") + count(engine, Visit)


def test_busy_errors_are_tried_again_and_the_check_in_goes_through_once(engine, clinic, monkeypatch, way):
    driver, client_id, answers = way
    before = written(engine)
    tries = []
    real = db.begin_writes

    def busy_twice(target):
        tries.append(1)
        real(target)  # a write transaction under way (SQLite), then refused: it must be rolled back
        if len(tries) <= 2:
            raise busy_error(engine, driver=len(tries) == 1 and driver)

    monkeypatch.setattr(db, "begin_writes", busy_twice)
    ticket = check_in(engine, clinic, client_id, answers)
    assert len(tries) == 3 and ticket.ticket_code == "T-001"
    assert written(engine) == before + 1 and count(engine, AuditEvent, AuditEvent.action == "check_in") == 1


def test_a_busy_read_after_the_commit_is_tried_again_alone(engine, clinic, monkeypatch):
    """The ticket's place is read after the check-in commits, on its connection: busy there, the
    read is tried again and the check-in is never written twice."""
    client_id, _ = make_client(engine)
    tries = []
    real = check_in_module.place_in_queue

    def busy_once(**where):
        tries.append(1)
        if len(tries) == 1:
            raise busy_error(engine)
        return real(**where)

    writes = []
    write = tablet_module.open_visit
    monkeypatch.setattr(tablet_module, "open_visit", lambda **request: writes.append(1) or write(**request))
    monkeypatch.setattr(check_in_module, "place_in_queue", busy_once)
    ticket = check_in(engine, clinic, client_id)
    assert len(tries) == 2 and len(writes) == 1 and ticket.ticket_code == "T-001" and ticket.position == 1
    assert count(engine, Visit) == 1 and count(engine, AuditEvent, AuditEvent.action == "check_in") == 1


def test_the_read_after_the_commit_has_a_budget_of_its_own(engine, clinic, monkeypatch):
    """A check-in that was busy for most of its budget is committed: the place read after it
    gets the whole budget again, rather than a 'please ask at the front desk' for a client who
    is in the line."""
    monkeypatch.setattr(settings, "write_retry_seconds", 0.3)
    client_id, _ = make_client(engine)
    clock = {"now": 0.0}
    monkeypatch.setattr(db.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(db.time, "sleep", lambda seconds: clock.update(now=clock["now"] + seconds))
    writes, reads = [], []
    real_begin, real_place = db.begin_writes, check_in_module.place_in_queue

    def busy_until_the_budget_is_nearly_spent(target):
        writes.append(1)
        real_begin(target)
        if clock["now"] < 0.25:
            raise busy_error(engine)

    def busy_for_a_while(**where):
        reads.append(1)
        if len(reads) <= 3:
            raise busy_error(engine)
        return real_place(**where)

    monkeypatch.setattr(db, "begin_writes", busy_until_the_budget_is_nearly_spent)
    monkeypatch.setattr(check_in_module, "place_in_queue", busy_for_a_while)
    ticket = check_in(engine, clinic, client_id)
    assert ticket.ticket_code == "T-001" and ticket.position == 1 and len(reads) == 4 and len(writes) > 1
    assert count(engine, AuditEvent, AuditEvent.action == "check_in") == 1


def test_errors_that_are_not_busy_are_not_tried_again(engine, clinic, monkeypatch, way):
    _, client_id, answers = way
    tries = []

    def wrong(_target):
        tries.append(1)
        raise sa.exc.ProgrammingError("INSERT", None, Exception("syntax error"))

    monkeypatch.setattr(db, "begin_writes", wrong)
    with pytest.raises(sa.exc.ProgrammingError):
        check_in(engine, clinic, client_id, answers)
    assert len(tries) == 1


def test_a_database_busy_past_the_budget_says_see_the_front_desk_and_writes_nothing(engine, clinic, monkeypatch, way):
    driver, client_id, answers = way
    before = written(engine), count(engine, TicketCounter)
    monkeypatch.setattr(settings, "write_retry_seconds", 0.3)

    def always_busy(_target):
        raise busy_error(engine, driver=driver)

    monkeypatch.setattr(db, "begin_writes", always_busy)
    with pytest.raises(Busy) as refused:
        check_in(engine, clinic, client_id, answers)
    assert isinstance(refused.value, KioskError)
    assert str(refused.value) == "Something went wrong. Please ask at the front desk."
    assert (written(engine), count(engine, TicketCounter)) == before


def test_a_real_writer_holding_the_lock_past_the_budget(engine, clinic, monkeypatch):
    """SQLite: another connection in BEGIN IMMEDIATE. PostgreSQL: the ticket counter row locked."""
    first, second = make_client(engine)[0], make_client(engine)[0]
    check_in(engine, clinic, first)
    monkeypatch.setattr(settings, "write_retry_seconds", 0.3)
    short = db.make_engine(engine.url.render_as_string(hide_password=False))  # lock_timeout from the budget
    blocker = short.raw_connection()
    try:
        cursor = blocker.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("BEGIN IMMEDIATE")
        else:
            cursor.execute("SELECT * FROM ticketcounter FOR UPDATE")
        with pytest.raises(Busy):
            check_in(short, clinic, second)
        blocker.rollback()
        assert check_in(short, clinic, second).ticket_code == "T-002"  # the lock gone, it goes through
    finally:
        blocker.close()
        short.dispose()
    assert count(engine, Visit) == 2


def test_a_check_in_waits_for_a_writer_and_goes_through_when_it_is_done(engine, clinic, monkeypatch):
    """The writer lets go only once the check-in has met the lock (no fixed sleep)."""
    client_id, _ = make_client(engine)
    blocker = engine.raw_connection()
    cursor = blocker.cursor()
    met = threading.Event()
    if engine.dialect.name == "sqlite":
        cursor.execute("BEGIN IMMEDIATE")
        real_sleep = db.time.sleep
        monkeypatch.setattr(db.time, "sleep", lambda seconds: (met.set(), real_sleep(seconds)))
    else:
        check_in(engine, clinic, make_client(engine)[0])
        cursor.execute("SELECT * FROM ticketcounter FOR UPDATE")
    result = {}
    worker = threading.Thread(target=lambda: result.update(ticket=check_in(engine, clinic, client_id)))
    worker.start()
    if engine.dialect.name == "sqlite":
        assert met.wait(timeout=60)
    else:
        with engine.connect() as watcher:
            waiting = sa.text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            while not watcher.execute(waiting).scalar() and worker.is_alive():
                watcher.rollback()
    blocker.rollback()
    blocker.close()
    worker.join()
    assert result["ticket"].ticket_code.startswith("T-")
