"""Files only this user may read: the folders and files of the database and the secrets (the PIN
pepper), created owner-only whatever the umask, and a secret made once and checked on every read."""

import os
import secrets
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"  # the default home of the database and the secrets; git-ignored
SECRET_MIN_LENGTH = 32


class SecretFileError(Exception):
    """The secrets file can't be used as it is; the message says why and what to do."""


def private_dir(path: Path) -> None:
    """Create `path` and any missing parent owner-only (0700), whatever the umask.

    An existing directory is left alone (it may be /tmp or /var/lib), except the kiosk's own
    data directory, which an older version created 0755.
    """
    path = Path(path).absolute()
    for directory in reversed([path, *path.parents]):
        if not directory.exists():
            directory.mkdir(exist_ok=True)
            os.chmod(directory, 0o700)  # mkdir's mode goes through the umask; chmod does not
    if path.resolve() == DATA_DIR.resolve():
        os.chmod(path, 0o700)


def private_file(path: Path) -> None:
    """Create `path` empty if it is missing, and make it owner-only (0600) either way. An existing
    file is never opened: closing any descriptor of an SQLite database drops every lock this
    process holds on it (POSIX locks), so another process's last connection to close then
    deletes the -wal and -shm files that this process's connections are still using."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        os.chmod(path, 0o600)
        return
    try:
        os.fchmod(descriptor, 0o600)  # the umask may have taken more than 0600 leaves
    finally:
        os.close(descriptor)


def read_or_create_secret(path: Path) -> str:
    """The secret kept in `path`; on first use a new random one, written owner-only (0600)."""
    path = Path(path)
    if not path.exists():
        private_dir(path.parent)
        # Written aside, then linked into place: a second server starting at the same moment
        # either wins the link or reads the finished file, never a half-written one.
        descriptor, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            os.fchmod(descriptor, 0o600)
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_urlsafe(32) + "\n")
                out.flush()
                os.fsync(out.fileno())
            os.link(partial, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(partial)
    if path.stat().st_mode & 0o077:
        raise SecretFileError(f"{path} can be read by other users: run chmod 600 {path}")
    secret = path.read_text(encoding="utf-8").strip()
    if len(secret) < SECRET_MIN_LENGTH:
        raise SecretFileError(f"{path} holds no secret of {SECRET_MIN_LENGTH} characters or more")
    return secret


def private_sqlite_files(path: Path) -> None:
    """Make the database file, its WAL and SHM and a new directory for them owner-only. The file
    is made here, before SQLite opens it: SQLite gives the -wal and -shm files it creates later
    the database file's own mode (umask or not). Files an older version left open are tightened."""
    private_dir(path.parent)
    private_file(path)
    for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        if companion.exists():
            os.chmod(companion, 0o600)
