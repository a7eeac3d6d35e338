"""The floor under every staff call: a signed-in member, and an audit row for each read of
health data. Shared by kiosk_core.screens.staff_desk and kiosk_core.screens.queue_board."""

from sqlmodel import Session

from kiosk_core import db
from kiosk_core.errors import NotAllowed
from kiosk_core.locations import location_by_slug
from kiosk_core.models import AuditEvent
from kiosk_core.staff.therapists import StaffMember


def on_duty(member: StaffMember | None) -> StaffMember:
    """The screens check the sign-in on every run; this is the floor under that check."""
    if not isinstance(member, StaffMember):
        raise NotAllowed("Please sign in again.")
    return member


def audit_read(session: Session, member: StaffMember, action: str, detail: str) -> None:
    """Record a read of health data in the unit of work that read it, after the read and before
    anything is returned: what wasn't recorded is never shown."""
    db.begin_writes(session)
    location = location_by_slug(session, member.location_slug)
    session.add(AuditEvent(action=action, therapist_id=member.therapist_id, location_id=location.id, detail=detail))
