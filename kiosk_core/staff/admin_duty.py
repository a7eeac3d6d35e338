"""The floor under every admin call: the admin checked afresh in the database, and the audit
row of what they did. Shared by kiosk_core.screens.admin_desk and kiosk_core.screens.lost_card_desk.

Staff screens are in English, so these messages are not marked for translation.
"""

from dataclasses import dataclass

from sqlmodel import Session, select

from kiosk_core.errors import KioskError
from kiosk_core.models import AuditEvent, Location, Therapist
from kiosk_core.staff.therapists import StaffMember


class AdminError(KioskError):
    message = "That can't be done here."


class AdminsOnly(AdminError):
    message = "Only admins can use this page."


class LastAdmin(AdminError):
    message = "The clinic needs at least one active admin. Make someone else an admin first."


class NotYourself(AdminError):
    message = "You can't deactivate yourself. Please ask another admin."


class PinsDiffer(AdminError):
    message = "The two PINs differ. Please type the new PIN twice."


class BadEntry(AdminError):
    message = "Please check what you typed."


class NoSuchTherapist(AdminError):
    message = "That therapist isn't on the list. Please choose again."


@dataclass(frozen=True)
class Desk:
    """The admin at work and where, for the audit rows."""

    admin_id: int
    location_id: int


def signed_in_admin(session: Session, member: StaffMember | None) -> Desk:
    """The admin at work, or AdminsOnly: asked in the database on every call."""
    if not isinstance(member, StaffMember):
        raise AdminsOnly()
    me = session.get(Therapist, member.therapist_id)
    location = session.exec(select(Location).where(Location.slug == member.location_slug)).first()
    if me is None or not me.active or not me.is_admin or location is None:
        raise AdminsOnly()
    return Desk(admin_id=me.id, location_id=location.id)


def audit(session: Session, desk: Desk, action: str, detail: str, client_id: int | None = None) -> None:
    """An admin's action or read: who, where and what, in the same unit of work as the action."""
    session.add(
        AuditEvent(
            action=action,
            therapist_id=desk.admin_id,
            location_id=desk.location_id,
            client_id=client_id,
            detail=detail[:1000],
        )
    )
