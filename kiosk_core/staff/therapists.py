"""Therapists: who they are, where they work, signing in with a PIN and lockouts (the PIN's hash
is kiosk_core.staff.pins's; never stored or logged in plain)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput, NotAllowed, NotFound
from kiosk_core.i18n import N_
from kiosk_core.models import AuditEvent, Location, Therapist, TherapistLocation
from kiosk_core.staff.pins import (  # noqa: F401  (offered from here too, as before the split)
    PIN_PATTERN,
    SCHEME,
    PepperMismatch,
    checked_new_pin,
    hash_pin,
    made_with_other_pepper,
    needs_new_hash,
    pepper_id,
    pin_matches,
    well_formed,
)

MAX_LOCKOUT_MINUTES = 24 * 60


def add_therapist(
    *,
    session: Session,
    name: str,
    pin: str,
    location_slugs: list[str],
    medical_trained: bool = False,
    is_admin: bool = False,
    roles: tuple[str, ...] = ("therapist",),
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
    therapist = Therapist(
        name=name,
        pin_hash=hash_pin(checked_new_pin(pin)),
        medical_trained=medical_trained,
        is_admin=is_admin,
        roles=list(roles),
    )
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


@dataclass(frozen=True)
class PinCheck:
    """What a sign-in reads before the PIN is verified: the PIN is checked outside any
    transaction (argon2id takes about 0.4 s: inside SQLite's write lock it held up every tablet)."""

    therapist_id: int
    location_id: int
    pin_hash: str
    locked_minutes: int  # 0 unless locked out now


@dataclass(frozen=True)
class PinResult:
    """What a sign-in recorded: the member signed in, or the words of its refusal."""

    member: StaffMember | None
    refusal: str = ""


def check_pin_for(*, session: Session, therapist_id: int, pin: str, location_slug: str, now: datetime) -> PinCheck:
    """The therapist's PIN hash and lockout, read; NotAllowed for a name or location that is not
    theirs, InvalidInput for an empty or malformed PIN (a slip of the keyboard, or a form sent
    before the PIN was typed: refused before anything is counted, so it can't lock anyone out)."""
    therapist = session.get(Therapist, therapist_id)
    if therapist is None or not therapist.active:
        raise NotAllowed("Please choose your name.")
    location = session.exec(select(Location).where(Location.slug == location_slug)).first()
    if location is None or session.get(TherapistLocation, (therapist_id, location.id)) is None:
        raise NotAllowed("Please choose one of your locations.")
    if not well_formed(pin):
        raise InvalidInput(N_("Please type your PIN: 4 to 8 digits."))
    if made_with_other_pepper(therapist.pin_hash, settings.pepper()):
        # Counting this would lock out every therapist on a server set up with another pepper.
        raise PepperMismatch()
    return PinCheck(therapist.id, location.id, therapist.pin_hash, _locked_minutes(therapist, now))


def _locked_minutes(therapist: Therapist, now: datetime) -> int:
    if therapist.locked_until and therapist.locked_until > now:
        return max(1, round((therapist.locked_until - now).total_seconds() / 60))
    return 0


def record_pin(
    *,
    session: Session,
    check: PinCheck,
    right: bool,
    new_hash: str | None,
    max_attempts: int,
    lockout_minutes: int,
    now: datetime,
) -> PinResult:
    """Record a verified PIN in the caller's unit of work: a right one signs in (and its hash
    is upgraded to `new_hash` if given); after `max_attempts` wrong ones in a row the therapist
    is locked out for `lockout_minutes`, doubling each time. Every try is audited (never the PIN).
    A refusal is a result, not an error, so that the caller commits its audit row."""
    therapist = session.get(Therapist, check.therapist_id, with_for_update=True, populate_existing=True)
    where = {"therapist_id": therapist.id, "location_id": check.location_id}
    minutes = _locked_minutes(therapist, now)
    if minutes:  # locked before this try, or by another try since our read
        session.add(AuditEvent(at=now, action="sign_in_locked", **where))
        plural = "s" if minutes > 1 else ""
        return PinResult(None, f"Too many wrong PINs. Try again in {minutes} minute{plural}, or ask an admin.")
    if therapist.pin_hash != check.pin_hash:  # changed by an admin since our read: this PIN proves nothing
        return PinResult(None, N_("That PIN isn't right. Please try again."))
    if not right:
        therapist.failed_pin_attempts += 1
        detail = f"attempt {therapist.failed_pin_attempts}"
        refusal = N_("That PIN isn't right. Please try again.")
        if therapist.failed_pin_attempts >= max_attempts:
            # Doubling lockouts keep guessing a PIN slow (about 40 tries a day at the defaults).
            therapist.lockouts += 1
            minutes = min(lockout_minutes * 2 ** (therapist.lockouts - 1), MAX_LOCKOUT_MINUTES)
            therapist.locked_until = now + timedelta(minutes=minutes)
            therapist.failed_pin_attempts = 0
            detail += f", locked for {minutes} min"
            refusal = f"Too many wrong PINs. Try again in {minutes} minutes, or ask an admin."
        session.add(therapist)
        session.add(AuditEvent(at=now, action="sign_in_failed", detail=detail, **where))
        return PinResult(None, refusal)
    lift_lockout(therapist)
    if new_hash:  # the right PIN is in hand only now: the one moment an old scrypt hash can become argon2id
        therapist.pin_hash = new_hash
    session.add(therapist)
    session.add(AuditEvent(at=now, action="sign_in", detail="PIN hash upgraded" if new_hash else "", **where))
    location = session.get(Location, check.location_id)
    member = StaffMember(
        therapist_id=therapist.id,
        name=therapist.name,
        location_slug=location.slug,
        location_name=location.name,
        medical_trained=therapist.medical_trained,
        is_admin=therapist.is_admin,
    )
    return PinResult(member)


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
    therapist.pin_hash = hash_pin(checked_new_pin(pin))
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
