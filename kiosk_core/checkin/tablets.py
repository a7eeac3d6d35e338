"""Lobby tablets an admin enrolled: the only browsers that check clients in without a limit.

Enrolling gives a tablet a long random token (256 bits, `secrets`) that it keeps in the address
it stays on (`/?location=SLUG&tablet=TOKEN`, opened once in kiosk mode). The database keeps only
the token's SHA-256, the one location it serves, who enrolled it, its last use and, once revoked,
when. A browser without a valid token for its location is a phone, whatever its address says
(kiosk_core.checkin.device_limits).
"""

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from kiosk_core.errors import InvalidInput, NotFound
from kiosk_core.models import Location, Tablet

TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")  # token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Enrolled:
    tablet_id: int
    token: str  # shown once, in the address to open on the tablet; never stored


@dataclass(frozen=True)
class TabletRow:
    tablet_id: int
    name: str
    location_slug: str
    enrolled_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def enrol(*, session: Session, name: str, location_slug: str, by: int | None, now: datetime) -> Enrolled:
    """A new lobby tablet at `location_slug`, enrolled by member `by` (None: the command line)."""
    name = " ".join((name or "").split())
    if not 1 <= len(name) <= 60:
        raise InvalidInput("A tablet's name is 1 to 60 characters, e.g. “Front desk tablet”.")
    location = session.exec(select(Location).where(Location.slug == location_slug)).first()
    if location is None:
        raise NotFound(f"No location {location_slug!r}.")
    token = secrets.token_urlsafe(32)
    tablet = Tablet(name=name, location_id=location.id, token_hash=token_hash(token), enrolled_at=now, enrolled_by=by)
    session.add(tablet)
    session.flush()
    return Enrolled(tablet.id, token)


def valid_tablet(*, session: Session, token: str, location_id: int) -> Tablet | None:
    """The enrolled, unrevoked tablet holding `token` at this location, or None (a phone)."""
    if not isinstance(token, str) or TOKEN_PATTERN.fullmatch(token) is None:
        return None
    tablet = session.exec(select(Tablet).where(Tablet.token_hash == token_hash(token))).first()
    if tablet is None or tablet.revoked_at is not None or tablet.location_id != location_id:
        return None
    # The lookup was by the hash's index; compare again in constant time all the same.
    return tablet if hmac.compare_digest(tablet.token_hash, token_hash(token)) else None


def revoke(*, session: Session, tablet_id: int, now: datetime) -> Tablet:
    tablet = session.get(Tablet, tablet_id, with_for_update=True)
    if tablet is None:
        raise NotFound("That tablet isn't on the list.")
    if tablet.revoked_at is None:
        tablet.revoked_at = now
        session.add(tablet)
    return tablet


def revoke_named(*, session: Session, name: str, location_slug: str, now: datetime) -> int:
    """Revoke every unrevoked tablet of that name at that location (the demo's, before new ones)."""
    rows = session.exec(
        select(Tablet)
        .join(Location, Location.id == Tablet.location_id)
        .where(Tablet.name == name, Location.slug == location_slug, Tablet.revoked_at.is_(None))
    ).all()
    for tablet in rows:
        tablet.revoked_at = now
        session.add(tablet)
    return len(rows)


def tablet_rows(*, session: Session) -> list[TabletRow]:
    """Every tablet ever enrolled, the ones in use first, with their last use."""
    rows = session.exec(
        select(Tablet, Location.slug)
        .join(Location, Location.id == Tablet.location_id)
        .order_by(Tablet.revoked_at.is_not(None), Location.slug, Tablet.name, Tablet.id)
    ).all()
    return [TabletRow(t.id, t.name, slug, t.enrolled_at, t.last_used_at, t.revoked_at) for t, slug in rows]
