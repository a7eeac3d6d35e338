"""What the lobby tablet asks of the core: one call per step, each its own unit of work."""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from kiosk_core import cards, db
from kiosk_core.checkin import Ticket, check_in, last_intake
from kiosk_core.clients import identify, register_client, validate_client
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig
from kiosk_core.errors import InvalidInput
from kiosk_core.intake import (
    BODY_AREAS,
    CONDITIONS_BY_ID,
    DOCUMENTS,
    GOAL_LABELS,
    RECENCY_LABELS,
    Intake,
    Recency,
)


@dataclass(frozen=True)
class Greeting:
    """A recognised client: first name only, and last visit's answers for "Same as last time?"."""

    client_id: int
    first_name: str
    last_answers: dict[str, Any] | None


@dataclass(frozen=True)
class Registration:
    client_id: int
    first_name: str
    card_payload: str
    card_png: bytes


def _greeting(session, client) -> Greeting:
    previous = last_intake(session=session, client_id=client.id, today=clinic_day())
    answers = None
    if previous:
        # Safety questions are about today: they are always asked again.
        answers = previous.model_dump(mode="json", exclude={"safety"})
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


def build_intake(answers: dict[str, Any]) -> Intake:
    try:
        return Intake.model_validate(answers)
    except ValidationError as error:
        fields = {str(item["loc"][0]) for item in error.errors() if item["loc"]}
        if "goal" in fields:
            raise InvalidInput("Please tell us what brings you in today.") from error
        if fields & {"pain", "stress"}:
            raise InvalidInput("Please choose your pain and stress levels, 0 to 10.") from error
        if "other_condition" in fields:
            raise InvalidInput("Please keep the description under 200 characters.") from error
        raise InvalidInput("Some answers didn't look right. Please check them.") from error


def check_in_client(*, clinic: ClinicConfig, location_slug: str, client_id: int, answers: dict[str, Any]) -> Ticket:
    intake = build_intake(answers)
    with db.write_session() as session:
        return check_in(session=session, clinic=clinic, location_slug=location_slug, client_id=client_id, intake=intake)


def summarise(answers: dict[str, Any]) -> list[str]:
    """Last visit's answers in a few plain lines."""
    intake = build_intake(answers)
    lines = [GOAL_LABELS[intake.goal]]
    if intake.full_body:
        lines.append("Full body")
    elif intake.body_areas:
        lines.append(", ".join(BODY_AREAS[a] for a in sorted(intake.body_areas)))
    if intake.conditions:
        lines.append(", ".join(CONDITIONS_BY_ID[c].label for c in sorted(intake.conditions)))
    if intake.other_condition:
        lines.append(intake.other_condition)
    details = [
        text
        for present, text in (
            (intake.has_diagnosis, "diagnosed"),
            (intake.has_referral, "doctor's referral"),
            (intake.wants_insurance, "using insurance"),
            (bool(intake.documents), ", ".join(DOCUMENTS[d] for d in sorted(intake.documents))),
            (intake.injury != Recency.NONE, f"injury: {RECENCY_LABELS[intake.injury].lower()}"),
            (intake.surgery != Recency.NONE, f"surgery: {RECENCY_LABELS[intake.surgery].lower()}"),
        )
        if present
    ]
    if details:
        lines.append("; ".join(details).capitalize())
    return lines
