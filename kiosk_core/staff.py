"""Therapists: who they are, where they work, and their PINs (scrypt; never stored or logged in plain)."""

import base64
import hashlib
import hmac
import re
import secrets

from sqlmodel import Session, select

from kiosk_core.errors import InvalidInput, NotFound
from kiosk_core.models import AuditEvent, Location, Therapist, TherapistLocation

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
PIN_PATTERN = re.compile(r"^\d{4,8}$")


def hash_pin(pin: str) -> str:
    if not PIN_PATTERN.match(pin):
        raise InvalidInput("A PIN is 4 to 8 digits.")
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, **_SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), **_SCRYPT)
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def add_therapist(
    *,
    session: Session,
    name: str,
    pin: str,
    location_slugs: list[str],
    medical_trained: bool = False,
    is_admin: bool = False,
) -> Therapist:
    name = " ".join(name.split())
    if not 1 <= len(name) <= 100:
        raise InvalidInput("A therapist's name is 1 to 100 characters.")
    if session.exec(select(Therapist).where(Therapist.name == name)).first():
        raise InvalidInput(f"There is already a therapist called {name}.")
    if not location_slugs:
        raise InvalidInput("A therapist works at one location at least.")
    locations = []
    for slug in location_slugs:
        location = session.exec(select(Location).where(Location.slug == slug)).first()
        if location is None:
            raise NotFound(f"No location {slug!r}.")
        locations.append(location)
    therapist = Therapist(name=name, pin_hash=hash_pin(pin), medical_trained=medical_trained, is_admin=is_admin)
    session.add(therapist)
    session.flush()
    for location in locations:
        session.add(TherapistLocation(therapist_id=therapist.id, location_id=location.id))
    session.add(AuditEvent(action="add_therapist", therapist_id=therapist.id, detail=name))
    return therapist
