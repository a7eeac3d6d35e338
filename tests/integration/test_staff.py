"""PIN sign-in: hashing, lockout that doubles, unlock; on SQLite and PostgreSQL."""

import base64
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput, NotAllowed
from kiosk_core.models import AuditEvent, Therapist
from kiosk_core.screens import staff_desk
from kiosk_core.staff.therapists import PepperMismatch, hash_pin, pepper_id, pin_matches, unlock_therapist
from tests.factories import make_therapist

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def attempt(engine, therapist_id, pin, at, location="north-syracuse", source=""):
    request = {"therapist_id": therapist_id, "pin": pin, "location_slug": location, "source": source}
    return staff_desk.sign_in(**request, now=at, engine=engine)


def legacy_scrypt_hash(pin: str) -> str:
    """A PIN hash as the kiosk made them before argon2id."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"scrypt${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def therapist_row(engine, therapist_id) -> Therapist:
    with db.read_session(engine) as session:
        return session.get(Therapist, therapist_id)


def actions(engine, therapist_id) -> list[tuple[str, str]]:
    with db.read_session(engine) as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.therapist_id == therapist_id).order_by(AuditEvent.id))
        return [(event.action, event.detail) for event in events]


def test_empty_or_malformed_pins_never_count(engine):
    therapist = make_therapist(engine, name="Dana", pin="286413")
    malformed = ["", " ", "12", "123456789", "12a4", "2468 ", "2468\n", "\u0662\u0664\u0666\u0668", "24.68"]
    for _ in range(3):  # far more than the 5 tries that lock out
        for pin in malformed:
            with pytest.raises(InvalidInput, match="4 to 8 digits"):
                attempt(engine, therapist, pin, NOW)
    row = therapist_row(engine, therapist)
    assert (row.failed_pin_attempts, row.lockouts, row.locked_until) == (0, 0, None)
    assert actions(engine, therapist) == [("add_therapist", "Dana")]
    assert attempt(engine, therapist, "286413", NOW).name == "Dana"


def test_a_malformed_pin_between_wrong_ones_neither_counts_nor_resets(engine):
    therapist = make_therapist(engine, name="Dana", pin="286413")
    for pin in ("000917", "", "117035", "", "229047", "330571"):
        with pytest.raises((NotAllowed, InvalidInput)):
            attempt(engine, therapist, pin, NOW)
    assert therapist_row(engine, therapist).failed_pin_attempts == 4
    with pytest.raises(NotAllowed, match="Try again in 15 minutes"):
        attempt(engine, therapist, "440573", NOW)


def test_pins_are_peppered_argon2id_hashes():
    first, second = hash_pin("286413"), hash_pin("286413")
    assert first != second and first.startswith("hmac-argon2id$") and "$argon2id$v=19$" in first
    assert "286413" not in first
    assert pin_matches("286413", first) and not pin_matches("2469", first)
    assert not pin_matches("286413", "plain-text") and not pin_matches("", first)
    other = b"another server's pepper, 32 chars long"
    assert not pin_matches("286413", first, pepper=other)
    # Even with the other pepper's name forged in, the pepper is part of the hash itself.
    forged = f"hmac-argon2id${pepper_id(other)}${first.split('$', 2)[2]}"
    assert not pin_matches("286413", forged, pepper=other)


def test_an_old_scrypt_hash_still_works_and_becomes_argon2id_at_the_next_right_pin(engine):
    therapist = make_therapist(engine, name="Dana", pin="286413")
    with db.write_session(engine) as session:
        session.get(Therapist, therapist).pin_hash = legacy_scrypt_hash("286413")
    with pytest.raises(NotAllowed, match="PIN isn't right"):
        attempt(engine, therapist, "315724", NOW)
    assert therapist_row(engine, therapist).pin_hash.startswith("scrypt$")

    assert attempt(engine, therapist, "286413", NOW).name == "Dana"
    upgraded = therapist_row(engine, therapist).pin_hash
    assert upgraded.startswith("hmac-argon2id$") and pin_matches("286413", upgraded)
    assert ("sign_in", "PIN hash upgraded") in actions(engine, therapist)
    assert attempt(engine, therapist, "286413", NOW).name == "Dana"
    assert therapist_row(engine, therapist).pin_hash == upgraded  # upgraded once


def test_a_server_with_another_pepper_refuses_every_pin_without_counting(engine, monkeypatch):
    therapist = make_therapist(engine, name="Dana", pin="286413")
    # Another server, set up without the clinic's KIOSK_PIN_PEPPER: even the right PIN fails
    # there, and nobody is locked out for it.
    monkeypatch.setattr(settings, "pin_pepper", SecretStr(secrets.token_urlsafe(32)))
    for pin in ("286413", "000917") * 4:
        with pytest.raises(PepperMismatch, match="ask an admin"):
            attempt(engine, therapist, pin, NOW)
    row = therapist_row(engine, therapist)
    assert (row.failed_pin_attempts, row.locked_until) == (0, None)
    monkeypatch.undo()
    assert attempt(engine, therapist, "286413", NOW).name == "Dana"


def test_lockouts_double_and_a_right_pin_or_an_admin_ends_them(engine):
    therapist = make_therapist(engine, name="Dana", pin="286413")
    at = NOW
    for expected_minutes in (15, 30, 60):
        for _ in range(4):
            with pytest.raises(NotAllowed, match="PIN isn't right"):
                attempt(engine, therapist, "000917", at)
        with pytest.raises(NotAllowed, match=f"Try again in {expected_minutes} minutes"):
            attempt(engine, therapist, "000917", at)
        with pytest.raises(NotAllowed, match="Too many wrong PINs"):
            attempt(engine, therapist, "286413", at + timedelta(minutes=expected_minutes - 1))
        at += timedelta(minutes=expected_minutes + 1)
    member = attempt(engine, therapist, "286413", at)
    assert member.name == "Dana"
    with db.read_session(engine) as session:
        assert session.get(Therapist, therapist).lockouts == 0

    for _ in range(5):
        with pytest.raises(NotAllowed):
            attempt(engine, therapist, "000917", at)
    with db.write_session(engine) as session:
        unlock_therapist(session=session, name="Dana")
    # The member is unlocked everywhere; the screen that made 20 wrong PINs in a row stays locked.
    with pytest.raises(NotAllowed, match="Too many wrong PINs"):
        attempt(engine, therapist, "286413", at)
    assert attempt(engine, therapist, "286413", at, source="her own screen").name == "Dana"


def test_only_at_the_therapists_own_locations(engine):
    therapist = make_therapist(engine, name="Jo", pin="286413", locations=("north-syracuse",))
    with pytest.raises(NotAllowed, match="one of your locations"):
        attempt(engine, therapist, "286413", NOW, location="downtown-syracuse")
