"""Therapists: who they are, where they work, signing in with a PIN and lockouts (the PIN's hash
is kiosk_core.staff.pins's; never stored or logged in plain)."""

from dataclasses import dataclass

from sqlmodel import Session, select

from kiosk_core.errors import InvalidInput, NotFound
from kiosk_core.models import AuditEvent, Location, Therapist, TherapistLocation
from kiosk_core.staff import lockouts
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
    sign_in_id: int | None = None  # the sign-in's row (kiosk_core.staff.sign_ins): a sign-in is not a shift


def sign_in_label(name: str) -> str:
    """How the public sign-in form names a member: first name and last initial ("Sam C."), so
    the lobby doesn't learn every therapist's full name."""
    words = name.split()
    return words[0] if len(words) < 2 else f"{words[0]} {words[-1][0]}."


def therapist_choices(*, session: Session) -> list[tuple[int, str, list[tuple[str, str]]]]:
    """(id, label, [(location slug, location name)]) of every active therapist, for the sign-in
    form: labels by `sign_in_label`, numbered where two would read the same."""
    therapists = session.exec(select(Therapist).where(Therapist.active).order_by(Therapist.name)).all()
    places = session.exec(select(TherapistLocation, Location).join(Location)).all()
    where: dict[int, list[tuple[str, str]]] = {}
    for link, location in places:
        where.setdefault(link.therapist_id, []).append((location.slug, location.name))
    seen: dict[str, int] = {}
    choices = []
    for t in therapists:
        label = sign_in_label(t.name)
        seen[label] = seen.get(label, 0) + 1
        shown = label if seen[label] == 1 else f"{label} ({seen[label]})"
        choices.append((t.id, shown, sorted(where.get(t.id, []), key=lambda p: p[1])))
    return choices


def _by_name(session: Session, name: str) -> Therapist:
    therapist = session.exec(select(Therapist).where(Therapist.name == " ".join(name.split()))).first()
    if therapist is None:
        raise NotFound(f"No therapist called {name}.")
    return therapist


def lift_lockout(therapist: Therapist) -> None:
    """Forget the wrong PINs and any lockout; the next lockout starts again at the shortest."""
    therapist.failed_pin_attempts = therapist.lockouts = 0
    therapist.locked_until = None


def unlock_everywhere(session: Session, therapist: Therapist) -> None:
    """`lift_lockout`, and the member's lockouts from every source (kiosk_core.staff.lockouts)."""
    lift_lockout(therapist)
    lockouts.lift_member(session, therapist.id)


def give_pin(session: Session, therapist: Therapist, pin: str) -> None:
    """Replace the therapist's PIN; a new PIN also lifts any lockout (the old one was the problem)."""
    therapist.pin_hash = hash_pin(checked_new_pin(pin))
    unlock_everywhere(session, therapist)


def unlock_therapist(*, session: Session, name: str) -> Therapist:
    """Lift a lockout (an admin's call, e.g. after someone tried PINs on a colleague's name)."""
    therapist = _by_name(session, name)
    unlock_everywhere(session, therapist)
    session.add(therapist)
    session.add(AuditEvent(action="unlock", therapist_id=therapist.id))
    return therapist


def set_pin(*, session: Session, name: str, pin: str) -> Therapist:
    """A new PIN for a therapist: a forgotten one, or every PIN after the pepper was lost or
    changed (no hash made with the old pepper can be checked again). Lifts any lockout."""
    therapist = _by_name(session, name)
    give_pin(session, therapist, pin)
    session.add(therapist)
    session.add(AuditEvent(action="set_pin", therapist_id=therapist.id))
    return therapist
