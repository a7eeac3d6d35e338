"""What the lobby tablet asks of the core: one call per step, each its own unit of work.

Each step, reads included, goes through db.run_write: while the database is busy or away it is
tried again for KIOSK_WRITE_RETRY_SECONDS, then errors.Busy (a KioskError: "please ask at the
front desk") is raised, and the tablet keeps the client's answers. No database error reaches the page.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.care.outcomes import OutcomeAsk, outcome_ask, outcome_rows, record_outcomes
from kiosk_core.checkin import ticket_links
from kiosk_core.checkin.check_in import Opened, Ticket, as_new_visit, last_intake, open_visit, ticket_of
from kiosk_core.checkin.moving import CheckedInElsewhere, OpenElsewhere, close_as_moved, open_elsewhere
from kiosk_core.clients import cards
from kiosk_core.clients.recognition import Recognised, register_or_recognise
from kiosk_core.clients.registry import identify, validate_client
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig
from kiosk_core.errors import NotFound
from kiosk_core.i18n import N_
from kiosk_core.intake.answers import Intake
from kiosk_core.intake.draft import Draft
from kiosk_core.locations import location_by_slug
from kiosk_core.models import AuditEvent, Client, Visit, utcnow
from kiosk_core.vocabulary import OPEN_STATUSES, VisitStatus


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
    return db.run_write(lambda session: _greeting(session, identify(session=session, payload=raw)))


def greet_photographed(picture: bytes) -> Greeting:
    """Who the card in a camera picture belongs to; raises a CardError with a message for the client."""
    payload = cards.decode_picture(picture)
    return db.run_write(lambda session: _greeting(session, identify(session=session, payload=payload)))


def visit_elsewhere(*, client_id: int, location_slug: str) -> OpenElsewhere | None:
    """The client's open visit today at another location (one a day), to offer to move it here."""
    now = utcnow()
    return db.run_write(
        lambda session: open_elsewhere(session=session, client_id=client_id, location_slug=location_slug, now=now)
    )


def move_visit_here(*, clinic: ClinicConfig, client_id: int, location_slug: str) -> Ticket:
    """Move the client's open visit today from another location to this one: the old visit is
    closed as moved, a new ticket is issued here with the same answers; both are audited.
    A second tap finds the visit already here."""
    now = utcnow()

    def attempt(session):
        db.begin_writes(session)
        found = open_elsewhere(session=session, client_id=client_id, location_slug=location_slug, now=now)
        if found is None:
            return None
        old = session.get(Visit, found.visit_id, with_for_update=True, populate_existing=True)
        if old.status not in (VisitStatus.WAITING, VisitStatus.CALLED):  # being seen there: not movable
            raise CheckedInElsewhere(location=found.location_name, ticket=found.ticket_code)
        here = location_by_slug(session, location_slug)
        close_as_moved(session, old, to_location=here, now=now)
        request = {"location_slug": location_slug, "client_id": client_id, "language": old.language}
        opened = open_visit(
            session=session, clinic=clinic, intake=Intake.from_stored(old.intake_json), now=now, **request
        )
        detail = f"from {found.location_name}, {found.ticket_code}"
        where = {"location_id": here.id, "client_id": client_id, "visit_id": opened.visit.id}
        session.add(AuditEvent(at=now, action="moved_in", detail=detail, **where))
        return opened

    db.run_write(attempt)
    return db.run_read(lambda session: _moved_ticket(session, clinic, client_id, location_slug, now))


def _moved_ticket(session, clinic: ClinicConfig, client_id: int, location_slug: str, now) -> Ticket:
    """The ticket of the visit just moved here (by this tap or an earlier one), with its place in line."""
    client = session.get(Client, client_id)
    here = location_by_slug(session, location_slug)
    visit = session.exec(
        select(Visit).where(
            Visit.client_id == client_id,
            Visit.location_id == here.id,
            Visit.clinic_day == clinic_day(now),
            Visit.status.in_(OPEN_STATUSES),
        )
    ).first()
    if visit is None:
        raise NotFound(N_("Your visit there has ended. Please check in again."))
    opened = Opened(as_new_visit(visit), client.first_name, created=True)
    return ticket_of(session=session, clinic=clinic, opened=opened, now=now)


def register_walk_in(
    form: dict[str, Any], *, clinic: ClinicConfig, language: str = "en", first_name_again: str = ""
) -> Registration | Recognised:
    """Register a new client and issue their card, worded in `language`, or recognise the client
    registered with this name and phone number or e-mail (kiosk_core.clients.recognition: no new
    client, no card, nothing stored shown). InvalidInput says which field to fix; AskFirstName
    and AskAtDesk when several registered people fit."""
    client_create = validate_client(form, phone_region=clinic.clinic.phone_region)

    def register(session):
        db.begin_writes(session)
        return register_or_recognise(session=session, client_create=client_create, first_name_again=first_name_again)

    new = db.run_write(register)
    if isinstance(new, Recognised):
        return new
    return Registration(
        client_id=new.client.id,
        first_name=client_create.first_name,
        card_payload=new.payload,
        card_png=cards.card_png(new.payload, clinic_name=clinic.clinic.name, language=language),
    )


def outcome_questions(*, client_id: int) -> OutcomeAsk | None:
    """What a client with an active care plan is asked today besides the intake (None without one)."""
    return db.run_read(lambda session: outcome_ask(session=session, client_id=client_id))


def check_in_client(
    *,
    clinic: ClinicConfig,
    location_slug: str,
    client_id: int,
    draft: Draft,
    language: str = "en",
    without_card: bool = False,
    outcomes: OutcomeAsk | None = None,
) -> Ticket:
    """Every step of the draft checked, then the check-in with today's outcomes (a plan client);
    InvalidInput sends the client back to the step, errors.Busy keeps the answers ("ask at the
    front desk"). `without_card`: recognised by name and phone or e-mail (the visit says so to the desk)."""
    request = {"location_slug": location_slug, "client_id": client_id, "language": language}
    intake = draft.intake()
    rows = outcome_rows(outcomes, draft.extra_answers()) if outcomes else []
    request["outcomes"] = (outcomes, rows) if rows else None
    return check_in_now(clinic=clinic, intake=intake, without_card=without_card, **request)


def check_in_now(
    *,
    clinic: ClinicConfig,
    location_slug: str,
    client_id: int,
    intake: Intake,
    language: str = "en",
    now: datetime | None = None,
    engine: sa.Engine | None = None,
    without_card: bool = False,
    outcomes: tuple[OutcomeAsk, list[dict]] | None = None,
) -> Ticket:
    """The check-in (checkin.check_in.open_visit) in a unit of work of its own, with a plan
    client's outcomes (kiosk_core.care.outcomes) in the same transaction, and the place in line
    read after its commit, so that SQLite's write lock is held for the writes only."""
    now = now or utcnow()
    request = {"location_slug": location_slug, "client_id": client_id, "intake": intake, "language": language}
    request["without_card"] = without_card

    def work(session):
        opened = open_visit(session=session, clinic=clinic, now=now, **request)
        if outcomes:
            ask, rows = outcomes
            db.begin_writes(session)
            record_outcomes(
                session=session, visit_id=opened.visit.id, client_id=client_id, plan_id=ask.plan_id, rows=rows, now=now
            )
        return opened

    def ticket(session, opened):
        return ticket_of(session=session, clinic=clinic, opened=opened, now=now)

    return db.run_write(work, engine=engine, then_read=ticket)


def ticket_link(*, visit_id: int, engine: sa.Engine | None = None) -> str:
    """A link for the ticket just shown on the tablet, to open on the client's phone; returns its token."""

    def work(session) -> str:
        day = session.exec(select(Visit.clinic_day).where(Visit.id == visit_id)).one()
        db.begin_writes(session)
        return ticket_links.issue_link(session=session, visit_id=visit_id, day=day)

    return db.run_write(work, engine=engine)
