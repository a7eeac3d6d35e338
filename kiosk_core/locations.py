"""The clinic's locations as rows: found by the slug a screen's address carries."""

from sqlmodel import Session, select

from kiosk_core.errors import NotFound
from kiosk_core.models import Location


def location_by_slug(session: Session, slug: str) -> Location:
    location = session.exec(select(Location).where(Location.slug == slug)).first()
    if location is None:
        raise NotFound("This screen isn't set up for a clinic location. Please ask at the front desk.")
    return location
