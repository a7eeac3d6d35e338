"""The front desk's "lost my card", for admins on the admin screen (never the tablet: every call
needs a signed-in admin). Find a client by the exact phone number or e-mail they registered
with, check it with them, then revoke their card, or revoke it and issue a new one.

A card action names the phone or e-mail it was found by and the newest card seen then: the
client must still match that contact, and a card changed since (a double tap, another admin at
the same moment) asks for a new lookup instead of revoking the card just printed.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, func, select

from kiosk_core.clients import identity, registry
from kiosk_core.clients.cards import card_png
from kiosk_core.clients.registry import ClientCreate
from kiosk_core.config import load_clinic
from kiosk_core.models import Card, Client, Visit
from kiosk_core.screens.admin_desk import as_admin
from kiosk_core.staff.admin_duty import AdminError, BadEntry, Desk, audit
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.text import no_control_characters

MAX_MATCHES = 10  # a phone shared by a family finds a few clients, never a list to browse
MAX_CONTACT = 254  # the longest e-mail a client can register


class NotChecked(AdminError):
    message = "First check the phone number or e-mail with the client, and tick the box."


class LookUpAgain(AdminError):
    message = "This client's card has changed since you looked them up. Please look them up again."


@dataclass(frozen=True)
class ClientMatch:
    client_id: int
    name: str  # first name and last initial: enough to ask "is this you?"
    last_visit: date | None  # clinic day
    card_id: int | None  # the newest card when looked up; a card action must still see it
    card_active: bool


@dataclass(frozen=True)
class Lookup:
    contact: str  # as the admin typed it, for the card actions
    said: str  # "phone ending 0101": what was searched, without the whole number
    matches: list[ClientMatch]

    @property
    def kind(self) -> str:
        return "e-mail" if "@" in self.contact else "phone number"


@dataclass(frozen=True)
class IssuedCard:
    name: str
    png: bytes  # the only copy of the new card: show it once


def _contact(text: str) -> tuple[str, str, str]:
    """(column, value as stored, what to say) for a phone number or an e-mail, normalised the
    way registration stores them so that only an exact match is found."""
    text = (text or "").strip()
    if not text:
        raise BadEntry("Type the client's phone number or e-mail.")
    try:
        if len(text) > MAX_CONTACT:
            raise ValueError(text)
        no_control_characters(text)
        if "@" in text:
            email = ClientCreate.email_shape(identity.email_key(text))
            return "email", email, f"e-mail {email[:1]}…@{email.partition('@')[2]}"
        phone = identity.phone_key(text, load_clinic().clinic.phone_region)
        return "phone", phone, f"phone ending {phone[-4:]}"
    except ValueError:
        raise BadEntry("Type a phone number (10 digits) or an e-mail like name@example.com.") from None


def _found(session: Session, column: str, value: str) -> list[Client]:
    # A merged duplicate's tombstone keeps its contact, but it is nobody to reissue a card to.
    found = select(Client).where(getattr(Client, column) == value, Client.merged_into_id.is_(None))
    query = found.order_by(Client.id).limit(MAX_MATCHES)
    return list(session.exec(query).all())


def _newest_card(session: Session, client_id: int) -> Card | None:
    return session.exec(select(Card).where(Card.client_id == client_id).order_by(Card.id.desc())).first()


def find_client(*, member: StaffMember | None, contact: str) -> Lookup:
    """Clients registered with exactly this phone number or e-mail; the lookup is audited (with
    whom it found) before anything is returned."""
    column, value, said = _contact(contact)

    def work(session: Session, desk: Desk) -> list[ClientMatch]:
        matches = []
        for client in _found(session, column, value):
            last = session.exec(select(func.max(Visit.clinic_day)).where(Visit.client_id == client.id)).one()
            card = _newest_card(session, client.id)
            matches.append(
                ClientMatch(
                    client_id=client.id,
                    name=f"{client.first_name} {client.last_name[:1]}.",
                    last_visit=last,
                    card_id=card.id if card else None,
                    card_active=card is not None and card.revoked_at is None,
                )
            )
        found = ", ".join(f"#{m.client_id}" for m in matches)
        audit(
            session,
            desk,
            "lookup_client",
            f"by {said}: {len(matches)} found" + (f" ({found})" if found else ""),
            client_id=matches[0].client_id if len(matches) == 1 else None,
        )
        return matches

    return Lookup(contact=contact, said=said, matches=as_admin(member, work, Need.LOST_CARD))


def _card_holder(
    session: Session, *, contact: str, client_id: int, card_id: int | None, checked_with_client: bool
) -> tuple[Client, str]:
    """The client whose card is about to change, locked until the end of the unit of work, and
    what to say in the audit log."""
    if not checked_with_client:
        raise NotChecked()
    column, value, said = _contact(contact)
    # Locked first (PostgreSQL): a second reissue waits here, then sees the new card below.
    client = session.get(Client, client_id, with_for_update=True)
    if client is None or getattr(client, column) != value:
        raise LookUpAgain("That client isn't registered with this phone number or e-mail. Please look them up again.")
    newest = _newest_card(session, client.id)
    if (newest.id if newest else None) != card_id:
        raise LookUpAgain()
    return client, f"lost card; found by {said}, checked with the client"


def reissue_card(
    *,
    member: StaffMember | None,
    contact: str,
    client_id: int,
    card_id: int | None,
    checked_with_client: bool,
    clinic_name: str,
) -> IssuedCard:
    """Revoke the client's cards and issue a new one, drawn as a printable card."""

    def work(session: Session, desk: Desk):
        client, reason = _card_holder(
            session, contact=contact, client_id=client_id, card_id=card_id, checked_with_client=checked_with_client
        )
        new = registry.reissue_card(
            session=session,
            client_id=client.id,
            reason=reason,
            therapist_id=desk.admin_id,
            location_id=desk.location_id,
        )
        return f"{client.first_name} {client.last_name[:1]}.", new.payload, _language(session, client.id)

    name, payload, language = as_admin(member, work, Need.LOST_CARD)
    return IssuedCard(name=name, png=card_png(payload, clinic_name=clinic_name, language=language))


def _language(session: Session, client_id: int) -> str:
    """The language the client last checked in in: their new card is printed in it."""
    latest = select(Visit.language).where(Visit.client_id == client_id).order_by(Visit.checked_in_at.desc()).limit(1)
    return session.exec(latest).first() or "en"


def revoke_card(
    *, member: StaffMember | None, contact: str, client_id: int, card_id: int | None, checked_with_client: bool
) -> str:
    """Revoke the client's cards without a new one (a card someone else has; a new one can be
    issued later, after a new lookup)."""

    def work(session: Session, desk: Desk):
        client, reason = _card_holder(
            session, contact=contact, client_id=client_id, card_id=card_id, checked_with_client=checked_with_client
        )
        count = registry.revoke_cards(
            session=session,
            client_id=client.id,
            reason=reason,
            therapist_id=desk.admin_id,
            location_id=desk.location_id,
        )
        return f"{client.first_name} {client.last_name[:1]}.", count

    name, count = as_admin(member, work, Need.LOST_CARD)
    if count == 0:
        return f"{name} had no active card."
    return f"{name}'s card is revoked: it no longer works at check-in."
