"""Shared fixtures: the clinic file, a migrated database on SQLite and on PostgreSQL."""

import os
import sys
import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from kiosk_core import db, locations, storage_errors
from kiosk_core.config import load_clinic, settings
from kiosk_core.waits import history

# Pages refresh at their base interval in tests (servers started by them too): the pace follows
# this busy machine's timings, and a test waiting for the TV must not wait 16 s. Tests of the
# pace turn it on.
os.environ["KIOSK_REFRESH_PACING"] = "false"
settings.refresh_pacing = False

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PG_SERVER = os.environ.get("KIOSK_TEST_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")


def unavailable(reason: str):
    """Skip on a developer's machine; in CI a missing tool or database is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must have it)", pytrace=False)
    pytest.skip(reason)


# A browser module's first test also starts its server (up to 3 tries of 60 s) and Chromium.
BROWSER_TIMEOUT = 420


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject's addopts): the machine's cores, at most 2; the suite is sized for 2."""
    return min(2, len(os.sched_getaffinity(0)))


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("browser"):
            # Its module's tests on one worker, in order: they share the module's server and database.
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
            if not item.get_closest_marker("timeout"):
                item.add_marker(pytest.mark.timeout(BROWSER_TIMEOUT))


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped and session.exitstatus == 0:
        print(f"\nCI: {skipped} test(s) skipped; a skip in CI counts as a failure.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_PYTEST_MAIN = sys.modules["__main__"]


@pytest.fixture(autouse=True)
def _main_module_kept():
    """An AppTest leaves its script in sys.modules as __main__; a process started later by
    multiprocessing (the crash and outage benches) would run that script again and die. Each
    test gets pytest's own __main__ back."""
    yield
    sys.modules["__main__"] = _PYTEST_MAIN


@pytest.fixture(autouse=True)
def _no_wait_caches_left():
    """The waits' caches are a server process's memory of its database (kiosk_core.waits.history):
    each test starts from a server that has read none (tests write past days' visits directly)."""
    history.forget()


@pytest.fixture(autouse=True)
def _no_storage_alarm_left(monkeypatch):
    """The "storage full" banner is a server process's memory of its last full database: each
    test starts from a server that has met none (a test that filled one would leave it on)."""
    monkeypatch.setattr(storage_errors, "_seen_full_at", None)


@pytest.fixture(scope="session")
def clinic():
    return load_clinic()


@contextmanager
def new_postgres_database(prefix: str = "kiosk_test"):
    """An empty database of our own on the local server, dropped after; yields its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as error:
        admin.dispose()
        unavailable(f"PostgreSQL is not reachable at {PG_SERVER}: {error.orig}")
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_engine(clinic):
    """A database of our own, migrated once, dropped at the end."""
    with new_postgres_database() as url:
        engine = db.make_engine(url)
        db.init_db(engine, clinic)
        yield engine
        engine.dispose()


def _empty_postgres(engine, clinic) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    with db.write_session(engine) as session:
        locations.sync_locations(session=session, clinic=clinic)


@pytest.fixture
def sqlite_engine(tmp_path, clinic):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    db.init_db(engine, clinic)
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, clinic):
    """Each integration test runs on both databases."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_engine")
    engine = request.getfixturevalue("postgres_engine")
    _empty_postgres(engine, clinic)
    return engine
