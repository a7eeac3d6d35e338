"""Backups: a consistent copy of the live database, and putting one back.

SQLite is copied with its online backup API; PostgreSQL with pg_dump's custom format and
pg_restore. Either way the copy holds every client's details and answers: it is written
owner-only (0600), and it holds no PIN pepper (see config.Settings.pepper).
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from kiosk_core.config import settings
from kiosk_core.errors import KioskError
from kiosk_core.ops.server_hold import no_server_running
from kiosk_core.secret_files import private_sqlite_files

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(KioskError):
    """A backup or restore that can't be done; the message says why, in one line."""


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory database can't be backed up.")
    return Path(database)


def _writable_target(target: Path) -> None:
    if target.is_dir():
        raise BackupError(f"{target} is a folder; name the backup file.")
    if not target.parent.is_dir():
        raise BackupError(f"There is no folder {target.parent}.")


def _header(source: Path) -> bytes:
    if not source.is_file():
        raise BackupError(f"There is no backup file {source}.")
    with source.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER))


def _into_place(target: Path, write) -> None:
    """Run `write(path)` on a new owner-only file beside `target`, then rename it to `target`:
    a failed backup never leaves half a file under the name an admin trusts."""
    descriptor, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.fchmod(descriptor, 0o600)  # exactly 0600: mkstemp's mode is cut by the umask, even to unwritable
    os.close(descriptor)
    try:
        write(Path(partial))
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_backup(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupError(f"There is no database at {database}.")
    own_files = {database.resolve(), *(Path(f"{database}-{end}").resolve() for end in ("wal", "shm"))}
    if target.resolve() in own_files:
        raise BackupError("The backup can't replace the database itself; choose another file.")

    def write(partial: Path) -> None:
        timeout = settings.sqlite_busy_timeout_ms / 1000
        with closing(sqlite3.connect(database, timeout=timeout)) as live, closing(sqlite3.connect(partial)) as copy:
            # One step (pages=-1) reads one snapshot; in WAL mode check-ins keep committing meanwhile.
            live.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("The copy failed its integrity check; the database may be damaged.")

    try:
        _into_place(target, write)
    except sqlite3.Error as error:
        raise BackupError(f"{database} could not be backed up: {error}") from error


def _sqlite_restore(source: Path, database: Path) -> None:
    if _header(source) != SQLITE_HEADER:
        raise BackupError(f"{source} is not an SQLite backup.")
    private_sqlite_files(database)
    read_only = source.resolve().as_uri() + "?mode=ro"
    timeout = settings.sqlite_busy_timeout_ms / 1000
    try:
        with closing(sqlite3.connect(read_only, uri=True)) as backup:
            if backup.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError(f"{source} failed its integrity check; nothing was restored.")
            with closing(sqlite3.connect(database, timeout=timeout)) as live:
                backup.backup(live)  # replaces every page, in one transaction
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} could not be restored: {error}") from error


# --- PostgreSQL ----------------------------------------------------------------------------


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """The URL for pg_dump and pg_restore, and their environment: the password goes in
    PGPASSWORD, never on a command line that `ps` shows every user."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(tool: str, *args: str, url: str) -> None:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"{tool} is not installed (it comes with PostgreSQL's client tools).")
    dsn, env = _libpq(url)
    done = subprocess.run([program, *args, "--dbname", dsn], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(f"{tool} failed: {lines[-1] if lines else f'exit code {done.returncode}'}")


def _postgres_backup(url: str, target: Path) -> None:
    _into_place(target, lambda partial: _run("pg_dump", "--format=custom", "--file", str(partial), url=url))


def _postgres_restore(source: Path, url: str) -> None:
    if _header(source)[: len(PG_DUMP_HEADER)] != PG_DUMP_HEADER:
        raise BackupError(f"{source} is not a PostgreSQL backup (pg_dump --format=custom).")
    # One transaction: a restore that fails half-way leaves the database as it was.
    flags = ("--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction")
    _run("pg_restore", *flags, str(source), url=url)


# --- What the command line calls ---------------------------------------------------------


def backup(*, url: str, target: Path) -> None:
    """Write a consistent copy of the database at `url` to `target` (0600), while it is in use."""
    target = Path(target)
    _writable_target(target)
    if _is_sqlite(url):
        _sqlite_backup(_sqlite_path(url), target)
    else:
        _postgres_backup(url, target)


def restore(*, url: str, source: Path) -> None:
    """Replace everything in the database at `url` with the backup in `source`.

    The database must be of the same kind as the backup. PostgreSQL: the database must exist
    (createdb), possibly empty. The schema may be older; init-db brings it up to date. Refused
    (ServersRunning, saying how) while any kiosk server holds the database (ops.server_hold).
    """
    source = Path(source)
    with no_server_running(url):
        if _is_sqlite(url):
            _sqlite_restore(source, _sqlite_path(url))
        else:
            _postgres_restore(source, url)
