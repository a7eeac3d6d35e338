"""Issue 21, finding 4, on SQLite and PostgreSQL: wrong PINs lock a member out only from the
source that typed them (and a guessing source out altogether), so one lobby visitor can't lock
every therapist out; the sign-in form names first names and initials; old unpeppered hashes end.
Before the fix, five wrong PINs at a name from the lobby locked that therapist out everywhere."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.errors import NotAllowed
from kiosk_core.models import AuditEvent, Therapist
from kiosk_core.screens import admin_desk, staff_desk
from kiosk_core.staff import therapists
from kiosk_core.staff.pin_sign_in import LEGACY_CLOSED, LegacyPinRefused
from tests.factories import make_therapist, signed_in
from tests.integration.test_staff import NOW, attempt, legacy_scrypt_hash

LOBBY, OWN = "10.0.0.66", "10.0.0.7"


def test_a_lobby_visitor_cannot_lock_anyone_out_of_their_own_screen(engine):
    names = [make_therapist(engine, name=f"Therapist {n}", pin="286413") for n in range(4)]
    refusals = []
    for therapist in names:  # five wrong PINs at every name, from the lobby
        for _ in range(5):
            with pytest.raises(NotAllowed) as refused:
                attempt(engine, therapist, "000917", NOW, source=LOBBY)
            refusals.append(str(refused.value))
    assert "Too many wrong PINs. Try again in 15 minutes, or ask an admin." in refusals
    # The lobby is locked out after its tenth wrong PIN, whatever the name: it guessed 10, not 20.
    with db.read_session(engine) as session:
        failed = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in_failed")).all()
    assert len(failed) == 10
    for therapist in names:
        with pytest.raises(NotAllowed, match="Too many wrong PINs"):
            attempt(engine, therapist, "286413", NOW, source=LOBBY)  # even a right PIN, from there
        assert attempt(engine, therapist, "286413", NOW, source=OWN).therapist_id == therapist


def test_a_member_is_locked_out_from_the_guessing_source_only(engine):
    dana = make_therapist(engine, name="Dana", pin="286413")
    for _ in range(5):
        with pytest.raises(NotAllowed):
            attempt(engine, dana, "000917", NOW, source=LOBBY)
    assert attempt(engine, dana, "286413", NOW, source=OWN).name == "Dana"
    with pytest.raises(NotAllowed, match="Too many wrong PINs"):
        attempt(engine, dana, "286413", NOW + timedelta(minutes=14), source=LOBBY)
    assert attempt(engine, dana, "286413", NOW + timedelta(minutes=16), source=LOBBY).name == "Dana"


def test_the_admin_roster_shows_a_lockout_from_one_source_and_lifts_it(engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    admin = signed_in(engine, make_therapist(engine, name="Priya Shah", admin=True))
    dana = make_therapist(engine, name="Dana", pin="286413")
    for _ in range(5):
        with pytest.raises(NotAllowed):
            attempt(engine, dana, "000917", NOW, source=LOBBY)
    row = next(r for r in admin_desk.therapists(member=admin, now=NOW) if r.therapist_id == dana)
    assert row.locked_until == NOW + timedelta(minutes=15)
    assert admin_desk.lift_lockout(member=admin, therapist_id=dana) == "Dana can sign in again."
    assert attempt(engine, dana, "286413", NOW, source=LOBBY).name == "Dana"


def test_the_sign_in_form_names_first_names_and_initials(engine):
    make_therapist(engine, name="Sam Chen")
    make_therapist(engine, name="Sam Cho")
    make_therapist(engine, name="Priya")
    with db.read_session(engine) as session:
        labels = [label for _, label, _ in therapists.therapist_choices(session=session)]
    assert labels == ["Priya", "Sam C.", "Sam C. (2)"]


def set_hash(engine, therapist_id: int, stored: str) -> None:
    with db.write_session(engine) as session:
        session.get(Therapist, therapist_id).pin_hash = stored


def test_old_hashes_end_once_every_active_member_has_signed_in_since(engine):
    dana, jo = make_therapist(engine, name="Dana", pin="286413"), make_therapist(engine, name="Jo", pin="315724")
    set_hash(engine, dana, legacy_scrypt_hash("286413"))
    set_hash(engine, jo, legacy_scrypt_hash("315724"))
    assert attempt(engine, dana, "286413", NOW).name == "Dana"  # upgraded; Jo still has an old hash
    assert attempt(engine, jo, "315724", NOW).name == "Jo"  # the last one: old hashes end here
    with db.read_session(engine) as session:
        assert session.exec(select(AuditEvent.action).where(AuditEvent.action == LEGACY_CLOSED)).all()
    set_hash(engine, dana, legacy_scrypt_hash("286413"))  # e.g. put back from an old backup
    with pytest.raises(LegacyPinRefused):
        attempt(engine, dana, "286413", NOW)


def test_old_hashes_end_after_the_date_in_the_settings(engine, monkeypatch):
    dana = make_therapist(engine, name="Dana", pin="286413")
    set_hash(engine, dana, legacy_scrypt_hash("286413"))
    monkeypatch.setattr(settings, "legacy_pin_hashes_until", date(2026, 11, 22))  # NOW is the 23rd
    with pytest.raises(LegacyPinRefused, match="ask an admin for a new one"):
        attempt(engine, dana, "286413", NOW)
    monkeypatch.setattr(settings, "legacy_pin_hashes_until", date(2026, 11, 23))
    assert attempt(engine, dana, "286413", NOW).name == "Dana"


def test_the_check_is_read_then_verified_then_recorded(engine, monkeypatch):
    """No transaction is open while argon2id verifies: the hash is read, the read ends, then
    the PIN is checked, then one short write records it."""
    dana = make_therapist(engine, name="Dana", pin="286413")
    order, reading = [], []
    real_read, real_write, real_match = db.run_read, db.run_write, therapists.pin_matches

    def read(work, **kw):
        order.append("read")
        reading.append(True)
        try:
            return real_read(work, **kw)  # (run_read runs its work through run_write)
        finally:
            reading.pop()

    def write(work, **kw):
        if not reading:
            order.append("write")
        return real_write(work, **kw)

    monkeypatch.setattr(db, "run_read", read)
    monkeypatch.setattr(db, "run_write", write)
    monkeypatch.setattr(therapists, "pin_matches", lambda *a, **kw: order.append("verify") or real_match(*a, **kw))
    staff_desk.sign_in(therapist_id=dana, pin="286413", location_slug="north-syracuse", engine=engine)
    assert order == ["read", "verify", "write"]
