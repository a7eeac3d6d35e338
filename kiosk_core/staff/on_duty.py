"""The floor under every staff call: the member's authority read afresh in the call's own unit
of work (kiosk_core.staff.authority), and an audit row for each read of health data. Shared by
kiosk_core.screens.staff_desk and kiosk_core.screens.queue_board."""

from sqlmodel import Session

from kiosk_core import db
from kiosk_core.models import AuditEvent
from kiosk_core.staff.authority import Authority, authority
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember

__all__ = ["Authority", "audit_read", "on_duty"]


def on_duty(session: Session, member: StaffMember | None, needs: Need) -> Authority:
    """The member's authority for `needs`, now, in `session` (the read or write it allows)."""
    return authority(session, member, needs)


def audit_read(session: Session, who: Authority, action: str, detail: str) -> None:
    """Record a read of health data in the unit of work that read it, after the read and before
    anything is returned: what wasn't recorded is never shown."""
    db.begin_writes(session)
    session.add(AuditEvent(action=action, therapist_id=who.therapist_id, location_id=who.location_id, detail=detail))
