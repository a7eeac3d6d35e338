"""What the lobby tablet asks of the core: one call per step, each its own unit of work."""

from dataclasses import dataclass
from typing import Any

from kiosk_core import cards, db
from kiosk_core.checkin import Ticket, check_in_now, last_intake
from kiosk_core.clients import identify, register_client, validate_client
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig
from kiosk_core.draft import Draft


@dataclass(frozen=True)
class Greeting:
    """A recognised client: first name only, and last visit's answers for "Same as last time?"."""

    client_id: int
    first_name: str
    last_answers: dict[str, Any] | None  # aged to today; the answers about today are left out


@dataclass(frozen=True)
class Registration:
    client_id: int
    first_name: str
    card_payload: str
    card_png: bytes


def _greeting(session, client) -> Greeting:
    previous = last_intake(session=session, client_id=client.id, today=clinic_day())
    answers = Draft.from_last_time(previous.answers()).answers if previous else None
    return Greeting(client_id=client.id, first_name=client.first_name, last_answers=answers)


def greet_scanned(raw: str) -> Greeting:
    """Who a handheld scan belongs to; raises a CardError with a message for the client."""
    with db.read_session() as session:
        return _greeting(session, identify(session=session, payload=raw))


def greet_photographed(picture: bytes) -> Greeting:
    """Who the card in a camera picture belongs to; raises a CardError with a message for the client."""
    payload = cards.decode_picture(picture)
    with db.read_session() as session:
        return _greeting(session, identify(session=session, payload=payload))


def register_walk_in(form: dict[str, Any], *, clinic: ClinicConfig) -> Registration:
    """Register a new client and issue their card; InvalidInput says which field to fix."""
    client_create = validate_client(form)
    with db.write_session() as session:
        new = register_client(session=session, client_create=client_create)
        client_id = new.client.id
    return Registration(
        client_id=client_id,
        first_name=client_create.first_name,
        card_payload=new.payload,
        card_png=cards.card_png(new.payload, clinic_name=clinic.clinic.name),
    )


def check_in_client(
    *, clinic: ClinicConfig, location_slug: str, client_id: int, draft: Draft, language: str = "en"
) -> Ticket:
    """Every step of the draft checked, then the check-in; InvalidInput sends the client back to the step.

    A database busy past the retry budget raises db.Busy, a KioskError whose message (ask at the
    front desk) the tablet shows while it keeps the client's answers.
    """
    intake = draft.intake()
    return check_in_now(
        clinic=clinic, location_slug=location_slug, client_id=client_id, intake=intake, language=language
    )
