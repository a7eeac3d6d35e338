"""Check-in: route the intake, assign a ticket atomically, and never open two visits for one client."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig, QueueName
from kiosk_core.errors import NotFound
from kiosk_core.intake import Intake
from kiosk_core.models import OPEN_STATUSES, AuditEvent, Client, TicketCounter, Visit, utcnow
from kiosk_core.queue import location_by_slug, place_in_queue
from kiosk_core.routing import red_flags, route


@dataclass(frozen=True)
class Ticket:
    """What the tablet shows after check-in: plain values, nothing to lazy-load."""

    visit_id: int
    first_name: str
    ticket_code: str
    queue: QueueName
    queue_label: str
    reasons: tuple[dict, ...]  # codes with values; see kiosk_core.wording
    needs_review: bool
    position: int | None  # 1 = next; None once called
    expected_wait_minutes: int | None
    already_checked_in: bool


def next_ticket_number(session: Session, *, location_id: int, day, prefix: str) -> int:
    """Bump the counter in one statement, so two check-ins can never get the same number."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(TicketCounter)
        .values(location_id=location_id, clinic_day=day, prefix=prefix, last_number=1)
        .on_conflict_do_update(
            index_elements=["location_id", "clinic_day", "prefix"],
            set_={"last_number": TicketCounter.last_number + 1},
        )
        .returning(TicketCounter.last_number)
    )
    return session.execute(statement).scalar_one()


def _open_visit(session: Session, *, client_id: int, location_id: int, day) -> Visit | None:
    return session.exec(
        select(Visit).where(
            Visit.client_id == client_id,
            Visit.location_id == location_id,
            Visit.clinic_day == day,
            Visit.status.in_(OPEN_STATUSES),
        )
    ).first()


def _add_new_flags(session: Session, visit: Visit, intake: Intake, clinic: ClinicConfig, now: datetime) -> None:
    """A second check-in keeps the visit and its answers, but a red flag the client adds is never lost."""
    codes = {flag["code"] for flag in visit.flags}
    new = [flag for flag in red_flags(intake, clinic.routing) if flag["code"] not in codes]
    if new:
        visit.flags = [*visit.flags, *new]
        session.add(visit)
        session.add(
            AuditEvent(
                at=now,
                action="flags_added",
                location_id=visit.location_id,
                client_id=visit.client_id,
                visit_id=visit.id,
                detail=", ".join(flag["code"] for flag in new),
            )
        )


def open_or_create_visit(
    *,
    session: Session,
    clinic: ClinicConfig,
    location_slug: str,
    client_id: int,
    intake: Intake,
    language: str = "en",
    now: datetime | None = None,
) -> tuple[Visit, bool]:
    """The client's open visit today at this location, or a new one. Returns (visit, created).

    A second scan or a double tap returns the open visit unchanged, answers and all.
    """
    now = now or utcnow()
    day = clinic_day(now)
    location = location_by_slug(session, location_slug)
    client = session.get(Client, client_id)
    if client is None:
        raise NotFound("We couldn't find your details. Please ask at the front desk.")
    existing = _open_visit(session, client_id=client_id, location_id=location.id, day=day)
    if existing:
        _add_new_flags(session, existing, intake, clinic, now)
        return existing, False

    decision = route(intake, clinic.routing)
    prefix = clinic.queues[decision.queue].ticket_prefix
    try:
        # A savepoint, so that losing a race to another tablet (PostgreSQL) leaves this
        # transaction usable for reading the visit that won.
        with session.begin_nested():
            number = next_ticket_number(session, location_id=location.id, day=day, prefix=prefix)
            visit = Visit(
                location_id=location.id,
                client_id=client_id,
                clinic_day=day,
                queue=decision.queue,
                routed_queue=decision.queue,
                ticket_code=f"{prefix}-{number:03d}",
                intake_json=intake.to_json(),
                reasons=list(decision.reasons),
                flags=list(decision.flags),
                language=language,
                checked_in_at=now,
            )
            session.add(visit)
            session.flush()
    except sa.exc.IntegrityError:
        existing = _open_visit(session, client_id=client_id, location_id=location.id, day=day)
        if existing is None:
            raise
        return existing, False
    session.add(
        AuditEvent(
            at=now,
            action="check_in",
            location_id=location.id,
            client_id=client_id,
            visit_id=visit.id,
            detail=visit.ticket_code,
        )
    )
    return visit, True


def ticket_for(
    *, session: Session, clinic: ClinicConfig, visit: Visit, already_checked_in: bool, now: datetime | None = None
) -> Ticket:
    client = session.get(Client, visit.client_id)
    position, wait = place_in_queue(session=session, clinic=clinic, visit=visit, now=now or utcnow())
    return Ticket(
        visit_id=visit.id,
        first_name=client.first_name,
        ticket_code=visit.ticket_code,
        queue=visit.queue,
        queue_label=clinic.queues[visit.queue].label,
        reasons=tuple(visit.reasons),
        needs_review=bool(visit.flags),
        position=position,
        expected_wait_minutes=wait,
        already_checked_in=already_checked_in,
    )


def check_in(
    *,
    session: Session,
    clinic: ClinicConfig,
    location_slug: str,
    client_id: int,
    intake: Intake,
    language: str = "en",
    now: datetime | None = None,
) -> Ticket:
    """Check a client in (or find today's open visit) and say where they stand."""
    visit, created = open_or_create_visit(
        session=session,
        clinic=clinic,
        location_slug=location_slug,
        client_id=client_id,
        intake=intake,
        language=language,
        now=now,
    )
    return ticket_for(session=session, clinic=clinic, visit=visit, already_checked_in=not created, now=now)


def last_intake(*, session: Session, client_id: int, today: date | None = None) -> Intake | None:
    """The answers from the client's most recent visit, for "Same as last time?"; with `today`,
    as they would be answered today (an injury "in the last 3 days" then is older now)."""
    visit = session.exec(
        select(Visit).where(Visit.client_id == client_id).order_by(Visit.checked_in_at.desc(), Visit.id.desc())
    ).first()
    if visit is None:
        return None
    answers = Intake.from_json(visit.intake_json)
    return answers.aged((today - visit.clinic_day).days) if today else answers
