"""The one unit-of-work shape: services never commit, the façade's unit commits or rolls back as
a whole, and a database that is away reaches no caller as a driver's or SQLAlchemy's error."""

import ast
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.errors import Busy, Unavailable
from kiosk_core.models import AuditEvent
from kiosk_core.screens.tablet import check_in_now
from tests.factories import intake, make_client

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def nowhere(monkeypatch):
    """An engine for a PostgreSQL server that is not there (nothing listens on port 9)."""
    monkeypatch.setattr(settings, "write_retry_seconds", 0.2)
    engine = db.make_engine("postgresql+psycopg://postgres@127.0.0.1:9/kiosk")
    yield engine
    engine.dispose()


@pytest.mark.parametrize("unit", ["run_read", "run_write"])
def test_a_database_that_is_away_is_unavailable_after_the_retries(nowhere, unit):
    with pytest.raises(Busy) as refused:
        getattr(db, unit)(lambda session: session.exec(select(AuditEvent)).all(), engine=nowhere)
    assert isinstance(refused.value, Unavailable) and isinstance(refused.value.__cause__, sa.exc.OperationalError)


@pytest.mark.parametrize("unit", ["read_session", "write_session"])
def test_a_script_s_session_says_unavailable_too(nowhere, unit):
    with pytest.raises(Unavailable), getattr(db, unit)(nowhere) as session:
        session.exec(select(AuditEvent)).all()


def fails_half_way_and_keeps_nothing(engine, detail: str) -> None:
    """A unit of work that writes, then meets a bug: nothing it wrote is kept."""

    def work(session):
        db.begin_writes(session)
        session.add(AuditEvent(action="bench", detail=detail))
        session.flush()
        raise ValueError("a bug after the write")

    with pytest.raises(ValueError):
        db.run_write(work, engine=engine)
    with db.read_session(engine) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.detail == detail)).all() == []


def test_an_error_in_the_work_rolls_back_everything_it_wrote(engine):
    fails_half_way_and_keeps_nothing(engine, "never kept")


def test_begin_writes_keeps_what_the_unit_read_and_is_idempotent(engine):
    def work(session):
        before = session.exec(select(sa.func.count()).select_from(AuditEvent)).one()
        db.begin_writes(session)
        db.begin_writes(session)  # a service that takes the lock inside another's unit: nothing more
        session.add(AuditEvent(action="bench", detail="once"))
        session.flush()
        return before

    before = db.run_write(work, engine=engine)
    with db.read_session(engine) as session:
        assert session.exec(select(sa.func.count()).select_from(AuditEvent)).one() == before + 1


def _calls(tree: ast.AST) -> set[str]:
    return {
        node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }


def test_no_service_commits_and_no_page_catches_a_database_error():
    """Only kiosk_core/db.py commits; ui/ and pages/ never name SQLAlchemy or a driver."""
    for path in (ROOT / "kiosk_core").rglob("*.py"):
        if path.name == "db.py" or "migrations" in path.parts:
            continue
        assert "commit" not in _calls(ast.parse(path.read_text())), f"{path.relative_to(ROOT)} commits"
    for path in [*(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").rglob("*.py"), ROOT / "kiosk.py"]:
        imported = {
            alias.name.split(".")[0]
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
        }
        assert not imported & {"sqlalchemy", "sqlmodel", "sqlite3", "psycopg"}, f"{path.relative_to(ROOT)}"


def test_connections_the_server_dropped_are_replaced_before_use(postgres_engine):
    """A pooled connection the server has ended (a restart, an idle timeout, a killed backend)
    is found by the pool's ping and replaced: the unit of work and the read after it run once,
    and so does a script's session, which is tried only once."""
    engine = postgres_engine
    held = [engine.connect() for _ in range(3)]  # three connections in the pool
    for connection in held:
        connection.close()
    with engine.connect() as connection:
        database = connection.exec_driver_sql("SELECT current_database()").scalar()
    admin = sa.create_engine(engine.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        ended = connection.exec_driver_sql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %(name)s",
            {"name": database},
        ).scalar()
    admin.dispose()
    assert ended >= 1
    tries = []

    def work(session):
        tries.append(1)
        return session.exec(select(sa.func.count()).select_from(AuditEvent)).one()

    then = []
    assert db.run_write(work, engine=engine, then_read=lambda session, n: then.append(work(session)) or n) >= 0
    assert len(tries) == 2 and len(then) == 1
    with db.read_session(engine) as session:
        assert work(session) >= 0


def test_the_read_after_a_commit_leaves_its_connection_as_it_found_it(postgres_engine, clinic):
    """The read after a check-in runs in autocommit on the write's connection: the pool must
    hand that connection back in transactions, or a later unit of work that fails half-way
    would keep what it wrote."""
    engine = sa.create_engine(postgres_engine.url, pool_size=1, max_overflow=0)  # one connection: reused
    client_id, _ = make_client(postgres_engine)
    ticket = check_in_now(clinic=clinic, location_slug="north-syracuse", client_id=client_id, intake=intake(),
                          engine=engine)  # fmt: skip
    assert ticket.position == 1
    try:
        fails_half_way_and_keeps_nothing(engine, "half way")  # on the very connection the read used
    finally:
        engine.dispose()
