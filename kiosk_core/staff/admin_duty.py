"""The floor under every admin call: the admin checked afresh in the database, and the audit
row of what they did. Shared by kiosk_core.screens.admin_desk and kiosk_core.screens.lost_card_desk.

Staff screens are in English, so these messages are not marked for translation.
"""

from dataclasses import dataclass

from sqlmodel import Session

from kiosk_core.errors import KioskError
from kiosk_core.models import AuditEvent
from kiosk_core.staff.authority import authority
from kiosk_core.staff.roles import Need
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
    """The member at work (an admin, or the front desk for a lost card) and where, for the audit rows."""

    admin_id: int
    location_id: int


def signed_in_admin(session: Session, member: StaffMember | None, need: Need = Need.ACCOUNTS) -> Desk:
    """The member at work, allowed `need` (an admin's by default), asked in the database on
    every call (kiosk_core.staff.authority): SignedOut or RoleNeeded otherwise."""
    who = authority(session, member, need)
    return Desk(admin_id=who.therapist_id, location_id=who.location_id)


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
