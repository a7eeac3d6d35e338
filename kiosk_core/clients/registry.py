"""Clients and their cards: register, identify by card, revoke and reissue."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator
from sqlmodel import Session, select

from kiosk_core.clients import cards, identity
from kiosk_core.errors import InvalidInput, NotFound
from kiosk_core.i18n import N_, Message
from kiosk_core.models import AuditEvent, Card, Client, utcnow
from kiosk_core.text import no_control_characters

NAME_MAX = 60
NAME_MARKS = " '-."  # what may stand between the letters of a name (identity.tidy_name spells them one way)
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


def _is_name(value: str) -> bool:
    """Letters (with their accents) in words joined by one space, hyphen, apostrophe or ". ";
    an initial may end with a dot. Anything else (digits, emoji, symbols, control characters)
    is not part of a name, in either field, with one message."""
    if not value or not value[0].isalpha():
        return False
    previous = ""
    for character in value:
        if character.isalpha() or (unicodedata.combining(character) and previous.isalpha()):
            pass
        elif character not in NAME_MARKS or (previous in NAME_MARKS and previous + character != ". "):
            return False
        previous = character if not unicodedata.combining(character) else previous
    return value[-1].isalpha() or unicodedata.combining(value[-1]) or value[-1] == "."


class ClientCreate(BaseModel):
    """What a walk-in gives at the tablet; enough to find them again. Validate with the clinic's
    phone region as context (`validate_client`); without one, numbers are read as the US's."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    first_name: str = Field(min_length=1, max_length=NAME_MAX)
    last_name: str = Field(min_length=1, max_length=NAME_MAX)
    phone: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=254)
    birth_date: date | None = None

    # First, so that a NUL or a bidi override gets this message and never reaches the database.
    @field_validator("phone", "email")
    @classmethod
    def plain_text(cls, value: str) -> str:
        return no_control_characters(value)

    @field_validator("first_name", "last_name")
    @classmethod
    def looks_like_a_name(cls, value: str) -> str:
        value = identity.tidy_name(value)
        if not _is_name(value):
            raise ValueError(N_("use letters, spaces, hyphens or apostrophes"))
        return value

    @field_validator("phone")
    @classmethod
    def phone_number(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            return ""
        return identity.phone_key(value, (info.context or {}).get("phone_region", "US"))

    @field_validator("email")
    @classmethod
    def email_shape(cls, value: str) -> str:
        value = identity.email_key(value)
        if value and not _EMAIL.match(value):
            raise ValueError(N_("enter an e-mail like name@example.com"))
        return value

    @field_validator("birth_date")
    @classmethod
    def plausible_birth_date(cls, value: date | None) -> date | None:
        if value and not date(1900, 1, 1) <= value <= date.today():
            raise ValueError(N_("enter a real birth date"))
        return value

    @model_validator(mode="after")
    def reachable(self) -> "ClientCreate":
        if not self.phone and not self.email:
            raise ValueError(N_("give a phone number or an e-mail so we can reach you"))
        return self


def friendly_errors(error: ValidationError) -> dict[str, Message]:
    """Field name -> one short message, for showing beside the form."""
    problems: dict[str, Message] = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "form"
        said = Message(item["msg"].removeprefix("Value error, "))
        if item["type"] == "string_too_short":
            said = Message(N_("this is required"))
        elif item["type"] == "string_too_long":
            said = Message(N_("keep it under {limit} characters"), {"limit": item["ctx"]["max_length"]})
        problems.setdefault(field, said)
    return problems


def validate_client(data: dict, *, phone_region: str = "US") -> ClientCreate:
    try:
        return ClientCreate.model_validate(data, context={"phone_region": phone_region})
    except ValidationError as error:
        problems = friendly_errors(error)
        raise InvalidInput(N_("Please check the fields marked below."), problems=problems) from error


@dataclass(frozen=True)
class NewCard:
    client: Client
    payload: str  # the only copy: show or print it now


def _issue_card(session: Session, client: Client) -> str:
    payload = cards.new_payload()
    session.add(Card(client_id=client.id, token_hash=cards.token_hash(payload)))
    return payload


def register_client(*, session: Session, client_create: ClientCreate) -> NewCard:
    client = Client.model_validate(client_create)
    session.add(client)
    session.flush()
    payload = _issue_card(session, client)
    session.add(AuditEvent(action="register", client_id=client.id))
    return NewCard(client=client, payload=payload)


def identify(*, session: Session, payload: str) -> Client:
    """The client a scanned payload belongs to; raises a CardError subclass otherwise."""
    canonical = cards.parse_payload(payload)
    card = session.exec(select(Card).where(Card.token_hash == cards.token_hash(canonical))).first()
    if card is None:
        raise cards.UnknownCard()
    if card.revoked_at is not None:
        raise cards.RevokedCard()
    return kept_client(session, card.client_id)


def kept_client(session: Session, client_id: int) -> Client | None:
    """The client, or the one a merged duplicate's tombstone points at (merges can chain)."""
    client = session.get(Client, client_id)
    for _ in range(100):  # a chain is a few links; a loop would be a bug, not a wait
        if client is None or client.merged_into_id is None:
            return client
        client = session.get(Client, client.merged_into_id)
    raise RuntimeError(f"client {client_id}: merged into itself")


def revoke_cards(
    *,
    session: Session,
    client_id: int,
    reason: str = "",
    therapist_id: int | None = None,
    location_id: int | None = None,
) -> int:
    """Revoke the client's active cards; returns how many. `therapist_id` and `location_id`: who
    did it and where, when an admin did it on the admin screen."""
    if session.get(Client, client_id) is None:
        raise NotFound(f"No client with number {client_id}.")
    now = utcnow()
    revoked = 0
    for card in session.exec(select(Card).where(Card.client_id == client_id, Card.revoked_at.is_(None))):
        card.revoked_at = now
        session.add(card)
        revoked += 1
    session.add(
        AuditEvent(
            action="revoke_cards",
            client_id=client_id,
            therapist_id=therapist_id,
            location_id=location_id,
            detail=reason[:1000],
        )
    )
    return revoked


def reissue_card(
    *,
    session: Session,
    client_id: int,
    reason: str = "",
    therapist_id: int | None = None,
    location_id: int | None = None,
) -> NewCard:
    """Revoke every card the client has and issue a new one (a lost card, a photo shared)."""
    revoke_cards(
        session=session, client_id=client_id, reason=reason, therapist_id=therapist_id, location_id=location_id
    )
    client = session.get(Client, client_id)
    payload = _issue_card(session, client)
    session.add(
        AuditEvent(action="issue_card", client_id=client_id, therapist_id=therapist_id, location_id=location_id)
    )
    return NewCard(client=client, payload=payload)
