"""Data at rest: the SQLite files and the PIN pepper are readable by their owner only."""

import os
import stat
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from kiosk_core import db
from kiosk_core.config import Settings
from kiosk_core.secret_files import DATA_DIR, PROJECT_ROOT, SecretFileError, read_or_create_secret
from tests.factories import make_client


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def permissive_umask():
    """Files created now would be readable and writable by everyone, unless the code says otherwise."""
    before = os.umask(0)
    yield
    os.umask(before)


def test_a_new_sqlite_database_is_owner_only_with_its_wal_and_shm(tmp_path, clinic, permissive_umask):
    path = tmp_path / "new" / "data" / "kiosk.db"
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        db.init_db(engine, clinic)
        make_client(engine)  # a write: the WAL and its index exist while the engine is open
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(f.exists() for f in files)
        assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
        assert mode(path.parent) == mode(path.parent.parent) == 0o700
    finally:
        engine.dispose()


def test_files_an_older_version_left_open_are_tightened(tmp_path, clinic, permissive_umask):
    path = tmp_path / "kiosk.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.init_db(engine, clinic)
    engine.dispose()
    for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        old.touch()
        old.chmod(0o644)
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        assert [mode(p) for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))] == [0o600] * 3
    finally:
        engine.dispose()


def test_the_pepper_file_is_made_owner_only_once(tmp_path, permissive_umask):
    path = tmp_path / "secrets" / "pin-pepper"
    first = read_or_create_secret(path)
    assert len(first) >= 32 and mode(path) == 0o600 and mode(path.parent) == 0o700
    assert read_or_create_secret(path) == first
    assert [p.name for p in path.parent.iterdir()] == ["pin-pepper"]  # no leftover temporary file
    assert Settings(pin_pepper_file=path).pepper() == first.encode()


def test_a_pepper_file_others_can_read_is_refused(tmp_path):
    path = tmp_path / "pin-pepper"
    read_or_create_secret(path)
    path.chmod(0o644)
    with pytest.raises(SecretFileError, match="chmod 600"):
        read_or_create_secret(path)


def test_the_environment_pepper_wins_and_must_be_long(tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_PIN_PEPPER", "p" * 40)
    assert Settings(pin_pepper_file=tmp_path / "unused").pepper() == b"p" * 40
    assert not (tmp_path / "unused").exists()
    monkeypatch.setenv("KIOSK_PIN_PEPPER", "changeme")
    with pytest.raises(ValidationError, match="32 characters"):
        Settings()


def test_the_default_pepper_file_is_never_committed():
    default = Settings().pin_pepper_file
    assert default.parent == DATA_DIR
    ignored = subprocess.run(
        ["git", "check-ignore", "--quiet", "--no-index", str(default.relative_to(PROJECT_ROOT))], cwd=PROJECT_ROOT
    )
    assert ignored.returncode == 0
