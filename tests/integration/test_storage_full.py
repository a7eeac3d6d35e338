"""Issue 21, finding 6, on SQLite and PostgreSQL: a full disk or a read-only database surfaced
as raw database errors from the core (16 of them). Now it is the core's own StorageFull, after
the write's retries; the tablet's check-in keeps its answers, and goes through by itself once
space is back. SQLite's read-only file is made with `mode=ro`, PostgreSQL's read-only database
with `default_transaction_read_only`; a full disk's own errors are told apart below."""

import sqlite3

import psycopg
import pytest

from kiosk_core import db, storage_errors
from kiosk_core.errors import StorageFull
from kiosk_core.intake.draft import Draft
from kiosk_core.screens import tablet
from tests.factories import intake, make_client
from tests.integration.test_backup import url_of


@pytest.fixture
def short_retries(monkeypatch):
    monkeypatch.setattr("kiosk_core.config.settings.write_retry_seconds", 0.3)


def check_in(engine, clinic, client_id):
    draft = Draft(answers=intake(safety=["none"]).answers())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(db, "get_engine", lambda: engine)
        return tablet.check_in_client(clinic=clinic, location_slug="north-syracuse", client_id=client_id, draft=draft)


def full(engine):
    """An engine on the same database that can't store more: a full disk, or read-only."""
    if engine.dialect.name == "sqlite":
        return db.make_engine(f"sqlite:///file:{engine.url.database}?mode=ro&uri=true")
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        name = connection.exec_driver_sql("SELECT current_database()").scalar()
        connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    return db.make_engine(url_of(engine))


def room_again(engine):
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            name = connection.exec_driver_sql("SELECT current_database()").scalar()
            connection.exec_driver_sql(f'ALTER DATABASE "{name}" SET default_transaction_read_only = off')


def test_a_full_database_is_storage_full_and_a_check_in_goes_through_once_space_is_back(engine, clinic, short_retries):
    client_id = make_client(engine)[0]
    limited = full(engine)
    try:
        with pytest.raises(StorageFull) as refused:
            check_in(limited, clinic, client_id)
        assert "answers are kept" in refused.value.said.in_language("en")
        assert storage_errors.full_lately()  # the staff screens' red banner
    finally:
        limited.dispose()
        room_again(engine)
    assert check_in(engine, clinic, client_id).ticket_code  # the same answers, once it can save


@pytest.mark.parametrize(
    ("error", "is_full"),
    [
        (sqlite3.OperationalError("database or disk is full"), 13),
        (sqlite3.OperationalError("attempt to write a readonly database"), 8),
        (sqlite3.OperationalError("disk I/O error"), 10),
        (sqlite3.OperationalError("database is locked"), 5),
    ],
)
def test_sqlite_errors_told_apart(error, is_full):
    error.sqlite_errorcode = is_full
    assert storage_errors.storage_full(error) is (is_full != 5)


@pytest.mark.parametrize(
    ("error", "is_full"),
    [
        (psycopg.errors.DiskFull("could not extend file"), True),
        (psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT in a read-only transaction"), True),
        (psycopg.errors.SerializationFailure("could not serialize"), False),
    ],
)
def test_postgresql_errors_told_apart(error, is_full):
    assert storage_errors.storage_full(error) is is_full
