"""The ticket on the client's phone: a link made at check-in that opens a live page for that
visit, with no app and no sign-in.

The link carries a random token of 100 bits (20 lower-case base32 characters, easy to type from
the short address); the database keeps only its SHA-256, so a copy of the database opens no
ticket. A link is good until the end of the visit's clinic day, and shows only the ticket, the
queue, the client's first name, the place in line, the wait and, once called, where to go.
"""

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from sqlmodel import Session, select

from kiosk_core.clock import day_start
from kiosk_core.config import ClinicConfig
from kiosk_core.errors import KioskError
from kiosk_core.i18n import N_
from kiosk_core.models import Client, Therapist, TicketLink, Visit, utcnow
from kiosk_core.staff.shifts import WhereToGo, where_to_go
from kiosk_core.vocabulary import OPEN_STATUSES, Queue, VisitStatus
from kiosk_core.waits.estimate import WaitEstimate
from kiosk_core.waits.place_in_line import place_in_queue

ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"  # RFC 4648 base32, lower case: no 0/O or 1/I/l to mix up
TOKEN_LENGTH = 20
TOKEN_BITS = 5 * TOKEN_LENGTH  # 100 random bits: guessing one live link among a day's is hopeless
_MAX_TYPED = 100  # anything longer is not one of our links: refused before any work
_SEPARATORS = str.maketrans("", "", " -._")


class LinkError(KioskError):
    """A ticket link that opens nothing; the message is calm and safe to show anyone."""


class GarbledLink(LinkError):
    message = N_("This link looks incomplete. Please scan the code on your ticket again, or ask at the front desk.")


class UnknownLink(LinkError):
    message = N_("We couldn't find this ticket. Please ask at the front desk.")


class ExpiredLink(LinkError):
    message = N_("This ticket was for an earlier day. Please check in again at the front desk.")


def new_token() -> str:
    """A fresh token from the operating system's random source. Put it in a link; keep only its hash."""
    number = secrets.randbits(TOKEN_BITS)
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(TOKEN_LENGTH))


def parse_token(raw: object) -> str:
    """The canonical token from what came in the address: case, spaces and dashes forgiven;
    GarbledLink for anything that can't be one of ours."""
    if not isinstance(raw, str) or len(raw) > _MAX_TYPED:
        raise GarbledLink()
    token = raw.strip().lower().translate(_SEPARATORS)
    if len(token) != TOKEN_LENGTH or not set(token) <= set(ALPHABET):
        raise GarbledLink()
    return token


def token_hash(token: str) -> str:
    # 100 random bits can't be guessed, so a plain SHA-256 is enough: no salt, no stretching.
    return hashlib.sha256(token.encode()).hexdigest()


def link_expiry(day: date, tz: ZoneInfo | None = None) -> datetime:
    """The end of a clinic day (the next day's first instant, in UTC): 23 or 25 hours after its
    start on the days the clocks change."""
    return day_start(day + timedelta(days=1), tz)


def issue_link(*, session: Session, visit_id: int, day: date) -> str:
    """A new link to the visit's live ticket, in the caller's write transaction; returns the token."""
    token = new_token()
    session.add(TicketLink(visit_id=visit_id, token_hash=token_hash(token), expires_at=link_expiry(day)))
    session.flush()
    return token


@dataclass(frozen=True)
class LiveTicket:
    """What the phone page shows: nothing more than the ticket on the tablet said, and where to go."""

    ticket_code: str
    first_name: str  # "" once the visit has ended
    language: str  # the client's, from the check-in
    queue: Queue
    queue_label: str
    state: str  # waiting, called, with_therapist, finished or closed
    position: int | None  # 1 = next, while waiting
    wait: WaitEstimate | None  # while waiting (kiosk_core.waits.place_in_line.place_in_queue)
    room: str  # where a called client goes ("" where the location has no rooms)
    therapist_first_name: str  # who called them, when there is no room to name


_STATES = {
    VisitStatus.WAITING: "waiting",
    VisitStatus.CALLED: "called",
    VisitStatus.IN_SESSION: "with_therapist",
    VisitStatus.PAUSED: "with_therapist",
    VisitStatus.DONE: "finished",
}


def live_ticket(*, session: Session, clinic: ClinicConfig, token: str, now: datetime | None = None) -> LiveTicket:
    """The visit behind a link, as it stands now. LinkError when the link opens nothing."""
    now = now or utcnow()
    found = session.exec(
        select(TicketLink.expires_at, Visit, Client.first_name, Therapist.name)
        .join(Visit, Visit.id == TicketLink.visit_id)
        .join(Client, Client.id == Visit.client_id)
        .join(Therapist, Therapist.id == Visit.therapist_id, isouter=True)
        .where(TicketLink.token_hash == token_hash(parse_token(token)))
    ).first()
    if found is None:
        raise UnknownLink()
    expires_at, visit, first_name, therapist_name = found
    if now >= expires_at:
        raise ExpiredLink()
    position, wait = place_in_queue(session=session, clinic=clinic, visit=visit, now=now)
    where = where_to_go(visit.room, therapist_name) if visit.status == VisitStatus.CALLED else WhereToGo()
    ended = visit.status not in OPEN_STATUSES  # a link left open on a phone names nobody after the visit
    return LiveTicket(
        ticket_code=visit.ticket_code,
        # Once the visit ends, or ever for one recognised without a card (their typed name may differ
        # from the stored one in case or accents, which would confirm the record), no name.
        first_name="" if ended or visit.without_card else first_name,
        language=visit.language,
        queue=visit.queue,
        queue_label=clinic.queues[visit.queue].label,
        state=_STATES.get(visit.status, "closed"),
        position=position,
        wait=wait,
        room=where.room,
        therapist_first_name=where.therapist_first_name,
    )


def qr_png(address: str, *, box_size: int = 10) -> bytes:
    """A QR code of a web address, as it is (a card's code is upper case; an address may not be)."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(address)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").get_image().save(out, format="PNG")
    return out.getvalue()
