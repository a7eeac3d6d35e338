"""A new visit's writes, built once: the ticket counter, the visit and its audit row.

Each statement is one call on the driver's connection (kiosk_core.prepared_sql): SQLAlchemy's
execution of them cost more than the statements. The ticket code is made in SQL, by one
expression (`ticket_code`), as the counter is bumped. On PostgreSQL the three writes are one
statement, so the counter row is locked from that statement to COMMIT and nothing runs between.
kiosk_core.checkin.check_in is the one caller: it reads first, then takes the write lock.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from kiosk_core.intake.answers import Intake
from kiosk_core.intake.routing import RoutingDecision
from kiosk_core.models import AuditEvent, Client, Location, TicketCounter, Visit
from kiosk_core.prepared_sql import Prepared
from kiosk_core.vocabulary import OPEN_STATUSES, VisitStatus

AUDIT_COLUMNS = ("at", "action", "location_id", "client_id", "therapist_id")
COUNTER = ("c_location_id", "c_clinic_day", "c_prefix")


@dataclass(frozen=True)
class NewVisit:
    """A visit just written, with what its ticket and its place in line read. Not a Visit:
    making one cost more than the insert."""

    id: int
    ticket_code: str
    location_id: int
    queue: str
    reasons: list[dict]
    flags: list[dict]
    checked_in_at: datetime
    status: VisitStatus = VisitStatus.WAITING


def _first_read() -> sa.Select:
    """The location's id, the client's first name and their open visit today (at any location:
    one a day): one query (built once, by _reads). Parameters: slug, client_id, day."""
    open_visit = (
        sa.select(Visit.id)
        .where(
            Visit.client_id == sa.bindparam("client_id"),
            Visit.clinic_day == sa.bindparam("day"),
            Visit.status.in_(OPEN_STATUSES),
        )
        .limit(1)
        .scalar_subquery()
    )
    return (
        sa.select(Location.id, Client.first_name, open_visit)
        .join(Client, Client.id == sa.bindparam("client_id"))
        .where(Location.slug == sa.bindparam("slug"))
    )


def ticket_code(prefix, number) -> sa.ColumnElement[str]:
    """The ticket code, e.g. M-007 or T-1234: the queue's prefix and the day's number, at least
    three digits. The one place a code is made, as SQL that both databases run."""
    digits = sa.cast(number, sa.Text)
    padded = sa.case((number < 10, "00" + digits), (number < 100, "0" + digits), else_=digits)
    return sa.type_coerce(prefix, sa.Text) + "-" + padded


def _statements(dialect: str, visit_columns: tuple[str, ...]) -> tuple:
    """A new check-in's writes (built once, by _writes: building them on every check-in cost more
    than running them). Parameters: the counter's `c_*`, the visit's columns, the audit row's `a_*`."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    counter = TicketCounter.__table__
    bump = (
        insert(counter)
        .values(**{name[2:]: sa.bindparam(name) for name in COUNTER}, last_number=1)
        .on_conflict_do_update(
            index_elements=["location_id", "clinic_day", "prefix"], set_={"last_number": counter.c.last_number + 1}
        )
        .returning(ticket_code(counter.c.prefix, counter.c.last_number).label("ticket_code"))
    )
    visits, audit = Visit.__table__, AuditEvent.__table__
    if dialect != "postgresql":  # SQLite: three statements; the whole database is locked from BEGIN IMMEDIATE
        audit_values = {name: sa.bindparam(f"a_{name}") for name in (*AUDIT_COLUMNS, "visit_id", "detail")}
        # No RETURNING on the visit: lastrowid costs nothing (SQLite restores it after 0008's trigger).
        return bump, visits.insert(), audit.insert().values(**audit_values)
    # PostgreSQL: one statement. The counter row is locked from the bump to the end of the
    # transaction (with 16 tablets, 74% of a check-in went waiting on it), so nothing else runs in between.
    bumped = bump.cte("bumped")
    code = bumped.c.ticket_code
    new = (
        visits.insert()
        .from_select(
            [*visit_columns, "ticket_code"], sa.select(*_typed(visits, visit_columns), code).select_from(bumped)
        )
        .returning(visits.c.id, visits.c.ticket_code)
        .cte("new")
    )
    audited = audit.insert().from_select(
        [*AUDIT_COLUMNS, "visit_id", "detail"],
        sa.select(*_typed(audit, AUDIT_COLUMNS, "a_"), new.c.id, new.c.ticket_code).select_from(new),
    )
    return (sa.select(new.c.id, new.c.ticket_code).add_cte(audited.cte("audited")),)


def _typed(table: sa.Table, names: tuple[str, ...], prefix: str = "") -> list:
    # Cast, so that PostgreSQL reads each value as its column's type in INSERT ... SELECT (JSON above all).
    return [sa.cast(sa.bindparam(prefix + name, type_=table.c[name].type), table.c[name].type) for name in names]


def defaults(table: sa.Table) -> dict:
    """The model's defaults for a new row. Given to the model explicitly, they halve the cost of
    making one (pydantic inspects each default factory on every use)."""
    return {
        column.name: column.default.arg(None) if column.default.is_callable else column.default.arg
        for column in table.columns
        if column.default is not None
    }


# A new visit's columns but its ticket code and the defaults in _fixed: what visit_row gives.
VISIT_ROW = ("location_id", "client_id", "clinic_day", "queue", "routed_queue", "intake_json", "reasons", "flags")
VISIT_ROW += ("language", "checked_in_at", "without_card")


@lru_cache(maxsize=1)
def _fixed() -> dict:
    """The model's defaults that no check-in changes (status, empty notes, no review yet): given
    to the statements once, converted once."""
    return {name: value for name, value in defaults(Visit.__table__).items() if name not in VISIT_ROW}


def visit_row(
    *,
    location_id: int,
    client_id: int,
    day: date,
    decision: RoutingDecision,
    intake: Intake,
    language: str,
    now,
    without_card: bool = False,
) -> dict:
    """A new visit's VISIT_ROW columns."""
    values = (location_id, client_id, day, decision.queue, decision.queue, intake.stored())
    values += (list(decision.reasons), list(decision.flags), language, now, without_card)
    return dict(zip(VISIT_ROW, values, strict=True))


@lru_cache(maxsize=8)
def _first_read_for(dialect: sa.Dialect) -> Prepared:
    return Prepared(_first_read(), dialect, ("slug", "client_id", "day"))


def first_row(driver, dialect: sa.Dialect, *, slug: str, client_id: int, day: date) -> tuple | None:
    """(location id, client's first name, open visit id or None), or None for an unknown
    location or client: the check-in's first read."""
    found = _first_read_for(dialect).run(driver, slug=slug, client_id=client_id, day=day)
    return found[0] if found else None


@lru_cache(maxsize=8)
def _writes(dialect: sa.Dialect) -> tuple[Prepared, ...]:
    """PostgreSQL: the one statement; SQLite: the counter, the visit, the audit row."""
    row, fixed = VISIT_ROW, _fixed()
    built = _statements(dialect.name, (*row, *fixed))
    audit = tuple(f"a_{name}" for name in AUDIT_COLUMNS)
    if dialect.name == "postgresql":
        return (Prepared(built[0], dialect, (*row, *audit, *COUNTER), fixed=fixed),)
    bump, insert_visit, insert_audit = built
    return (
        Prepared(bump, dialect, COUNTER),
        Prepared(insert_visit, dialect, (*row, "ticket_code"), columns=True, fixed=fixed),
        Prepared(insert_audit, dialect, (*audit, "a_visit_id", "a_detail")),
    )


@lru_cache(maxsize=8)
def _slots(dialect: sa.Dialect) -> tuple[int, int, int]:
    """SQLite: where the ticket code goes in the visit's values, and the visit's id and the code in the audit row's."""
    _, visit, audited = _writes(dialect)
    return visit.slot("ticket_code"), audited.slot("a_visit_id"), audited.slot("a_detail")


class PendingWrite:
    """A new check-in's writes with every value converted, made before the write lock is taken:
    converting them (JSON, UTC times, dates) was a quarter of the transaction. `run` then writes
    the counter, the visit (`row`: its VISIT_ROW columns, at least) and its audit row in the
    caller's transaction and returns (visit id, ticket code)."""

    def __init__(self, dialect: sa.Dialect, *, row: dict, prefix: str) -> None:
        audit = {"a_at": row["checked_in_at"], "a_action": "check_in", "a_location_id": row["location_id"]}
        audit |= {"a_client_id": row["client_id"], "a_therapist_id": None}
        counter = {"c_location_id": row["location_id"], "c_clinic_day": row["clinic_day"], "c_prefix": prefix}
        self._writes = _writes(dialect)
        if len(self._writes) == 1:  # PostgreSQL: one statement, the code and the audit row made in it
            self._values = [self._writes[0].parameters(row | audit | counter)]
            return
        bump, visit, audited = self._writes
        # SQLite's statements take their values by place: the ticket code and the visit's id go in once known.
        self._slots = _slots(dialect)
        self._values = [
            bump.parameters(counter),
            visit.parameters(row | {"ticket_code": ""}),
            audited.parameters(audit | {"a_visit_id": None, "a_detail": ""}),
        ]

    def run(self, driver) -> tuple[int, str]:
        if len(self._writes) == 1:
            ((visit_id, code),) = self._writes[0].run_with(driver, self._values[0])
            return visit_id, code
        (bump, visit, audited), (counted, visit_values, audit_values) = self._writes, self._values
        code_at, visit_at, detail_at = self._slots
        ((code,),) = bump.run_with(driver, counted)
        visit_values[code_at] = audit_values[detail_at] = code
        audit_values[visit_at] = visit_id = driver.execute(visit.sql, visit_values).lastrowid
        audited.run_with(driver, audit_values)
        return visit_id, code
