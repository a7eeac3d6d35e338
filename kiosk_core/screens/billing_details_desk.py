"""What the chart's "Details for claims" and the admin page's credentials ask of the core: a
client's date of birth and address (a therapist where the client has been seen; the read and
every change audited), a therapist's credentials and NPI (an admin; audited)."""

from datetime import date, datetime

from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.models import AuditEvent, utcnow
from kiosk_core.records import billing_details
from kiosk_core.records.billing_details import ClientDetails
from kiosk_core.screens.admin_desk import as_admin
from kiosk_core.staff.admin_duty import Desk, audit
from kiosk_core.staff.client_access import seen_here
from kiosk_core.staff.on_duty import on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember


def _audited(session, who, action: str, client_id: int, location_id: int, detail: str) -> None:
    db.begin_writes(session)
    at = {"therapist_id": who.therapist_id, "location_id": location_id, "client_id": client_id}
    session.add(AuditEvent(action=action, detail=detail, **at))


def client_details(*, member: StaffMember, client_id: int) -> ClientDetails:
    """The client's date of birth and address, for the chart's form (the read audited)."""

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        location_id = seen_here(session, who, client_id)
        details = billing_details.client_details(session, client_id)
        _audited(session, who, "view_client_details", client_id, location_id, "birth date, address")
        return details

    return db.run_write(work)


def save_client_details(
    *, member: StaffMember, client_id: int, birth_date: date | None, address: str, now: datetime | None = None
) -> list[str]:
    """Store them (InvalidInput names the field to fix); returns what changed, audited by name only."""
    today = clinic_day(now or utcnow())

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        location_id = seen_here(session, who, client_id)
        db.begin_writes(session)
        details = ClientDetails(birth_date, address)
        changed = billing_details.save_client_details(session, client_id, details, today)
        if changed:
            _audited(session, who, "client_details", client_id, location_id, ", ".join(changed))
        return changed

    return db.run_write(work)


def set_therapist_identity(*, member: StaffMember | None, therapist_id: int, credentials: str, npi: str) -> list[str]:
    """An admin sets a therapist's credentials and NPI as claims print them."""

    def work(session, desk: Desk):
        changed = billing_details.save_therapist_identity(session, therapist_id, credentials, npi)
        if changed:
            audit(session, desk, "therapist_identity", f"therapist {therapist_id}: {', '.join(changed)}")
        return changed

    return as_admin(member, work)
