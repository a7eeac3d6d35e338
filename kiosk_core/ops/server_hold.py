"""Servers hold the database while they run, so that `restore` can tell it would pull the data
out from under them (issue 21: `restore --yes` over live servers dropped 138 confirmed
check-ins and handed out 1,458 ticket numbers again).

Each server process takes a *shared* hold when it starts and keeps it until it exits (the
operating system lets go of it even after a crash); `restore` asks for an *exclusive* one and
is refused while any server holds a shared one.

- SQLite: an advisory lock (flock) on a file next to the database, `<db>.servers`.
- PostgreSQL: a session advisory lock (`pg_advisory_lock_shared`) on a connection the server
  keeps open; `restore` tries `pg_try_advisory_lock` on the same key.
"""

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from kiosk_core.errors import KioskError

KEY = 0x4B494F534B  # "KIOSK": the advisory lock's key on PostgreSQL
_HELD: list = []  # this process's holds, kept open for as long as it runs


class ServersRunning(KioskError):
    message = (
        "A kiosk server is using this database, so restore would pull the data out from under it. "
        "Stop every server first (Ctrl+C where `make run` or `streamlit run` is running, or stop "
        "the service), then run restore again. Nothing changed."
    )


def _lock_file(url: str) -> Path | None:
    database = make_url(url).database
    if not database or database == ":memory:":
        return None
    return Path(database).with_name(Path(database).name + ".servers")


def hold_as_server(engine: sa.Engine) -> None:
    """Take this server process's shared hold on its database (once; kept until it exits)."""
    url = engine.url.render_as_string(hide_password=False)
    if any(held[0] == url for held in _HELD):
        return
    if engine.dialect.name == "sqlite":
        path = _lock_file(url)
        if path is None:
            return
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        _HELD.append((url, descriptor))
        return
    # Its own connection, kept for the process's life; autocommit: a session lock needs no transaction.
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    connection.exec_driver_sql(f"SELECT pg_advisory_lock_shared({KEY})")
    _HELD.append((url, connection))


@contextmanager
def no_server_running(url: str):
    """Hold the database exclusively for a restore: ServersRunning while any server holds it."""
    if make_url(url).get_backend_name() == "sqlite":
        path = _lock_file(url)
        if path is None or not path.parent.is_dir():  # no folder yet: no server can be using it
            yield
            return
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ServersRunning() from None
            yield
        finally:
            os.close(descriptor)
        return
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            if not connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({KEY})").scalar():
                raise ServersRunning()
            try:
                yield
            finally:
                connection.exec_driver_sql(f"SELECT pg_advisory_unlock({KEY})")
    finally:
        engine.dispose()
