"""Check-in: route the intake, assign a ticket atomically, and never open two visits for one client.

The tablet's check-in (`check_in_now`) reads what it needs first, holds a write transaction for
its writes only (the ticket counter, the visit, the audit row), tries again while the database
is busy, and reads the client's place in line after commit, in a separate read. A new visit, the
usual case, is a few statements built once on the driver's connection (kiosk_core.checkin.visit_write);
the rest (a second scan, a double tap's loser, an unknown location or client) goes through a
session here, which says what to do.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

import psycopg
import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.checkin import visit_write
from kiosk_core.checkin.moving import elsewhere
from kiosk_core.checkin.visit_write import defaults, visit_row
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig
from kiosk_core.errors import NotFound
from kiosk_core.intake.answers import Intake
from kiosk_core.intake.routing import FRONT_DESK_FLAGS, red_flags, route
from kiosk_core.models import AuditEvent, Visit, utcnow
from kiosk_core.visits.todays_queue import location_by_slug, place_in_queue
from kiosk_core.vocabulary import Queue
from kiosk_core.waits.estimate import WaitEstimate


@dataclass(frozen=True)
class Ticket:
    """What the tablet shows after check-in: plain values, nothing to lazy-load."""

    visit_id: int
    first_name: str
    ticket_code: str
    queue: Queue
    queue_label: str
    reasons: tuple[dict, ...]  # codes with values; see kiosk_core.intake.wording
    needs_review: bool
    see_front_desk: bool  # a red flag that needs a word before the client sits down among others
    position: int | None  # 1 = next; None once called
    wait: WaitEstimate | None  # None once called (kiosk_core.waits.location_waits)
    already_checked_in: bool


def _insert_visit(session: Session, visit: Visit, pending: visit_write.PendingWrite) -> None:
    """The counter, the visit and its audit row, written as the tablet's check-in writes them
    (visit_write.PendingWrite), on the driver's connection, in the session's transaction. Sets the
    visit's id and ticket code."""
    try:
        visit.id, visit.ticket_code = pending.run(session.connection().connection.driver_connection)
    except (sqlite3.IntegrityError, psycopg.IntegrityError) as error:
        # As SQLAlchemy would have wrapped it: callers catch its IntegrityError (see open_or_create_visit).
        raise sa.exc.IntegrityError("INSERT INTO visit", None, error) from error


def _add_new_flags(
    session: Session, visit_id: int, intake: Intake, clinic: ClinicConfig, now: datetime, begin
) -> Visit:
    """A second check-in keeps the visit and its answers, but a red flag the client adds is never lost."""
    visit = session.get(Visit, visit_id)
    if not _new_flags(visit, intake, clinic):
        return visit
    begin(session)
    visit = session.get(Visit, visit_id, with_for_update=True, populate_existing=True)
    new = _new_flags(visit, intake, clinic)
    if new:
        visit.flags = [*visit.flags, *new]
        session.add(visit)
        where = {"location_id": visit.location_id, "client_id": visit.client_id, "visit_id": visit.id}
        detail = ", ".join(flag["code"] for flag in new)
        session.add(AuditEvent(at=now, action="flags_added", detail=detail, **where))
        session.flush()
    return visit


def _new_flags(visit: Visit, intake: Intake, clinic: ClinicConfig) -> list[dict]:
    codes = {flag["code"] for flag in visit.flags}
    return [flag for flag in red_flags(intake, clinic.routing) if flag["code"] not in codes]


def _open_or_create(session: Session, *, clinic, location_slug, client_id, intake, language, now, begin):
    """(visit, created, first name); `begin(session)` comes between the reads and the writes."""
    day = clinic_day(now)
    connection = session.connection()
    row = visit_write.first_row(
        connection.connection.driver_connection, connection.dialect, slug=location_slug, client_id=client_id, day=day
    )
    if row is None:
        location_by_slug(session, location_slug)  # NotFound with its own words for a wrong location
        raise NotFound("We couldn't find your details. Please ask at the front desk.")
    location_id, first_name, open_visit_id = row
    if open_visit_id is not None:
        elsewhere(session, open_visit_id, location_id)
        return _add_new_flags(session, open_visit_id, intake, clinic, now, begin), False, first_name
    decision = route(intake, clinic.routing)
    values = {"location_id": location_id, "client_id": client_id, "day": day, "language": language, "now": now}
    row = defaults(Visit.__table__) | visit_row(decision=decision, intake=intake, **values)
    # Made before the write lock is taken: each costs more than its insert.
    visit = Visit(**row, ticket_code="")
    pending = visit_write.PendingWrite(connection.dialect, row=row, prefix=clinic.queues[decision.queue].ticket_prefix)
    begin(session)
    _insert_visit(session, visit, pending)
    return visit, True, first_name


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
    """The client's open visit today at this location, or a new one, in the caller's write
    transaction; CheckedInElsewhere if it is open at another location. Returns (visit, created).

    A second scan returns the open visit unchanged, answers and all. A double tap racing on two
    tablets fails here with IntegrityError (the one-open-visit index); `check_in_now` retries it.
    """
    request = {"location_slug": location_slug, "client_id": client_id, "intake": intake, "language": language}
    visit, created, _ = _open_or_create(session, clinic=clinic, now=now or utcnow(), begin=_same_transaction, **request)
    return visit, created


def _same_transaction(_session: Session) -> None:
    """The caller's write transaction is one already (write_session: BEGIN IMMEDIATE on SQLite)."""


def make_ticket(clinic: ClinicConfig, visit: Visit, first_name: str, place: tuple, already_checked_in: bool) -> Ticket:
    """The ticket of a visit, given its (place in line, wait) as read by the caller."""
    position, wait = place
    return Ticket(
        visit_id=visit.id,
        first_name=first_name,
        ticket_code=visit.ticket_code,
        queue=visit.queue,
        queue_label=clinic.queues[visit.queue].label,
        reasons=tuple(visit.reasons),
        needs_review=bool(visit.flags),
        see_front_desk=any(flag["code"] in FRONT_DESK_FLAGS for flag in visit.flags),
        position=position,
        wait=wait,
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
    """Check a client in (or find today's open visit) and say where they stand, all in the
    caller's transaction. The tablet uses `check_in_now`."""
    now = now or utcnow()
    request = {"location_slug": location_slug, "client_id": client_id, "intake": intake, "language": language}
    visit, created, first_name = _open_or_create(session, clinic=clinic, now=now, begin=_same_transaction, **request)
    place = place_in_queue(session=session, clinic=clinic, visit=visit, now=now)
    return make_ticket(clinic, visit, first_name, place, already_checked_in=not created)


def check_in_now(
    *,
    clinic: ClinicConfig,
    location_slug: str,
    client_id: int,
    intake: Intake,
    language: str = "en",
    now: datetime | None = None,
    engine: sa.Engine | None = None,
) -> Ticket:
    """Check a client in, in a unit of work of its own that holds the write lock for its writes
    only and is tried again while the database is busy (db.run_write: Busy when it stays busy);
    then the place in line and the wait, read after commit."""
    now = now or utcnow()
    request = {"location_slug": location_slug, "client_id": client_id, "intake": intake, "language": language}
    engine = engine or db.get_engine()
    with visit_write.statements_connection(engine) as connection:  # the usual case: a new visit
        new = visit_write.check_in_new(connection, clinic=clinic, now=now, **request)
        if new is not None:
            visit, first_name = new
            try:
                place = visit_write.place(connection, clinic=clinic, visit=visit, now=now)
            except sa.exc.DBAPIError:
                place = None  # committed: the client is in, so read the place again below
    if new is not None:
        if place is None:
            place = db.run_write(
                lambda s: place_in_queue(session=s, clinic=clinic, visit=visit, now=now),
                engine=engine,
            )
        return make_ticket(clinic, visit, first_name, place, already_checked_in=False)

    def attempt(session: Session):
        try:
            return _open_or_create(session, clinic=clinic, now=now, begin=db.begin_writes, **request)
        except sa.exc.IntegrityError as error:
            # Another tablet opened this client's visit since our read: the next try finds it.
            raise db.TryAgain from error

    visit, created, first_name = db.run_write(attempt, engine=engine)
    place = db.run_write(lambda s: place_in_queue(session=s, clinic=clinic, visit=visit, now=now), engine=engine)
    return make_ticket(clinic, visit, first_name, place, already_checked_in=not created)


def last_intake(*, session: Session, client_id: int, today: date | None = None) -> Intake | None:
    """The answers from the client's most recent visit, for "Same as last time?"; with `today`,
    as they would be answered today (an injury "in the last 3 days" then is older now)."""
    visit = session.exec(
        select(Visit).where(Visit.client_id == client_id).order_by(Visit.checked_in_at.desc(), Visit.id.desc())
    ).first()
    if visit is None:
        return None
    answers = Intake.from_stored(visit.intake_json)
    return answers.aged((today - visit.clinic_day).days) if today else answers
