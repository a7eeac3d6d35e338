"""Check-in from the client's own phone (the code on the lobby poster): the tablet's journey and
queue, with a limit on how many check-ins phones may make, per phone and per location, a minute.

A phone is known by a random id its browser keeps (a cookie): clearing it gets a new one, so the
per-location limit is the one nobody gets around. Counts are in the database (kiosk_core.checkin.rate_limit),
shared by every server.
"""

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from kiosk_core import db
from kiosk_core.care.outcomes import OutcomeAsk
from kiosk_core.checkin import rate_limit, ticket_links
from kiosk_core.checkin.check_in import Ticket
from kiosk_core.config import ClinicConfig, settings
from kiosk_core.errors import KioskError
from kiosk_core.i18n import N_
from kiosk_core.intake.draft import Draft
from kiosk_core.models import utcnow
from kiosk_core.screens import tablet


class TooManyFromPhones(KioskError):
    message = N_(
        "Lots of check-ins from phones right now. Please use the tablet in the lobby, or try again in a minute."
    )


def device_key(device_id: str) -> str:
    # Hashed: the count needs to tell phones apart, not to keep what identifies one.
    return "phone:" + hashlib.sha256(device_id.encode()).hexdigest()[:40]


def location_key(location_slug: str) -> str:
    return f"phones-at:{location_slug}"


def limits(location_slug: str, device_id: str) -> list[tuple[str, int]]:
    """The phone first: a phone past its own limit never uses up the location's."""
    return [
        (device_key(device_id), settings.phone_checkins_per_device),
        (location_key(location_slug), settings.phone_checkins_per_location),
    ]


def allow_check_in(
    *, location_slug: str, device_id: str, now: datetime | None = None, engine=None, session: Session | None = None
) -> None:
    """Count one check-in from this phone at this location, or refuse it (TooManyFromPhones)
    when either has had its share this minute. In `session` (a write transaction) if given,
    else in a unit of work of its own."""
    if not device_id:
        raise TooManyFromPhones()  # a phone page always has one; a request without one is no phone's
    now = now or utcnow()

    def work(session: Session) -> None:
        try:
            rate_limit.take(session=session, limits=limits(location_slug, device_id), now=now)
        except rate_limit.LimitReached as error:
            raise TooManyFromPhones() from error

    if session is not None:
        work(session)
        return

    def unit(session: Session) -> None:
        db.begin_writes(session)
        work(session)

    db.run_write(unit, engine=engine)


def check_in_from_phone(
    *, clinic: ClinicConfig, location_slug: str, client_id: int, draft: Draft, device_id: str, language: str = "en",
    outcomes: OutcomeAsk | None = None,
) -> Ticket:  # fmt: skip
    """The tablet's check-in, counted against the phones' limits first. Answers that need fixing
    are said before anything is counted; a refused check-in keeps every answer."""
    draft.intake()  # InvalidInput sends the client back to the step, as on the tablet
    allow_check_in(location_slug=location_slug, device_id=device_id)
    return tablet.check_in_client(
        clinic=clinic, location_slug=location_slug, client_id=client_id, draft=draft, language=language,
        outcomes=outcomes,
    )  # fmt: skip


def live_ticket(
    token: str, *, clinic: ClinicConfig, now: datetime | None = None, engine: sa.Engine | None = None
) -> ticket_links.LiveTicket:
    """The live ticket behind a link, in one short read (the phone page asks every few seconds).
    A garbled token is refused before the database is asked."""
    ticket_links.parse_token(token)
    return db.run_read(
        lambda session: ticket_links.live_ticket(session=session, clinic=clinic, token=token, now=now), engine=engine
    )
