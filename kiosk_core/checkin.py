"""Check-in: route the intake, assign a ticket atomically, and never open two visits for one client.

The tablet's check-in (`check_in_now`) reads what it needs first, holds a write transaction for
its writes only (the ticket counter, the visit, the audit row), tries again while the database
is busy, and reads the client's place in line after commit, in a separate read.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig, QueueName
from kiosk_core.errors import NotFound
from kiosk_core.estimate import WaitEstimate
from kiosk_core.intake import Intake
from kiosk_core.models import OPEN_STATUSES, AuditEvent, Client, Location, TicketCounter, Visit, utcnow
from kiosk_core.moving import elsewhere
from kiosk_core.queue import location_by_slug, place_in_queue
from kiosk_core.routing import FRONT_DESK_FLAGS, red_flags, route


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
    see_front_desk: bool  # a red flag that needs a word before the client sits down among others
    position: int | None  # 1 = next; None once called
    wait: WaitEstimate | None  # None once called (kiosk_core.waits)
    already_checked_in: bool


@lru_cache(maxsize=1)
def _first_read() -> sa.Select:
    """The location's id, the client's first name and their open visit today (at any location:
    one a day): one query, built once. Parameters: slug, client_id, day."""
    open_visit = (
        select(Visit.id)
        .where(
            Visit.client_id == sa.bindparam("client_id"),
            Visit.clinic_day == sa.bindparam("day"),
            Visit.status.in_(OPEN_STATUSES),
        )
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(Location.id, Client.first_name, open_visit)
        .join(Client, Client.id == sa.bindparam("client_id"))
        .where(Location.slug == sa.bindparam("slug"))
    )


@lru_cache(maxsize=16)
def _statements(dialect: str, visit_columns: tuple[str, ...], audit_columns: tuple[str, ...]) -> tuple:
    """A new check-in's statements, built once: building them on every check-in cost more than
    running them. Parameters: the counter's `c_*`, the visit's columns, the audit row's `a_*`."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    counter = TicketCounter.__table__
    bump = (
        insert(counter)
        .values(
            location_id=sa.bindparam("c_location_id"),
            clinic_day=sa.bindparam("c_clinic_day"),
            prefix=sa.bindparam("c_prefix"),
            last_number=1,
        )
        .on_conflict_do_update(
            index_elements=["location_id", "clinic_day", "prefix"], set_={"last_number": counter.c.last_number + 1}
        )
        .returning(counter.c.last_number)
    )
    visits, audit = Visit.__table__, AuditEvent.__table__
    if dialect != "postgresql":  # SQLite: three statements; the whole database is locked from BEGIN IMMEDIATE
        audit_values = {name: sa.bindparam(f"a_{name}") for name in (*audit_columns, "visit_id", "detail")}
        return bump, visits.insert().returning(visits.c.id), audit.insert().values(**audit_values)
    # PostgreSQL: one statement, then COMMIT. The counter row is locked from the bump to the commit
    # (with 16 tablets, 74% of a check-in went waiting on it), so nothing else runs in between.
    bumped = bump.cte("bumped")
    number = sa.cast(bumped.c.last_number, sa.Text)
    code = sa.bindparam("c_prefix") + "-" + sa.func.lpad(number, sa.func.greatest(3, sa.func.length(number)), "0")
    new = (
        visits.insert()
        .from_select(
            [*visit_columns, "ticket_code"], sa.select(*_typed(visits, visit_columns), code).select_from(bumped)
        )
        .returning(visits.c.id, visits.c.ticket_code)
        .cte("new")
    )
    audited = audit.insert().from_select(
        [*audit_columns, "visit_id", "detail"],
        sa.select(*_typed(audit, audit_columns, "a_"), new.c.id, new.c.ticket_code).select_from(new),
    )
    return (sa.select(new.c.id, new.c.ticket_code).add_cte(audited.cte("audited")),)


def _typed(table: sa.Table, names: tuple[str, ...], prefix: str = "") -> list:
    # Cast, so that PostgreSQL reads each value as its column's type in INSERT ... SELECT (JSON above all).
    return [sa.cast(sa.bindparam(prefix + name, type_=table.c[name].type), table.c[name].type) for name in names]


def _insert_visit(session: Session, visit: Visit, row: dict, prefix: str) -> None:
    """The counter, the visit (`row`: its columns) and its audit row: the whole write of a new
    check-in. Sets the visit's id and ticket code."""
    audit = {"at": visit.checked_in_at, "action": "check_in", "location_id": visit.location_id}
    audit |= {"client_id": visit.client_id, "therapist_id": None}
    counter = {"c_location_id": visit.location_id, "c_clinic_day": visit.clinic_day, "c_prefix": prefix}
    connection = session.connection()  # Core, not the ORM's execute: a third of the time, and nothing to track
    statements = _statements(connection.dialect.name, tuple(row), tuple(audit))
    audit = {f"a_{name}": value for name, value in audit.items()}
    if connection.dialect.name == "postgresql":
        visit.id, visit.ticket_code = connection.execute(statements[0], {**row, **audit, **counter}).one()
        return
    bump, insert_visit, insert_audit = statements
    visit.ticket_code = f"{prefix}-{connection.execute(bump, counter).scalar_one():03d}"
    visit.id = connection.execute(insert_visit, {**row, "ticket_code": visit.ticket_code}).scalar_one()
    connection.execute(insert_audit, {**audit, "a_visit_id": visit.id, "a_detail": visit.ticket_code})


def _defaults(table: sa.Table) -> dict:
    """The model's defaults for a new row. Given to the model explicitly, they halve the cost of
    making one (pydantic inspects each default factory on every use)."""
    return {
        column.name: column.default.arg(None) if column.default.is_callable else column.default.arg
        for column in table.columns
        if column.default is not None
    }


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
    found = session.connection().execute(_first_read(), {"slug": location_slug, "client_id": client_id, "day": day})
    row = found.first()
    if row is None:
        location_by_slug(session, location_slug)  # NotFound with its own words for a wrong location
        raise NotFound("We couldn't find your details. Please ask at the front desk.")
    location_id, first_name, open_visit_id = row
    if open_visit_id is not None:
        elsewhere(session, open_visit_id, location_id)
        return _add_new_flags(session, open_visit_id, intake, clinic, now, begin), False, first_name
    decision = route(intake, clinic.routing)
    values = {
        "location_id": location_id,
        "client_id": client_id,
        "clinic_day": day,
        "queue": decision.queue,
        "routed_queue": decision.queue,
        "intake_json": intake.to_json(),
        "reasons": list(decision.reasons),
        "flags": list(decision.flags),
        "language": language,
        "checked_in_at": now,
    }
    row = _defaults(Visit.__table__) | values
    visit = Visit(**row, ticket_code="")  # made before the write lock is taken: it costs more than the insert
    begin(session)
    _insert_visit(session, visit, row, clinic.queues[decision.queue].ticket_prefix)
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

    def attempt(session: Session):
        try:
            return _open_or_create(session, clinic=clinic, now=now, begin=db.begin_writes, **request)
        except sa.exc.IntegrityError as error:
            # Another tablet opened this client's visit since our read: the next try finds it.
            raise db.TryAgain from error

    visit, created, first_name = db.run_write(attempt, engine=engine)
    with db.read_session(engine) as session:
        place = place_in_queue(session=session, clinic=clinic, visit=visit, now=now)
    return make_ticket(clinic, visit, first_name, place, already_checked_in=not created)


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
