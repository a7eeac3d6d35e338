"""One engine per process, short sessions, and the schema kept by Alembic."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from kiosk_core.config import ClinicConfig, private_dir, private_file, settings
from kiosk_core.models import Location

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE = "kiosk_write"


def make_engine(url: str, *, busy_timeout_ms: int | None = None) -> sa.Engine:
    """An engine tuned for its database; call once per process (see get_engine)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # hide_parameters: an error message must never carry a client's name or answers into a log.
        return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True)

    if parsed.database and parsed.database != ":memory:":
        private_sqlite_files(Path(parsed.database))
    timeout_ms = settings.sqlite_busy_timeout_ms if busy_timeout_ms is None else busy_timeout_ms
    engine = sa.create_engine(
        url, connect_args={"check_same_thread": False, "timeout": timeout_ms / 1000}, hide_parameters=True
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A deferred BEGIN lets two writers both read, then collide on the upgrade to a write
        # lock (SQLITE_BUSY with no wait). IMMEDIATE takes the write lock up front, so writers queue.
        write = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def private_sqlite_files(path: Path) -> None:
    """Make the database file, its WAL and SHM and a new directory for them owner-only.

    The database file is made here, before SQLite opens it: SQLite gives the -wal and -shm files
    it creates later the database file's own mode (umask or not). Files an older version left
    readable by everyone are tightened.
    """
    private_dir(path.parent)
    private_file(path)
    for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        if companion.exists():
            os.chmod(companion, 0o600)


@lru_cache(maxsize=1)
def get_engine() -> sa.Engine:
    return make_engine(settings.database_url)


@contextmanager
def write_session(engine: sa.Engine | None = None) -> Iterator[Session]:
    """One unit of work that writes: committed at the end, rolled back on any error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        session.connection(execution_options={_WRITE: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_session(engine: sa.Engine | None = None) -> Iterator[Session]:
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        yield session


def migrate(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema to the newest revision (or `revision`); creates a fresh database from nothing."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def sync_locations(*, session: Session, clinic: ClinicConfig) -> list[Location]:
    """Make the location rows match the clinic file (by slug); rows are never deleted, visits point at them."""
    existing = {loc.slug: loc for loc in session.exec(select(Location))}
    for configured in clinic.locations:
        row = existing.get(configured.slug) or Location(slug=configured.slug, name="")
        row.name, row.address = configured.name, configured.address
        session.add(row)
    session.flush()
    return list(session.exec(select(Location).order_by(Location.id)))


def init_db(engine: sa.Engine, clinic: ClinicConfig) -> None:
    # The PIN pepper is made (or checked) at start, so that a problem with it stops the start
    # instead of the first sign-in.
    settings.pepper()
    migrate(engine)
    with write_session(engine) as session:
        sync_locations(session=session, clinic=clinic)
