"""Whose record a member may open: a client seen at the member's location (a visit there, on any
day). The one rule the chart, the notes, the paperwork and the client's details are read by."""

from sqlmodel import Session, select

from kiosk_core.errors import NotAllowed
from kiosk_core.i18n import N_
from kiosk_core.models import Visit
from kiosk_core.staff.authority import Authority


def seen_here(session: Session, who: Authority, client_id: int) -> int:
    """The member's location id, if the client has been seen there; NotAllowed otherwise."""
    seen = session.exec(
        select(Visit.id).where(Visit.client_id == client_id, Visit.location_id == who.location_id).limit(1)
    ).first()
    if seen is None:
        raise NotAllowed(N_("This client hasn't been seen at this location."))
    return who.location_id
