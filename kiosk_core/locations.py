"""The clinic's locations as rows: kept as the clinic file names them, found by the slug a screen's
address carries."""

from sqlmodel import Session, select

from kiosk_core.config import ClinicConfig
from kiosk_core.errors import NotFound
from kiosk_core.models import Location


def location_by_slug(session: Session, slug: str) -> Location:
    location = session.exec(select(Location).where(Location.slug == slug)).first()
    if location is None:
        raise NotFound("This screen isn't set up for a clinic location. Please ask at the front desk.")
    return location


def sync_locations(*, session: Session, clinic: ClinicConfig) -> list[Location]:
    """Make the location rows match the clinic file (by slug); rows are never deleted, visits point at them."""
    existing = {loc.slug: loc for loc in session.exec(select(Location))}
    for configured in clinic.locations:
        row = existing.get(configured.slug) or Location(slug=configured.slug, name="")
        row.name, row.address = configured.name, configured.address
        session.add(row)
    session.flush()
    return list(session.exec(select(Location).order_by(Location.id)))
