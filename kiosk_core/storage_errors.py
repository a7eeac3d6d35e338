"""A database that can't store anything more: its disk is full, or it is read-only (a full disk
remounted read-only, a file whose permissions changed, a PostgreSQL replica or a server put in
read-only mode). Told apart from an outage so that the screens can say so (StorageFull) and the
staff see it at once, and tried again like a busy database: space freed within the retry budget
lets the write through by itself."""

import sqlite3
import time

import psycopg
import sqlalchemy as sa

_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL = 8, 10, 13
_IOERR_WRITE_FULL = "disk I/O error"  # SQLite's IOERR when a write or fsync hits a full disk
# PostgreSQL: disk_full, insufficient_resources, read_only_sql_transaction
_PG_STATES = {"53100", "53000", "25006"}
# What the outage guard must also catch to tell a full database apart (PostgreSQL's read-only
# transaction is an InternalError, not an OperationalError).
STORAGE_ERRORS = (sa.exc.InternalError, psycopg.InternalError)
LATELY_SECONDS = 120.0
_seen_full_at: float | None = None  # when this server process last met a full database


def storage_full(error: BaseException) -> bool:
    """Whether `error` says the database can't store more; noted, for `full_lately`."""
    global _seen_full_at
    if _full(error.orig if isinstance(error, sa.exc.DBAPIError) else error):
        _seen_full_at = time.monotonic()
        return True
    return False


def _full(error: BaseException) -> bool:
    if isinstance(error, sqlite3.OperationalError):
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        return code in (_SQLITE_READONLY, _SQLITE_FULL) or (code == _SQLITE_IOERR and _IOERR_WRITE_FULL in str(error))
    return isinstance(error, psycopg.Error) and getattr(error, "sqlstate", None) in _PG_STATES


def full_lately() -> bool:
    """This server met a full (or read-only) database in the last two minutes: the staff
    screens' red banner. The database itself can't hold the alarm: it is full."""
    return _seen_full_at is not None and time.monotonic() - _seen_full_at < LATELY_SECONDS
