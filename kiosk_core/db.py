"""One engine per process, short sessions, writes retried while the database is busy (or full), and
the schema kept by Alembic."""

import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import psycopg
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlmodel import Session

from kiosk_core import locations
from kiosk_core.config import ClinicConfig, settings
from kiosk_core.errors import Busy, StorageFull, Unavailable
from kiosk_core.secret_files import private_sqlite_files
from kiosk_core.storage_errors import STORAGE_ERRORS, storage_full

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE = "kiosk_write"
_BUSY_TIMEOUT = "kiosk_busy_timeout"
T = TypeVar("T")
R = TypeVar("R")
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6
_SQLITE_TRY_MS = 20  # SQLite's busy handler tries after 1, 2, 5 and 10 ms, then hands back to us
_deadline: ContextVar[float] = ContextVar("kiosk_write_deadline", default=float("inf"))


class TryAgain(Exception):
    """Raised by a unit of work to run it again from the start, in a new transaction, at once:
    e.g. it lost a race that the next try will see the outcome of."""


def make_engine(url: str, *, busy_timeout_ms: int | None = None) -> sa.Engine:
    """An engine tuned for its database; call once per process (see get_engine)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # hide_parameters: an error message must never carry a client's name or answers into a log.
        # lock_timeout: a lock held by a stuck server fails a waiting write (retried by run_write,
        # then Busy) instead of hanging a tablet for ever; kiosk transactions hold locks for ms.
        lock_timeout_ms = int(settings.write_retry_seconds * 1000)
        return sa.create_engine(
            url,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=20,
            hide_parameters=True,
            connect_args={"options": f"-c lock_timeout={lock_timeout_ms}"},
        )

    if parsed.database and parsed.database != ":memory:":
        private_sqlite_files(Path(parsed.database))
    # SQLite's own busy handler sleeps up to 100 ms between tries while a writer holds the lock for
    # about a millisecond (under 16 writers, 92% of a check-in): it makes a few quick tries
    # (_SQLITE_TRY_MS), then _begin_immediate tries after short jittered pauses, timeout_ms in all.
    timeout_ms = settings.sqlite_busy_timeout_ms if busy_timeout_ms is None else busy_timeout_ms
    engine = sa.create_engine(
        url, connect_args={"check_same_thread": False, "timeout": timeout_ms / 1000}, hide_parameters=True
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record) -> None:
        record.info[_BUSY_TIMEOUT] = timeout_ms / 1000
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_TRY_MS}")  # from here on; see above
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A deferred BEGIN lets two writers both read, then collide on the upgrade to a write
        # lock (SQLITE_BUSY with no wait). IMMEDIATE takes the write lock up front, so writers queue.
        if connection.get_execution_options().get(_WRITE, False):
            _begin_immediate(connection.connection.driver_connection, timeout_ms / 1000)
        else:
            connection.connection.driver_connection.execute("BEGIN")  # SQLAlchemy's execute costs 10x it

    return engine


def _begin_immediate(sqlite_connection: sqlite3.Connection, timeout: float) -> None:
    """BEGIN IMMEDIATE, tried again after short jittered pauses while another writer holds the
    lock, for `timeout` seconds or until the deadline of the run_write around it."""
    deadline = min(time.monotonic() + timeout, _deadline.get())
    pause = 0.001
    while True:
        try:
            sqlite_connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not _sqlite_busy(error) or time.monotonic() >= deadline:
                # As SQLAlchemy would have wrapped it: callers catch its OperationalError.
                raise sa.exc.OperationalError("BEGIN IMMEDIATE", None, error) from error
        time.sleep(random.uniform(0, pause))  # jitter: waiters don't all come back at once
        pause = min(pause * 2, 0.008)


def _sqlite_busy(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and (
        getattr(error, "sqlite_errorcode", 0) & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED)
    )


def is_busy(error: BaseException) -> bool:
    """Whether a failed write may succeed if tried again: the database was busy or away, not
    the write wrong. SQLite: locked or busy. PostgreSQL: serialization failure, deadlock, lock
    or statement timeout, a dropped connection or a server restarting (psycopg's
    OperationalError and its subclasses); never a constraint or a programming error."""
    if isinstance(error, sa.exc.DBAPIError):
        if error.connection_invalidated:
            return True
        error = error.orig
    return _sqlite_busy(error) or isinstance(error, psycopg.OperationalError)


@lru_cache(maxsize=1)
def get_engine() -> sa.Engine:
    return make_engine(settings.database_url)


# The database is away (down, restarting, unreachable, every connection busy), not the work wrong.
_OUTAGE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError, sqlite3.OperationalError)
_OUTAGE += (psycopg.OperationalError, psycopg.InterfaceError)


@contextmanager
def _outage_as_unavailable() -> Iterator[None]:
    """The core's own error for a database that is away: no caller catches a driver's exception."""
    try:
        yield
    except _OUTAGE + STORAGE_ERRORS as error:
        if not (storage_full(error) or isinstance(error, _OUTAGE)):
            raise
        raise (StorageFull() if storage_full(error) else Unavailable()) from error


@contextmanager
def write_session(engine: sa.Engine | None = None) -> Iterator[Session]:
    """A unit of work that writes from its start, tried once: the command line, scripts, tests."""
    with _outage_as_unavailable(), Session(engine or get_engine(), expire_on_commit=False) as session:
        session.connection(execution_options={_WRITE: True})
        session.info[_WRITE] = True
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_session(engine: sa.Engine | None = None) -> Iterator[Session]:
    """One unit of work that only reads, tried once: for the command line, scripts and tests."""
    with _outage_as_unavailable(), Session(engine or get_engine(), expire_on_commit=False) as session:
        yield session


def run_write(
    work: Callable[[Session], T],
    *,
    engine: sa.Engine | None = None,
    budget: float | None = None,
    then_read: Callable[[Session, T], R] | None = None,
) -> T | R:
    """The screens' unit of work: `work(session)` in a session of its own, committed at the end,
    rolled back on any error; while the database is busy, away or full, run again after jittered,
    growing pauses for `budget` seconds (settings.write_retry_seconds), then Busy (StorageFull);
    another database error is Unavailable. `work` must be safe to run again. The one place that
    commits. The session starts as a read (SQLite: BEGIN); call `begin_writes` before writing.
    `then_read(session, result)`, returned: a read as run_read's after the commit, on the same
    connection (a second checkout cost as much as the tablet's place read), retried alone with a
    budget of its own: a committed write never runs twice."""
    engine = engine or get_engine()
    written: list = []  # the write's result, once committed: from then on a try runs only the read

    def attempt() -> T | R:
        if then_read is None:
            with Session(engine, expire_on_commit=False) as session:
                return _committed(session, work)
        with engine.connect() as connection:
            if not written:
                with Session(connection, expire_on_commit=False) as session:
                    written.append(_committed(session, work))
            if connection.dialect.name == "postgresql":
                connection.execution_options(isolation_level="AUTOCOMMIT")  # as run_read's; the pool resets it
            with Session(connection, expire_on_commit=False) as session:
                return _committed(session, lambda reading: then_read(reading, written[0]))

    with _outage_as_unavailable():
        return _retried(attempt, budget, steps_done=written.__len__)


def _committed(session: Session, work: Callable[[Session], T]) -> T:
    try:
        result = work(session)
        session.commit()
        return result
    except BaseException:
        session.rollback()
        raise


def run_read(work: Callable[[Session], T], *, engine: sa.Engine | None = None) -> T:
    """run_write for a unit of work that only reads. On PostgreSQL in autocommit: under READ
    COMMITTED each statement has its own snapshot anyway (one_snapshot asks for one moment)."""
    engine = engine or get_engine()
    if engine.dialect.name == "postgresql":
        engine = _autocommit(engine)
    return run_write(work, engine=engine)


@lru_cache(maxsize=8)
def _autocommit(engine: sa.Engine) -> sa.Engine:
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def _retried(attempt: Callable[[], T], budget: float | None, steps_done: Callable[[], int] = lambda: 0) -> T:
    """`steps_done`: how many steps of the attempt have committed; each new one starts the budget again."""
    budget = settings.write_retry_seconds if budget is None else budget
    deadline, pause, races, done = time.monotonic() + budget, 0.002, 0, steps_done()
    while True:
        token = _deadline.set(deadline)
        try:
            return attempt()
        except TryAgain:
            races += 1
            if races > 3:
                raise
            continue
        except (sa.exc.DBAPIError, sqlite3.Error, psycopg.Error) as error:
            if steps_done() != done:
                deadline, pause, done = time.monotonic() + budget, 0.002, steps_done()
            left = deadline - time.monotonic()
            if not (is_busy(error) or storage_full(error)):
                raise
            if left <= 0:
                raise (StorageFull() if storage_full(error) else Busy()) from error
            time.sleep(min(left, random.uniform(pause / 2, pause)))
            pause = min(pause * 2, 0.25)
        finally:
            _deadline.reset(token)


def begin_writes(session: Session) -> None:
    """Between a unit of work's reads and its writes. SQLite: end the read transaction and take
    the write lock (BEGIN IMMEDIATE) on the same connection, so it is held for the writes only;
    nothing when it is held already (a write_session, or an earlier call). PostgreSQL: carry on
    in the same transaction, where a plain read holds no lock."""
    if session.info.get(_WRITE) or session.get_bind().dialect.name != "sqlite":
        return
    session.info[_WRITE] = True
    connection = session.connection().connection
    # On the driver, not by Session.commit: handing the connection back to the pool and taking
    # it again cost more than the writes. SQLAlchemy's COMMIT at the end ends this transaction.
    connection.driver_connection.execute("COMMIT")
    _begin_immediate(connection.driver_connection, connection.info[_BUSY_TIMEOUT])


def driver_connection(session: Session):
    """The session's DBAPI connection, in its transaction: for statements built once
    (kiosk_core.prepared_sql), whose SQLAlchemy execution cost several times the statement."""
    return session.connection().connection.driver_connection


def one_snapshot(session: Session) -> None:
    """Every read of the session's next transaction sees one moment. PostgreSQL's default (READ
    COMMITTED) gives each statement its own; SQLite's reads share one already."""
    if session.get_bind().dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema to the newest revision (or `revision`); creates a fresh database from nothing."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def init_db(engine: sa.Engine, clinic: ClinicConfig) -> None:
    # The PIN pepper is made (or checked) at start, so that a problem with it stops the start
    # instead of the first sign-in.
    settings.pepper()
    migrate(engine)
    with write_session(engine) as session:
        locations.sync_locations(session=session, clinic=clinic)
