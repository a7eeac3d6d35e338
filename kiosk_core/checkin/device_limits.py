"""Who may check in, register or look up a lost card without a limit: an enrolled lobby tablet
(kiosk_core.checkin.tablets), and nobody else. Every other browser is a phone, whatever its
address says, and is counted per kind of request: per phone (the random id its browser keeps),
per network address (a phone that clears its cookie is still the same address), and only then
against the location's ceiling, so one source that floods is refused long before the phones of
other clients are, and the lobby tablet never is.

`admit` runs in the caller's write transaction: a refused request rolls back and counts for
nothing (kiosk_core.checkin.rate_limit). The identity work's "Forgot your card?" lookup calls it
with Kind.LOOKUP.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session

from kiosk_core.checkin import rate_limit, tablets
from kiosk_core.config import settings
from kiosk_core.errors import KioskError
from kiosk_core.i18n import N_


class Kind(StrEnum):
    CHECK_IN = "check_in"
    REGISTER = "register"
    LOOKUP = "lookup"  # "Forgot your card?"


class TooManyFromPhones(KioskError):
    message = N_(
        "Lots of check-ins from phones right now. Please use the tablet in the lobby, or try again in a minute."
    )


@dataclass(frozen=True)
class Device:
    """A browser as it presents itself: the tablet token in its address ("" for none), the random
    id a phone's browser keeps, and the network address the server sees ("" if unknown)."""

    tablet_token: str = ""
    phone_id: str = ""
    address: str = ""


def _digest(text: str) -> str:
    # Hashed: the counts need to tell phones apart, not to keep what identifies one.
    return hashlib.sha256(text.encode()).hexdigest()[:40]


def limits(kind: Kind, location_slug: str, device: Device) -> list[tuple[str, int]]:
    """The phone first, then its address, then the location: a source past its own limit never
    uses up the location's."""
    keys = [(f"{kind}:phone:{_digest(device.phone_id)}", settings.phone_checkins_per_device)]
    if device.address:
        keys.append((f"{kind}:addr:{_digest(device.address)}", settings.phone_checkins_per_address))
    keys.append((f"{kind}:at:{location_slug}", settings.phone_checkins_per_location))
    return keys


def admit(*, session: Session, kind: Kind, location_id: int, location_slug: str, device: Device, now: datetime) -> bool:
    """True for an enrolled tablet of this location (its last use noted; never limited); False
    for a phone, counted, or TooManyFromPhones past any of its limits (roll the transaction back)."""
    tablet = tablets.valid_tablet(session=session, token=device.tablet_token, location_id=location_id)
    if tablet is not None:
        tablet.last_used_at = now
        session.add(tablet)
        return True
    if not device.phone_id:
        raise TooManyFromPhones()  # a phone page always has one: a request without one is no phone's
    try:
        rate_limit.take(session=session, limits=limits(kind, location_slug, device), now=now)
    except rate_limit.LimitReached as error:
        raise TooManyFromPhones() from error
    return False
