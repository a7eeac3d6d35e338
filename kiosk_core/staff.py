"""Therapists: who they are, where they work, and their PINs (scrypt; never stored or logged in plain)."""

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from kiosk_core.errors import InvalidInput, NotAllowed, NotFound
from kiosk_core.models import AuditEvent, Location, Therapist, TherapistLocation, utcnow

_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
PIN_PATTERN = re.compile(r"^\d{4,8}$")
MAX_LOCKOUT_MINUTES = 24 * 60


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


@dataclass(frozen=True)
class StaffMember:
    """A signed-in therapist at one location: plain values for the staff screens."""

    therapist_id: int
    name: str
    location_slug: str
    location_name: str
    medical_trained: bool
    is_admin: bool


def therapist_choices(*, session: Session) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """(id, name, [(location slug, location name)]) of every active therapist, for the sign-in form."""
    therapists = session.exec(select(Therapist).where(Therapist.active).order_by(Therapist.name)).all()
    places = session.exec(select(TherapistLocation, Location).join(Location)).all()
    where: dict[int, list[tuple[str, str]]] = {}
    for link, location in places:
        where.setdefault(link.therapist_id, []).append((location.slug, location.name))
    return [(t.id, t.name, sorted(where.get(t.id, []), key=lambda p: p[1])) for t in therapists]


def sign_in(
    *,
    session: Session,
    therapist_id: int,
    pin: str,
    location_slug: str,
    max_attempts: int,
    lockout_minutes: int,
    now: datetime | None = None,
) -> StaffMember:
    """Check a therapist's PIN. After `max_attempts` wrong PINs in a row the therapist is locked out
    for `lockout_minutes`; every try is audited (never the PIN)."""
    now = now or utcnow()
    therapist = session.get(Therapist, therapist_id, with_for_update=True)
    if therapist is None or not therapist.active:
        raise NotAllowed("Please choose your name.")
    location = session.exec(select(Location).where(Location.slug == location_slug)).first()
    if location is None or session.get(TherapistLocation, (therapist_id, location.id)) is None:
        raise NotAllowed("Please choose one of your locations.")
    if therapist.locked_until and therapist.locked_until > now:
        minutes = max(1, round((therapist.locked_until - now).total_seconds() / 60))
        session.add(AuditEvent(at=now, action="sign_in_locked", therapist_id=therapist_id, location_id=location.id))
        session.commit()  # the refusal is kept even though the caller's unit of work fails
        plural = "s" if minutes > 1 else ""
        raise NotAllowed(f"Too many wrong PINs. Try again in {minutes} minute{plural}, or ask an admin.")
    if not pin_matches(pin, therapist.pin_hash):
        therapist.failed_pin_attempts += 1
        detail = f"attempt {therapist.failed_pin_attempts}"
        if therapist.failed_pin_attempts >= max_attempts:
            # Doubling lockouts keep guessing a PIN slow (about 40 tries a day at the defaults).
            therapist.lockouts += 1
            minutes = min(lockout_minutes * 2 ** (therapist.lockouts - 1), MAX_LOCKOUT_MINUTES)
            therapist.locked_until = now + timedelta(minutes=minutes)
            therapist.failed_pin_attempts = 0
            detail += f", locked for {minutes} min"
        session.add(therapist)
        session.add(
            AuditEvent(
                at=now, action="sign_in_failed", therapist_id=therapist_id, location_id=location.id, detail=detail
            )
        )
        session.commit()  # the count of wrong PINs must survive the error raised below
        if therapist.locked_until and therapist.locked_until > now:
            raise NotAllowed(f"Too many wrong PINs. Try again in {minutes} minutes, or ask an admin.")
        raise NotAllowed("That PIN isn't right. Please try again.")
    therapist.failed_pin_attempts = therapist.lockouts = 0
    therapist.locked_until = None
    session.add(therapist)
    session.add(AuditEvent(at=now, action="sign_in", therapist_id=therapist_id, location_id=location.id))
    return StaffMember(
        therapist_id=therapist.id,
        name=therapist.name,
        location_slug=location.slug,
        location_name=location.name,
        medical_trained=therapist.medical_trained,
        is_admin=therapist.is_admin,
    )


def unlock_therapist(*, session: Session, name: str) -> Therapist:
    """Lift a lockout (an admin's call, e.g. after someone tried PINs on a colleague's name)."""
    therapist = session.exec(select(Therapist).where(Therapist.name == " ".join(name.split()))).first()
    if therapist is None:
        raise NotFound(f"No therapist called {name}.")
    therapist.failed_pin_attempts = therapist.lockouts = 0
    therapist.locked_until = None
    session.add(therapist)
    session.add(AuditEvent(action="unlock", therapist_id=therapist.id))
    return therapist
