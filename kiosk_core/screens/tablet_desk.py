"""The admin screen's lobby tablets: enrol one (its token shown once), list them with their last
use, revoke one. Admins only, checked afresh on every call; every change is audited (never the
token)."""

from dataclasses import dataclass

from sqlmodel import Session

from kiosk_core.checkin import tablets
from kiosk_core.models import Location, utcnow
from kiosk_core.screens.admin_desk import as_admin
from kiosk_core.staff.admin_duty import Desk, audit
from kiosk_core.staff.therapists import StaffMember

TabletRow = tablets.TabletRow


@dataclass(frozen=True)
class NewTablet:
    name: str
    location_slug: str
    token: str  # for the address to open once on the tablet; nowhere else


def enrol_tablet(*, member: StaffMember | None, name: str, location_slug: str) -> NewTablet:
    def work(session: Session, desk: Desk) -> NewTablet:
        enrolled = tablets.enrol(
            session=session, name=name, location_slug=location_slug, by=desk.admin_id, now=utcnow()
        )
        audit(session, desk, "enrol_tablet", f"{' '.join(name.split())} at {location_slug} (#{enrolled.tablet_id})")
        return NewTablet(" ".join(name.split()), location_slug, enrolled.token)

    return as_admin(member, work)


def tablet_list(*, member: StaffMember | None) -> list[TabletRow]:
    return as_admin(member, lambda session, desk: tablets.tablet_rows(session=session))


def revoke_tablet(*, member: StaffMember | None, tablet_id: int) -> str:
    def work(session: Session, desk: Desk) -> str:
        tablet = tablets.revoke(session=session, tablet_id=tablet_id, now=utcnow())
        where = session.get(Location, tablet.location_id)
        audit(session, desk, "revoke_tablet", f"{tablet.name} at {where.slug} (#{tablet.id})")
        return f"{tablet.name} at {where.name} is revoked: it is a phone from now on."

    return as_admin(member, work)
