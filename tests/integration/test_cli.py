"""The admin command line: each command, and bad arguments without a traceback."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlmodel import select

from kiosk_core import __main__ as cli
from kiosk_core import db
from kiosk_core.clients import cards
from kiosk_core.config import settings
from kiosk_core.models import Therapist
from kiosk_core.screens import staff_desk
from kiosk_core.staff import therapists
from kiosk_core.staff.therapists import PepperMismatch

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setattr(settings, "database_url", url)
    db.get_engine.cache_clear()
    yield url
    db.get_engine().dispose()
    db.get_engine.cache_clear()


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_db_then_seed_demo_once(database, capsys, tmp_path):
    assert run(capsys, "init-db")[0] == 0
    code, out, _ = run(capsys, "seed-demo", "--cards", str(tmp_path / "cards"))
    assert code == 0 and "Alex Rivera: 117035" in out
    assert len(list((tmp_path / "cards").glob("*.png"))) == 8
    code, out, _ = run(capsys, "seed-demo")
    assert code == 0 and "nothing changed" in out
    assert "Alex Rivera: 117035" in out  # the PINs every time
    assert "http://localhost:8501/?location=north-syracuse" in out and "/queue" in out


def test_add_client_prints_the_payload_once_and_writes_the_card(database, capsys, tmp_path):
    png = tmp_path / "card.png"
    code, out, _ = run(
        capsys,
        "add-client",
        "--first-name",
        "Ada",
        "--last-name",
        "Lovelace",
        "--phone",
        "315-555-0199",
        "--png",
        str(png),
    )
    assert code == 0
    payload = out.split("(shown once): ")[1].split()[0]
    assert cards.decode_picture(png.read_bytes()) == payload


def test_revoke_and_reissue(database, capsys):
    run(capsys, "add-client", "--first-name", "Ada", "--last-name", "Lovelace", "--email", "ada@example.org")
    code, out, _ = run(capsys, "revoke-card", "--client-id", "1", "--reissue", "--reason", "lost")
    assert code == 0 and "New card payload" in out
    code, out, _ = run(capsys, "revoke-card", "--client-id", "1")
    assert code == 0 and "Revoked 1 card(s)" in out


def test_add_therapist_and_refuse_a_duplicate(database, capsys):
    args = ("add-therapist", "--name", "Dana Scully", "--location", "north-syracuse", "--medical", "--pin", "432918")
    assert run(capsys, *args)[0] == 0
    code, _, err = run(capsys, *args)
    assert code == 2 and "already a therapist called Dana Scully" in err


def test_export_writes_csv_without_names(database, capsys, tmp_path):
    run(capsys, "seed-demo")
    target = tmp_path / "visits.csv"
    from kiosk_core.clock import clinic_day

    today = clinic_day().isoformat()
    code, out, _ = run(capsys, "export", "--from", today, "--to", today, "-o", str(target))
    assert code == 0 and "8 visit(s)" in out
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert len(rows) == 8 and {r["location"] for r in rows} == {"north-syracuse", "downtown-syracuse"}
    assert "Gonzalez" not in target.read_text()
    code, out, _ = run(capsys, "export", "--from", today, "--to", today, "--location", "north-syracuse")
    assert len(out.strip().splitlines()) == 1 + 5


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "required: COMMAND"),
        (["teleport"], "invalid choice"),
        (["export", "--from", "yesterday", "--to", "2026-01-01"], "not a date"),
        (["export", "--from", "2026-02-01", "--to", "2026-01-01"], "end date is before"),
        (["export", "--from", "2026-01-01", "--to", "2026-01-02", "--location", "mars"], "isn't set up"),
        (["add-client", "--first-name", "x" * 10_000, "--last-name", "Y", "--phone", "3155550100"], "under 60"),
        (["add-client", "--first-name", "Ada", "--last-name", "Lovelace"], "phone number or an e-mail"),
        (["add-therapist", "--name", "Q", "--location", "mars", "--pin", "523614"], "No location 'mars'"),
        (["add-therapist", "--name", "Q", "--location", "north-syracuse", "--pin", "12"], "6 to 8 digits"),
        (["revoke-card", "--client-id", "abc"], "invalid int value"),
        (["revoke-card", "--client-id", "77"], "No client with number 77"),
        (["backup"], "required: FILE"),
        (["backup", "/no/such/folder/kiosk.backup"], "There is no folder /no/such/folder"),
        (["restore", "missing.backup", "--yes"], "There is no backup file missing.backup"),
        (["restore", "README.md", "--yes"], "README.md is not an SQLite backup"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(database, capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_help_and_errors_from_a_real_process(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}"}
    for command in (
        "init-db",
        "seed-demo",
        "add-therapist",
        "add-client",
        "revoke-card",
        "export",
        "backup",
        "restore",
    ):
        shown = subprocess.run(
            [sys.executable, "-m", "kiosk_core", command, "--help"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert "usage:" in shown.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "kiosk_core", "export"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    run_cli = [sys.executable, "-m", "kiosk_core"]
    subprocess.run([*run_cli, "init-db"], cwd=ROOT, env=env, capture_output=True, check=True)
    unasked = subprocess.run(
        [*run_cli, "restore", str(tmp_path / "p.db")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    assert unasked.returncode == 2 and "add --yes" in unasked.stderr and len(unasked.stderr.strip().splitlines()) == 1


def test_unlock_therapist(database, capsys):
    run(capsys, "add-therapist", "--name", "Dana Scully", "--location", "north-syracuse", "--pin", "432918")
    code, out, _ = run(capsys, "unlock-therapist", "--name", "Dana Scully")
    assert code == 0 and "Unlocked Dana Scully." in out
    code, _, err = run(capsys, "unlock-therapist", "--name", "Fox Mulder")
    assert code == 2 and "No therapist called Fox Mulder" in err


def test_backup_refuses_to_overwrite_the_database_itself(database, capsys):
    run(capsys, "init-db")
    live = database.removeprefix("sqlite:///")
    for target in (live, f"{live}-wal"):
        code, _, err = run(capsys, "backup", target)
        assert code == 2 and "can't replace the database itself" in err
    assert run(capsys, "export", "--from", "2026-01-01", "--to", "2026-01-01")[0] == 0  # still whole


def test_backup_of_a_file_that_is_no_database_is_one_line(capsys, tmp_path, monkeypatch):
    garbage = tmp_path / "kiosk.db"
    garbage.write_bytes(b"not a database" * 100)
    monkeypatch.setattr(settings, "database_url", f"sqlite:///{garbage}")
    code, _, err = run(capsys, "backup", str(tmp_path / "copy.db"))
    assert code == 2 and "could not be backed up" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kiosk.db"]  # no half-written copy left


def test_restore_asks_first_and_a_no_changes_nothing(database, capsys, tmp_path, monkeypatch):
    run(capsys, "add-client", "--first-name", "Ada", "--last-name", "Lovelace", "--email", "ada@example.org")
    backup = tmp_path / "before.backup"
    assert run(capsys, "backup", str(backup))[0] == 0
    run(capsys, "add-client", "--first-name", "Grace", "--last-name", "Hopper", "--email", "grace@example.org")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    code, out, _ = run(capsys, "restore", str(backup))
    assert code == 0 and "Nothing changed" in out
    monkeypatch.setattr("builtins.input", lambda prompt: "yes")
    code, out, _ = run(capsys, "restore", str(backup))
    assert code == 0 and "Restored" in out
    code, _, err = run(capsys, "revoke-card", "--client-id", "2")
    assert code == 2 and "No client with number 2" in err  # Grace came after the backup


def test_set_pin_after_the_pepper_was_lost(database, capsys, monkeypatch):
    run(capsys, "add-therapist", "--name", "Dana Scully", "--location", "north-syracuse", "--pin", "432918")
    monkeypatch.setattr(settings, "pin_pepper", SecretStr("a new pepper: the old one was lost with its server"))

    def sign_in(pin: str) -> therapists.StaffMember:
        with db.read_session(db.get_engine()) as session:
            therapist_id = session.exec(select(Therapist.id)).one()
        return staff_desk.sign_in(therapist_id=therapist_id, pin=pin, location_slug="north-syracuse")

    with pytest.raises(PepperMismatch):
        sign_in("432918")
    code, out, _ = run(capsys, "set-pin", "--name", "Dana Scully", "--pin", "864209")
    assert code == 0 and "New PIN set for Dana Scully." in out
    assert sign_in("864209").name == "Dana Scully"
    code, _, err = run(capsys, "set-pin", "--name", "Dana Scully", "--pin", "86")
    assert code == 2 and "6 to 8 digits" in err
