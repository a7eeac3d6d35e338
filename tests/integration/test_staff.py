"""PIN sign-in: hashing, lockout that doubles, unlock; on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest

from kiosk_core import db
from kiosk_core.errors import NotAllowed
from kiosk_core.models import Therapist
from kiosk_core.staff import hash_pin, pin_matches, sign_in, unlock_therapist
from tests.factories import make_therapist

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def attempt(engine, therapist_id, pin, at, location="north-syracuse"):
    with db.write_session(engine) as session:
        return sign_in(
            session=session,
            therapist_id=therapist_id,
            pin=pin,
            location_slug=location,
            max_attempts=5,
            lockout_minutes=15,
            now=at,
        )


def test_pins_are_salted_scrypt_hashes():
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second and first.startswith("scrypt$") and "2468" not in first
    assert pin_matches("2468", first) and not pin_matches("2469", first)
    assert not pin_matches("2468", "plain-text")


def test_lockouts_double_and_a_right_pin_or_an_admin_ends_them(engine):
    therapist = make_therapist(engine, name="Dana", pin="2468")
    at = NOW
    for expected_minutes in (15, 30, 60):
        for _ in range(4):
            with pytest.raises(NotAllowed, match="PIN isn't right"):
                attempt(engine, therapist, "0000", at)
        with pytest.raises(NotAllowed, match=f"Try again in {expected_minutes} minutes"):
            attempt(engine, therapist, "0000", at)
        with pytest.raises(NotAllowed, match="Too many wrong PINs"):
            attempt(engine, therapist, "2468", at + timedelta(minutes=expected_minutes - 1))
        at += timedelta(minutes=expected_minutes + 1)
    member = attempt(engine, therapist, "2468", at)
    assert member.name == "Dana"
    with db.read_session(engine) as session:
        assert session.get(Therapist, therapist).lockouts == 0

    for _ in range(5):
        with pytest.raises(NotAllowed):
            attempt(engine, therapist, "0000", at)
    with db.write_session(engine) as session:
        unlock_therapist(session=session, name="Dana")
    assert attempt(engine, therapist, "2468", at).name == "Dana"


def test_only_at_the_therapists_own_locations(engine):
    therapist = make_therapist(engine, name="Jo", pin="2468", locations=("north-syracuse",))
    with pytest.raises(NotAllowed, match="one of your locations"):
        attempt(engine, therapist, "2468", NOW, location="downtown-syracuse")
