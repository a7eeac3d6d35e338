"""Therapists: who they are, where they work, and their PINs (never stored or logged in plain).

A PIN is hashed as argon2id(HMAC-SHA256(pepper, PIN)): the pepper is a server-side secret kept
outside the database (config.Settings.pepper), so a stolen database alone can't test a guess,
and argon2id makes each guess slow and memory-hungry even for someone who has the pepper too.
"""

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput, NotAllowed, NotFound
from kiosk_core.i18n import N_
from kiosk_core.models import AuditEvent, Location, Therapist, TherapistLocation, utcnow

# ASCII digits only: `\d` would also take other scripts' digits, and `$` a trailing newline.
PIN_PATTERN = re.compile(r"[0-9]{4,8}")
MAX_LOCKOUT_MINUTES = 24 * 60
SCHEME = "hmac-argon2id"
_ARGON2 = PasswordHasher()  # RFC 9106's second recommended profile: 3 passes over 64 MiB, 4 lanes
_LEGACY_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}  # hashes made before argon2id


class PepperMismatch(NotAllowed):
    """The hash was made with another pepper: a server set up differently, not a wrong PIN."""

    message = N_("Sign-in isn't set up on this screen's server. Please ask an admin.")


def well_formed(pin: str) -> bool:
    return isinstance(pin, str) and PIN_PATTERN.fullmatch(pin) is not None


def pepper_id(pepper: bytes) -> str:
    """A short name for the pepper, stored with each hash to tell a wrong PIN from a wrong pepper;
    an HMAC of a constant, it tells nothing about the pepper itself."""
    return hmac.new(pepper, b"kiosk pin pepper id", hashlib.sha256).hexdigest()[:12]


def _peppered(pin: str, pepper: bytes) -> bytes:
    return hmac.new(pepper, pin.encode(), hashlib.sha256).digest()


def hash_pin(pin: str, *, pepper: bytes | None = None) -> str:
    if not well_formed(pin):
        raise InvalidInput("A PIN is 4 to 8 digits.")
    pepper = settings.pepper() if pepper is None else pepper
    # "hmac-argon2id$<pepper id>$argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>"
    return f"{SCHEME}${pepper_id(pepper)}{_ARGON2.hash(_peppered(pin, pepper))}"


def _argon2_part(stored: str) -> str:
    return "$" + stored.split("$", 2)[2]


def _made_with_other_pepper(stored: str, pepper: bytes) -> bool:
    scheme, _, rest = stored.partition("$")
    return scheme == SCHEME and not rest.startswith(pepper_id(pepper) + "$")


def _scrypt_matches(pin: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), **_LEGACY_SCRYPT)
        return hmac.compare_digest(candidate, base64.b64decode(digest))
    except ValueError:
        return False


def pin_matches(pin: str, stored: str, *, pepper: bytes | None = None) -> bool:
    """Whether `pin` is the one `stored` was made from: an argon2id hash with this server's pepper,
    or an older scrypt hash (no pepper)."""
    if not well_formed(pin):
        return False
    if stored.startswith("scrypt$"):
        return _scrypt_matches(pin, stored)
    pepper = settings.pepper() if pepper is None else pepper
    if not stored.startswith(SCHEME + "$") or _made_with_other_pepper(stored, pepper):
        return False
    try:
        return _ARGON2.verify(_argon2_part(stored), _peppered(pin, pepper))
    except (VerificationError, InvalidHashError):
        return False


def needs_new_hash(stored: str) -> bool:
    """True for an older kind of hash, upgraded at the next right PIN."""
    if not stored.startswith(SCHEME + "$"):
        return True
    try:
        return _ARGON2.check_needs_rehash(_argon2_part(stored))
    except InvalidHashError:
        return True


def add_therapist(
    *,
    session: Session,
    name: str,
    pin: str,
    location_slugs: list[str],
    medical_trained: bool = False,
    is_admin: bool = False,
    by: int | None = None,
    location_id: int | None = None,
) -> Therapist:
    """A new therapist. `by` and `location_id`: the admin who added them and where, for the audit
    log (the command line has neither, and its row names the new therapist instead)."""
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
    session.add(
        AuditEvent(action="add_therapist", therapist_id=by or therapist.id, location_id=location_id, detail=name)
    )
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
    shift_id: int | None = None  # the shift this sign-in started (kiosk_core.staff.shifts)
    room: str = ""  # where the therapist works this shift; "" where the location has no rooms


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
    for `lockout_minutes`; every try is audited (never the PIN).

    An empty or malformed PIN (a slip of the keyboard, or a form sent before the PIN was typed)
    is refused before anything is counted: it can't lock anyone out.
    """
    now = now or utcnow()
    therapist = session.get(Therapist, therapist_id, with_for_update=True)
    if therapist is None or not therapist.active:
        raise NotAllowed("Please choose your name.")
    location = session.exec(select(Location).where(Location.slug == location_slug)).first()
    if location is None or session.get(TherapistLocation, (therapist_id, location.id)) is None:
        raise NotAllowed("Please choose one of your locations.")
    if not well_formed(pin):
        raise InvalidInput(N_("Please type your PIN: 4 to 8 digits."))
    if therapist.locked_until and therapist.locked_until > now:
        minutes = max(1, round((therapist.locked_until - now).total_seconds() / 60))
        session.add(AuditEvent(at=now, action="sign_in_locked", therapist_id=therapist_id, location_id=location.id))
        session.commit()  # the refusal is kept even though the caller's unit of work fails
        plural = "s" if minutes > 1 else ""
        raise NotAllowed(f"Too many wrong PINs. Try again in {minutes} minute{plural}, or ask an admin.")
    pepper = settings.pepper()
    if _made_with_other_pepper(therapist.pin_hash, pepper):
        # Counting this would lock out every therapist on a server set up with another pepper.
        raise PepperMismatch()
    if not pin_matches(pin, therapist.pin_hash, pepper=pepper):
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
    lift_lockout(therapist)
    detail = ""
    if needs_new_hash(therapist.pin_hash):
        # The right PIN is in hand only now: the one moment an old scrypt hash can become argon2id.
        therapist.pin_hash = hash_pin(pin, pepper=pepper)
        detail = "PIN hash upgraded"
    session.add(therapist)
    session.add(AuditEvent(at=now, action="sign_in", therapist_id=therapist_id, location_id=location.id, detail=detail))
    return StaffMember(
        therapist_id=therapist.id,
        name=therapist.name,
        location_slug=location.slug,
        location_name=location.name,
        medical_trained=therapist.medical_trained,
        is_admin=therapist.is_admin,
    )


def _by_name(session: Session, name: str) -> Therapist:
    therapist = session.exec(select(Therapist).where(Therapist.name == " ".join(name.split()))).first()
    if therapist is None:
        raise NotFound(f"No therapist called {name}.")
    return therapist


def lift_lockout(therapist: Therapist) -> None:
    """Forget the wrong PINs and any lockout; the next lockout starts again at the shortest."""
    therapist.failed_pin_attempts = therapist.lockouts = 0
    therapist.locked_until = None


def give_pin(therapist: Therapist, pin: str) -> None:
    """Replace the therapist's PIN; a new PIN also lifts any lockout (the old one was the problem)."""
    therapist.pin_hash = hash_pin(pin)
    lift_lockout(therapist)


def unlock_therapist(*, session: Session, name: str) -> Therapist:
    """Lift a lockout (an admin's call, e.g. after someone tried PINs on a colleague's name)."""
    therapist = _by_name(session, name)
    lift_lockout(therapist)
    session.add(therapist)
    session.add(AuditEvent(action="unlock", therapist_id=therapist.id))
    return therapist


def set_pin(*, session: Session, name: str, pin: str) -> Therapist:
    """A new PIN for a therapist: a forgotten one, or every PIN after the pepper was lost or
    changed (no hash made with the old pepper can be checked again). Lifts any lockout."""
    therapist = _by_name(session, name)
    give_pin(therapist, pin)
    session.add(therapist)
    session.add(AuditEvent(action="set_pin", therapist_id=therapist.id))
    return therapist
