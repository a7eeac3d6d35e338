"""Clients and their cards: register, identify by card, revoke and reissue."""

import re
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlmodel import Session, select

from kiosk_core.clients import cards
from kiosk_core.errors import InvalidInput, NotFound
from kiosk_core.i18n import N_, Message
from kiosk_core.models import AuditEvent, Card, Client, utcnow
from kiosk_core.text import no_control_characters

NAME_MAX = 60
_NAME = re.compile(r"^[^\W\d_]+(?:(?:\. |[ '’.-])[^\W\d_]+)*\.?$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class ClientCreate(BaseModel):
    """What a walk-in gives at the tablet; enough to find them again."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    first_name: str = Field(min_length=1, max_length=NAME_MAX)
    last_name: str = Field(min_length=1, max_length=NAME_MAX)
    phone: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=254)
    birth_date: date | None = None

    # First, so that a NUL or a bidi override gets this message and never reaches the database.
    @field_validator("first_name", "last_name", "phone", "email")
    @classmethod
    def plain_text(cls, value: str) -> str:
        return no_control_characters(value)

    @field_validator("first_name", "last_name")
    @classmethod
    def looks_like_a_name(cls, value: str) -> str:
        value = " ".join(value.split())
        if not _NAME.match(value):
            raise ValueError(N_("use letters, spaces, hyphens or apostrophes"))
        return value

    @field_validator("phone")
    @classmethod
    def phone_digits(cls, value: str) -> str:
        if not value:
            return ""
        if not re.fullmatch(r"\+?[\d\s().-]+", value):
            raise ValueError(N_("use digits only"))
        digits = re.sub(r"\D", "", value)
        if len(digits) == 11 and digits.startswith("1"):
            digits = digits[1:]
        if not 10 <= len(digits) <= 15:
            raise ValueError(N_("enter a 10-digit phone number"))
        return digits

    @field_validator("email")
    @classmethod
    def email_shape(cls, value: str) -> str:
        if value and not _EMAIL.match(value):
            raise ValueError(N_("enter an e-mail like name@example.com"))
        return value.lower()

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


def validate_client(data: dict) -> ClientCreate:
    try:
        return ClientCreate.model_validate(data)
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
    return session.get(Client, card.client_id)


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
