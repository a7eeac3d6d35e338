"""Check-in and registration from the lobby tablet or a client's own phone (the code on the
lobby poster), and the live ticket on the phone. Only an enrolled tablet is unlimited; any other
browser is a phone, limited per phone, per address and per location a minute
(kiosk_core.checkin.device_limits), whatever its address says. Counts are in the database,
shared by every server.
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from kiosk_core import db
from kiosk_core.checkin import device_limits, tablets, ticket_links
from kiosk_core.checkin.check_in import Ticket
from kiosk_core.checkin.device_limits import Device, Kind, TooManyFromPhones  # noqa: F401  (offered from here)
from kiosk_core.config import ClinicConfig
from kiosk_core.locations import location_by_slug
from kiosk_core.models import utcnow
from kiosk_core.screens import tablet


def allow(
    *,
    kind: Kind,
    location_slug: str,
    device: Device,
    now: datetime | None = None,
    engine: sa.Engine | None = None,
    session: Session | None = None,
) -> bool:
    """Admit one request of `kind` from this browser at this location: True for an enrolled
    tablet, False for a phone (counted), TooManyFromPhones past a phone's limits. In `session` (a
    write transaction) if given, else in a unit of work of its own: the identity work's "Forgot
    your card?" calls this with Kind.LOOKUP before its lookup."""
    now = now or utcnow()

    def work(session: Session) -> bool:
        location = location_by_slug(session, location_slug)
        where = {"location_id": location.id, "location_slug": location_slug}
        return device_limits.admit(session=session, kind=kind, device=device, now=now, **where)

    if session is not None:
        return work(session)

    def unit(session: Session) -> bool:
        db.begin_writes(session)
        return work(session)

    return db.run_write(unit, engine=engine)


def is_tablet(*, location_slug: str, device: Device, engine: sa.Engine | None = None) -> bool:
    """Whether this browser is an enrolled tablet of this location (for the screen's manners:
    idle times, focus); every request is admitted again by `allow`, which alone decides."""

    def read(session: Session) -> bool:
        location = location_by_slug(session, location_slug)
        return tablets.valid_tablet(session=session, token=device.tablet_token, location_id=location.id) is not None

    return db.run_read(read, engine=engine)


def check_in(*, device: Device, **check_in) -> Ticket:
    """The check-in (tablet.check_in_client's arguments) from the lobby tablet or a phone,
    admitted first (a phone is counted against its limits). Answers that need fixing are said
    before anything is counted; a refused check-in keeps every answer."""
    check_in["draft"].intake()  # InvalidInput sends the client back to the step, as on the tablet
    allow(kind=Kind.CHECK_IN, location_slug=check_in["location_slug"], device=device)
    return tablet.check_in_client(**check_in)


def register(form: dict[str, Any], *, device: Device, location_slug: str, **registration):
    """A first visit's registration (tablet.register_walk_in's arguments) from the lobby tablet
    or a phone, admitted first; a returning client is recognised, as there."""
    allow(kind=Kind.REGISTER, location_slug=location_slug, device=device)
    return tablet.register_walk_in(form, **registration)


def live_ticket(
    token: str, *, clinic: ClinicConfig, now: datetime | None = None, engine: sa.Engine | None = None
) -> ticket_links.LiveTicket:
    """The live ticket behind a link, in one short read (the phone page asks every few seconds).
    A garbled token is refused before the database is asked."""
    ticket_links.parse_token(token)
    return db.run_read(
        lambda session: ticket_links.live_ticket(session=session, clinic=clinic, token=token, now=now), engine=engine
    )
