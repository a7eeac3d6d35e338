"""What the tablet and the client's phone ask of the core for "Forgot your card?": who a client
is from their name and the phone number or e-mail they registered with, in one unit of work.

Every lookup is counted, found or not, in the database, so nobody can try numbers to learn whose
they are: a phone as every request from a phone is (kiosk_core.checkin.device_limits, Kind.LOOKUP:
per phone, per network address, per location), an enrolled tablet per location's tablets, and
every lookup at a location against its ceiling. The count and the lookup are one transaction: a
refused lookup changes nothing, and one that finds nobody is counted all the same (its error is
raised after the commit).
"""

from datetime import datetime

from sqlmodel import Session

from kiosk_core import db
from kiosk_core.checkin import rate_limit
from kiosk_core.clients.recognition import Recognised, lookup_details, recognise
from kiosk_core.config import ClinicConfig, settings
from kiosk_core.errors import KioskError
from kiosk_core.i18n import N_
from kiosk_core.models import utcnow
from kiosk_core.screens import own_phone
from kiosk_core.screens.own_phone import Device, Kind


class TooManyLookups(KioskError):
    message = N_("Too many tries for now. Please ask at the front desk, or try again in a minute.")


def tablet_limits(location_slug: str) -> list[tuple[str, int]]:
    """An enrolled tablet's lookups: the location's tablets together, then the location's ceiling."""
    return [
        (f"lookup:tablets:{location_slug}", settings.card_lookups_per_device),
        (f"lookups-at:{location_slug}", settings.card_lookups_per_location),
    ]


def find_without_card(
    form: dict,
    *,
    clinic: ClinicConfig,
    location_slug: str,
    device: Device,
    first_name_again: str = "",
    now: datetime | None = None,
) -> Recognised:
    """The registered client this name and phone number or e-mail belong to. InvalidInput for a
    field to fix (nothing counted), TooManyLookups (or own_phone.TooManyFromPhones from a phone),
    NotRecognised (the same words whether or not the number is known), AskFirstName / AskAtDesk
    when several people fit."""
    details = lookup_details(form, phone_region=clinic.clinic.phone_region)
    now = now or utcnow()

    def work(session: Session) -> Recognised | KioskError:
        db.begin_writes(session)
        where = {"location_slug": location_slug, "device": device, "session": session, "now": now}
        if own_phone.allow(kind=Kind.LOOKUP, **where):  # an enrolled tablet: its own count
            try:
                rate_limit.take(session=session, limits=tablet_limits(location_slug), now=now)
            except rate_limit.LimitReached as error:
                raise TooManyLookups() from error
        try:
            return recognise(session=session, client=details, first_name_again=first_name_again)
        except KioskError as error:
            return error  # kept: the count stands

    found = db.run_write(work)
    if isinstance(found, KioskError):
        raise found
    return found
