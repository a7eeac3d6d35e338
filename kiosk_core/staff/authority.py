"""Who may read or act now: the database's current truth about a signed-in member, read in the
same unit of work as the read or the action it allows.

A screen holds a `StaffMember` made at sign-in; the core takes from it only the ids it issued
(the therapist and the shift that sign-in started) and reads everything else again: still
active, still granted the role the call needs, still serving the location, and still on that
shift (a later sign-in elsewhere, a sign-out or the day's end closes it). Whatever else the
object says (its name, its admin flag, its training) is never believed. An admin's change
therefore reaches every open screen at its next read: the board's 2-second refresh, or the next
tap elsewhere.

Staff screens are in English, so these messages are not marked for translation.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from kiosk_core.errors import NotAllowed
from kiosk_core.models import Location, Shift, Therapist, TherapistLocation
from kiosk_core.staff.roles import NEEDS, Need, Role, allowed, grants_of
from kiosk_core.staff.therapists import StaffMember


class SignedOut(NotAllowed):
    """This screen's sign-in no longer holds: the screen signs out and says why."""

    message = "Please sign in again."


class AccessChanged(SignedOut):
    message = "Your access was changed by an admin. Please sign in again."


class ShiftMoved(SignedOut):
    message = "You signed in on another screen, so this one is signed out. Please sign in again here if you work here."


class ShiftOver(SignedOut):
    message = "Your shift has ended (a sign-out or the end of the clinic day). Please sign in again."


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
    shift_id: int
    room: str

    def may(self, need: Need) -> bool:
        return allowed(self.roles, need)


# The member still serves the shift's location (an admin may have taken it away since).
_serves = (TherapistLocation.therapist_id == Shift.therapist_id) & (TherapistLocation.location_id == Shift.location_id)


def authority(session: Session, member: StaffMember | None, needs: Need | None = None) -> Authority:
    """The member's authority now, in one read of the caller's unit of work; SignedOut (or a
    subclass saying why) when the sign-in no longer holds, RoleNeeded when `needs` is not granted."""
    if not isinstance(member, StaffMember) or member.shift_id is None:
        raise SignedOut()
    found = session.exec(
        select(Shift, Therapist, Location, TherapistLocation.location_id)
        .join(Therapist, Therapist.id == Shift.therapist_id)
        .join(Location, Location.id == Shift.location_id)
        .join(
            TherapistLocation,
            (TherapistLocation.therapist_id == Shift.therapist_id)
            & (TherapistLocation.location_id == Shift.location_id),
            isouter=True,
        )
        .where(Shift.id == member.shift_id, Shift.therapist_id == member.therapist_id)
    ).first()
    if found is None:
        raise SignedOut()  # not a shift this member's sign-in started: an object the caller made up
    shift, therapist, location, serves = found
    if not therapist.active or serves is None:
        raise AccessChanged()
    if shift.ended_at is not None:
        raise ShiftMoved() if shift.end_reason == "next_sign_in" else ShiftOver()
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
        shift_id=shift.id,
        room=shift.room,
    )
