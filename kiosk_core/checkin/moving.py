"""One open visit per client and clinic day, across locations: a client who checks in at a
second location is told where they already are, and can move the visit here in one tap."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from kiosk_core.clock import clinic_day
from kiosk_core.errors import KioskError
from kiosk_core.i18n import N_
from kiosk_core.models import AuditEvent, Location, Visit
from kiosk_core.vocabulary import OPEN_STATUSES, VisitStatus


class CheckedInElsewhere(KioskError):
    message = N_("You're already checked in at {location} today, with ticket {ticket}. Please ask at the front desk.")


@dataclass(frozen=True)
class OpenElsewhere:
    visit_id: int
    location_name: str
    ticket_code: str


def open_elsewhere(*, session: Session, client_id: int, location_slug: str, now: datetime) -> OpenElsewhere | None:
    """The client's open visit today at another location, if any."""
    row = session.exec(
        select(Visit.id, Location.name, Visit.ticket_code)
        .join(Location, Location.id == Visit.location_id)
        .where(
            Visit.client_id == client_id,
            Visit.clinic_day == clinic_day(now),
            Visit.status.in_(OPEN_STATUSES),
            Location.slug != location_slug,
        )
    ).first()
    return OpenElsewhere(*row) if row else None


def elsewhere(session: Session, open_visit_id: int, location_id: int) -> None:
    """Refuse a check-in here while the client's visit today is open at another location."""
    visit = session.get(Visit, open_visit_id)
    if visit.location_id != location_id:
        location = session.get(Location, visit.location_id)
        raise CheckedInElsewhere(location=location.name, ticket=visit.ticket_code)


def close_as_moved(session: Session, visit: Visit, *, to_location: Location, now: datetime) -> None:
    """The old visit ends as moved (never a no-show or a cancel), audited where it was."""
    visit.status = VisitStatus.MOVED
    visit.therapist_id = None
    session.add(visit)
    where = {"location_id": visit.location_id, "client_id": visit.client_id, "visit_id": visit.id}
    session.add(AuditEvent(at=now, action="moved_out", detail=f"to {to_location.slug}", **where))
    session.flush()  # the open-visit index must see it closed before the new visit is written
