"""The admin screen's services for therapists: add, deactivate, locations, training, admin,
PINs and lockouts (the front desk's "lost my card" is in lost_card.py). One call per action,
each its own unit of work.

Every call checks in the database that the signed-in member is still an active admin: a
StaffMember says only what was true at sign-in, and an admin removed since must stop at once.
Every action, and every read of a client's data, leaves an audit row with who (the admin),
where (their location) and what (whose record; never a PIN, a card or a whole phone number).

Staff screens are in English, so these messages are not marked for translation.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.models import Location, Therapist, TherapistLocation, utcnow
from kiosk_core.staff import lockouts, shifts
from kiosk_core.staff import therapists as members
from kiosk_core.staff.admin_duty import (
    AdminsOnly,
    BadEntry,
    Desk,
    LastAdmin,
    NoSuchTherapist,
    NotYourself,
    PinsDiffer,
    audit,
    signed_in_admin,
)
from kiosk_core.staff.roles import STORED, Need, Role, grants_of
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.text import no_control_characters

T = TypeVar("T")


def as_admin(member: StaffMember | None, change: Callable[[Session, Desk], T], need: Need = Need.ACCOUNTS) -> T:
    """`change(session, desk)` in a unit of work of its own that writes from the start, by a
    member allowed `need` (an admin's by default), checked afresh in it."""

    def work(session: Session) -> T:
        db.begin_writes(session)
        return change(session, signed_in_admin(session, member, need))

    return db.run_write(work)


def _active_admins(session: Session) -> set[int]:
    """Locked, in id order: two admins demoting each other at the same moment on PostgreSQL then
    queue here instead of each seeing the other still an admin (or deadlocking). SQLite's
    BEGIN IMMEDIATE already runs writers one at a time."""
    query = select(Therapist.id).where(Therapist.active, Therapist.is_admin).order_by(Therapist.id)
    return set(session.exec(query.with_for_update()).all())


def _keep_an_admin(session: Session, desk: Desk, therapist: Therapist) -> None:
    """Refuse to take away the last active admin (nobody could then manage anyone)."""
    admins = _active_admins(session)
    if desk.admin_id not in admins:
        raise AdminsOnly()  # demoted a moment ago by another admin
    if therapist.id in admins and not admins - {therapist.id}:
        raise LastAdmin()


def _therapist(session: Session, therapist_id: int) -> Therapist:
    therapist = session.get(Therapist, therapist_id)
    if therapist is None:
        raise NoSuchTherapist()
    return therapist


def _pin(pin: str, pin_again: str) -> str:
    pin, pin_again = (pin or "").strip(), (pin_again or "").strip()
    if not pin or not pin_again:
        raise BadEntry("Please type the new PIN twice.")
    if pin != pin_again:
        raise PinsDiffer()
    return members.checked_new_pin(pin)


def _roles(codes) -> tuple[str, ...]:
    """The roles kept in Therapist.roles (admin has its own checkbox), sorted; BadEntry for another."""
    known = {role.value for role in STORED}
    if any(code not in known for code in codes):
        raise BadEntry("One of those roles isn't known. Please choose again.")
    return tuple(sorted(set(codes)))


def _locations(session: Session, slugs: list[str]) -> list[Location]:
    if not slugs:
        raise BadEntry("Choose at least one location.")
    found = session.exec(select(Location).where(Location.slug.in_(slugs)).order_by(Location.name)).all()
    if len(found) != len(set(slugs)):
        raise BadEntry("One of those locations isn't known. Please choose again.")
    return list(found)


# --- Therapists --------------------------------------------------------------------------


@dataclass(frozen=True)
class TherapistRow:
    therapist_id: int
    name: str
    active: bool
    is_admin: bool
    medical_trained: bool
    locations: list[str]  # slugs
    roles: list[str]  # besides admin (kiosk_core.staff.roles.STORED)
    locked_until: datetime | None  # only while locked out now
    wrong_pins: int  # in a row, since the last right PIN or unlock
    credentials: str = ""  # as claims print them, e.g. "LMT"
    npi: str = ""


def therapists(*, member: StaffMember | None, now: datetime | None = None) -> list[TherapistRow]:
    """Every therapist, active ones first. Not client data: not audited."""
    now = now or utcnow()

    def read(session):
        signed_in_admin(session, member)
        rows = session.exec(select(Therapist).order_by(Therapist.active.desc(), Therapist.name)).all()
        links = session.exec(select(TherapistLocation.therapist_id, Location.slug).join(Location)).all()
        return rows, links, lockouts.members_locked_until(session, now)

    rows, links, locked = db.run_read(read)
    where: dict[int, list[str]] = {}
    for therapist_id, slug in links:
        where.setdefault(therapist_id, []).append(slug)
    return [
        TherapistRow(
            therapist_id=t.id,
            name=t.name,
            active=t.active,
            is_admin=t.is_admin,
            medical_trained=t.medical_trained,
            locations=sorted(where.get(t.id, [])),
            roles=sorted(t.roles),
            locked_until=max(
                (u for u in (t.locked_until, locked.get(t.id)) if u and u > now), default=None
            ),  # everywhere, or from one source
            wrong_pins=t.failed_pin_attempts,
            credentials=t.credentials,
            npi=t.npi,
        )
        for t in rows
    ]


def add_therapist(
    *,
    member: StaffMember | None,
    name: str,
    pin: str,
    pin_again: str,
    location_slugs: list[str],
    medical_trained: bool,
    is_admin: bool,
    roles: list[str] | tuple[str, ...] = ("therapist",),
) -> str:
    roles = _roles(roles)
    try:
        name = no_control_characters(" ".join((name or "").split()))
    except ValueError:
        raise BadEntry("Please remove special characters from the name.") from None
    pin = _pin(pin, pin_again)

    def work(session: Session, desk: Desk):
        _locations(session, location_slugs)
        members.add_therapist(
            session=session,
            name=name,
            pin=pin,
            location_slugs=location_slugs,
            medical_trained=medical_trained,
            is_admin=is_admin,
            roles=roles,
            by=desk.admin_id,
            location_id=desk.location_id,
        )

    try:
        as_admin(member, work)
    except sa.exc.IntegrityError:
        # Two admins (or a double tap) adding the same name at once: the unique name decides.
        raise BadEntry(f"There is already a therapist called {name}.") from None
    return f"{name} added."


def set_active(*, member: StaffMember | None, therapist_id: int, active: bool) -> str:
    """Deactivate (off the sign-in list, PIN refused) or reactivate. The wanted state, not a
    toggle: a double tap does it once."""

    def work(session: Session, desk: Desk) -> str:
        therapist = _therapist(session, therapist_id)
        if therapist.active == active:
            return f"{therapist.name} is already {'active' if active else 'inactive'}."
        if not active:
            if therapist.id == desk.admin_id:
                raise NotYourself()
            _keep_an_admin(session, desk, therapist)
            shifts.end_shift(session=session, therapist_id=therapist.id, reason=shifts.DEACTIVATED, now=utcnow())
        therapist.active = active
        session.add(therapist)
        audit(session, desk, "reactivate_therapist" if active else "deactivate_therapist", therapist.name)
        return f"{therapist.name} {'reactivated' if active else 'deactivated'}."

    return as_admin(member, work)


def update_therapist(
    *,
    member: StaffMember | None,
    therapist_id: int,
    location_slugs: list[str],
    medical_trained: bool,
    is_admin: bool,
    roles: list[str] | None = None,
) -> str:
    """Where they work, medical training, admin and the other roles (None: as they are), saved
    together; the audit row says what changed. A removed role ends at the member's next read."""
    wanted_roles = None if roles is None else _roles(roles)

    def work(session: Session, desk: Desk):
        therapist = _therapist(session, therapist_id)
        wanted = _locations(session, location_slugs)
        links = session.exec(select(TherapistLocation).where(TherapistLocation.therapist_id == therapist.id)).all()
        before = sorted(session.get(Location, link.location_id).slug for link in links)
        after = sorted(location.slug for location in wanted)
        changes = []
        if before != after:
            changes.append(f"locations {', '.join(before) or 'none'} -> {', '.join(after)}")
            for link in links:
                session.delete(link)
            session.flush()  # the old links go before the new ones, which may be the same rows
            session.add_all(TherapistLocation(therapist_id=therapist.id, location_id=loc.id) for loc in wanted)
        if therapist.medical_trained != medical_trained:
            changes.append(f"medical {'on' if medical_trained else 'off'}")
            therapist.medical_trained = medical_trained
        if therapist.is_admin != is_admin:
            if not is_admin:
                _keep_an_admin(session, desk, therapist)
            changes.append(f"admin {'on' if is_admin else 'off'}")
            therapist.is_admin = is_admin
        if wanted_roles is not None and tuple(sorted(therapist.roles)) != wanted_roles:
            changes.append(
                f"roles {', '.join(sorted(therapist.roles)) or 'none'} -> {', '.join(wanted_roles) or 'none'}"
            )
            therapist.roles = list(wanted_roles)
        if not changes:
            return f"Nothing to change for {therapist.name}."
        if Role.THERAPIST not in grants_of(therapist) or before != after:
            # A shift needs the therapist role at its location: one the change leaves without
            # it ends now, or it would hold its room and count in the waits with nobody to end it.
            allowed = {loc.id for loc in wanted} if Role.THERAPIST in grants_of(therapist) else set()
            if any(s.location_id not in allowed for s in shifts.open_shifts_of(session, therapist.id)):
                shifts.end_shift(session=session, therapist_id=therapist.id, reason=shifts.ROLE_CHANGED, now=utcnow())
        session.add(therapist)
        audit(session, desk, "update_therapist", f"{therapist.name}: {'; '.join(changes)}")
        return f"{therapist.name} saved: {'; '.join(changes)}."

    return as_admin(member, work)


def reset_pin(*, member: StaffMember | None, therapist_id: int, pin: str, pin_again: str) -> str:
    """A new PIN (the same hashing as everywhere: members.give_pin); it also lifts any lockout."""
    pin = _pin(pin, pin_again)

    def work(session: Session, desk: Desk):
        therapist = _therapist(session, therapist_id)
        members.give_pin(session, therapist, pin)
        session.add(therapist)
        audit(session, desk, "reset_pin", therapist.name)
        return f"New PIN set for {therapist.name}."

    return as_admin(member, work)


def lift_lockout(*, member: StaffMember | None, therapist_id: int) -> str:
    def work(session: Session, desk: Desk):
        therapist = _therapist(session, therapist_id)
        from_somewhere = therapist.id in lockouts.members_locked_until(session, utcnow())
        if not (therapist.locked_until or therapist.failed_pin_attempts or therapist.lockouts or from_somewhere):
            return f"{therapist.name} isn't locked out."  # a second tap: nothing left to do
        members.unlock_everywhere(session, therapist)
        session.add(therapist)
        audit(session, desk, "unlock", therapist.name)
        return f"{therapist.name} can sign in again."

    return as_admin(member, work)
