"""Who may read or act now: the database's current truth about a signed-in member, read in the
same unit of work as the read or the action it allows.

A screen holds a `StaffMember` made at sign-in; the core takes from it only the ids it issued
(the therapist and the sign-in) and reads everything else again: still active, still granted
the role the call needs, still serving the location, still signed in (kiosk_core.staff.sign_ins),
and their live shift there if they started one (kiosk_core.staff.shifts). Whatever else the
object says (its name, its admin flag, its training) is never believed. An admin's change
therefore reaches every open screen at its next read: the board's 2-second refresh, or the next
tap elsewhere.

Staff screens are in English, so these messages are not marked for translation.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from kiosk_core.errors import NotAllowed
from kiosk_core.models import Location, Shift, Therapist, TherapistLocation, utcnow
from kiosk_core.staff.roles import NEEDS, Need, Role, allowed, grants_of
from kiosk_core.staff.shifts import live, stale_before
from kiosk_core.staff.sign_ins import SignIn
from kiosk_core.staff.therapists import StaffMember


class SignedOut(NotAllowed):
    """This screen's sign-in no longer holds: the screen signs out and says why."""

    message = "Please sign in again."


class AccessChanged(SignedOut):
    message = "Your access was changed by an admin. Please sign in again."


class ShiftOver(SignedOut):
    message = "You were signed out (a sign-out or a quiet spell). Please sign in again."


class RoleNeeded(NotAllowed):
    """The member is still signed in, but the call needs a role they do not hold (now)."""

    def __init__(self, need: Need, changed: bool):
        roles = " or ".join(sorted(role.label for role in NEEDS[need]))
        if changed:
            super().__init__("Your access was changed by an admin: this needs the {roles} role.", roles=roles)
        else:
            super().__init__("This needs the {roles} role. Please ask an admin.", roles=roles)
        self.need = need


@dataclass(frozen=True)
class Authority:
    """What the database says now about the member at work: the only thing services believe."""

    therapist_id: int
    name: str
    location_id: int
    location_slug: str
    location_name: str
    medical_trained: bool
    roles: frozenset[Role]
    sign_in_id: int
    shift_id: int | None = None  # their live shift at this location, if they started one
    room: str = ""  # ...and its room
    seen_at: datetime | None = None  # ...and its last heartbeat (kiosk_core.staff.shifts)

    def may(self, need: Need) -> bool:
        return allowed(self.roles, need)


def authority(session: Session, member: StaffMember | None, needs: Need | None = None) -> Authority:
    """The member's authority now, in one read of the caller's unit of work; SignedOut (or a
    subclass saying why) when the sign-in no longer holds, RoleNeeded when `needs` is not granted."""
    if not isinstance(member, StaffMember) or member.sign_in_id is None:
        raise SignedOut()
    shift_here = (
        (Shift.therapist_id == SignIn.therapist_id)
        & (Shift.location_id == SignIn.location_id)
        & live(stale_before(utcnow()))
    )
    found = session.exec(
        select(SignIn, Therapist, Location, TherapistLocation.location_id, Shift)
        .join(Therapist, Therapist.id == SignIn.therapist_id)
        .join(Location, Location.id == SignIn.location_id)
        .join(
            TherapistLocation,
            (TherapistLocation.therapist_id == SignIn.therapist_id)
            & (TherapistLocation.location_id == SignIn.location_id),
            isouter=True,
        )
        .join(Shift, shift_here, isouter=True)
        .where(SignIn.id == member.sign_in_id, SignIn.therapist_id == member.therapist_id)
    ).first()
    if found is None:
        raise SignedOut()  # not a sign-in of this member: an object the caller made up
    signed, therapist, location, serves, shift = found
    if not therapist.active or serves is None:
        raise AccessChanged()
    if signed.ended_at is not None:
        raise ShiftOver()
    roles = grants_of(therapist)
    if needs is not None and not allowed(roles, needs):
        # The sign-in's own flag only chooses the words: an admin demoted since is told why.
        raise RoleNeeded(needs, changed=member.is_admin and Role.ADMIN in NEEDS[needs])
    return Authority(
        therapist_id=therapist.id,
        name=therapist.name,
        location_id=location.id,
        location_slug=location.slug,
        location_name=location.name,
        medical_trained=therapist.medical_trained,
        roles=roles,
        sign_in_id=signed.id,
        shift_id=shift.id if shift else None,
        room=shift.room if shift else "",
        seen_at=shift.seen_at if shift else None,
    )
