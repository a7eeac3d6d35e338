"""The database tables. Times are stored in UTC; the clinic day is the date in the clinic's zone."""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from kiosk_core.vocabulary import OPEN_STATUSES, Queue, ReviewOutcome, VisitAction, VisitStatus


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite (naive) and PostgreSQL alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None) if dialect.name == "sqlite" else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _time(**kwargs) -> object:
    return Field(sa_type=UTCDateTime, **kwargs)


# Locations: mirrored from the clinic file at start-up, so visits can point at them.
class Location(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=63)
    name: str = Field(max_length=100)
    address: str = Field(default="", max_length=200)


# Clients: the people who check in. Cards point at them; nothing about them is in a card.
class Client(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    first_name: str = Field(max_length=60)
    last_name: str = Field(max_length=60)
    phone: str = Field(default="", max_length=20, index=True)
    email: str = Field(default="", max_length=254, index=True)
    birth_date: date | None = None
    address: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})  # for superbills
    created_at: datetime = _time(default_factory=utcnow)
    # A merged duplicate (kiosk_core.clients.merging) points at the one kept: its old cards still work.
    merged_into_id: int | None = Field(default=None, foreign_key="client.id", nullable=True)


# Cards: the QR token's SHA-256 only; the token itself is printed once and never stored.
class Card(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    issued_at: datetime = _time(default_factory=utcnow)
    revoked_at: datetime | None = _time(default=None, nullable=True)


# Therapists: who may call from which queue at which location.
class TherapistLocation(SQLModel, table=True):
    therapist_id: int = Field(foreign_key="therapist.id", primary_key=True)
    location_id: int = Field(foreign_key="location.id", primary_key=True)


class Therapist(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)
    pin_hash: str = Field(max_length=200)
    medical_trained: bool = False
    credentials: str = Field(default="", max_length=40, sa_column_kwargs={"server_default": ""})  # "LMT", on superbills
    npi: str = Field(default="", max_length=10, sa_column_kwargs={"server_default": ""})  # an individual NPI, if any
    is_admin: bool = False
    roles: list[str] = Field(default_factory=lambda: ["therapist"], sa_type=sa.JSON)  # kiosk_core.staff.roles
    active: bool = True
    failed_pin_attempts: int = 0
    lockouts: int = 0  # in a row; each lockout lasts twice as long as the one before
    locked_until: datetime | None = _time(default=None, nullable=True)


# The partial unique indexes below, as migrations 0007 and 0017 wrote them.
_OPEN_SQL = f"status IN ({', '.join(repr(status.value) for status in OPEN_STATUSES)})"
_HELD = {f"{d}_where": sa.text("ended_at IS NULL AND room != ''") for d in ("sqlite", "postgresql")}
_OPEN_ONLY = {"sqlite_where": sa.text(_OPEN_SQL), "postgresql_where": sa.text(_OPEN_SQL)}


# Visits: one check-in, from the lobby to done. Every transition keeps its time.
class Visit(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("location_id", "clinic_day", "ticket_code", name="uq_visit_ticket"),
        sa.Index("ix_visit_queue_today", "location_id", "clinic_day", "queue", "status"),
        # A client has at most one open visit per clinic day, at any location (migration 0007):
        # the backstop for idempotent check-in and for moving a visit between locations.
        sa.Index("uq_visit_open_client", "client_id", "clinic_day", unique=True, **_OPEN_ONLY),
        # Close of day looks for open visits of earlier days on every board refresh: a few index
        # seeks instead of a scan of every visit ever.
        sa.Index("ix_visit_open_by_day", "status", "clinic_day"),
        # The estimate's session lengths from the index alone; a therapist's notes to sign (0018).
        sa.Index("ix_visit_session_lengths", "location_id", "queue", "status", "clinic_day", "session_minutes"),
        sa.Index("ix_visit_therapist_day", "therapist_id", "status", "clinic_day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    location_id: int = Field(foreign_key="location.id")
    client_id: int = Field(foreign_key="client.id", index=True)
    clinic_day: date
    queue: Queue = Field(sa_type=sa.String(20))
    ticket_code: str = Field(max_length=12)
    status: VisitStatus = Field(default=VisitStatus.WAITING, sa_type=sa.String(20))
    intake_json: dict = Field(sa_type=sa.JSON)  # the answers: Intake.stored(), read with Intake.from_stored
    routed_queue: Queue = Field(sa_type=sa.String(20))
    # Codes with their values, e.g. [{"code": "high_pain", "pain": 8}]; words are made when shown.
    reasons: list[dict] = Field(default_factory=list, sa_type=sa.JSON)
    flags: list[dict] = Field(default_factory=list, sa_type=sa.JSON)
    language: str = Field(default="en", max_length=5, sa_column_kwargs={"server_default": "en"})
    reroute_reason: str = Field(default="", max_length=500)
    checked_in_at: datetime = _time(default_factory=utcnow)
    called_at: datetime | None = _time(default=None, nullable=True)
    started_at: datetime | None = _time(default=None, nullable=True)
    finished_at: datetime | None = _time(default=None, nullable=True)
    no_show_at: datetime | None = _time(default=None, nullable=True)
    cancelled_at: datetime | None = _time(default=None, nullable=True)
    rerouted_at: datetime | None = _time(default=None, nullable=True)
    therapist_id: int | None = Field(default=None, foreign_key="therapist.id")
    # The red-flag review (see kiosk_core.visits.review): the latest one, with the flag codes it covered,
    # so a flag added by a second check-in after it asks for a review again.
    review_outcome: ReviewOutcome | None = Field(default=None, sa_type=sa.String(20), nullable=True)
    reviewed_flags: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    review_note: str = Field(default="", max_length=500)
    reviewed_at: datetime | None = _time(default=None, nullable=True)
    reviewed_by: int | None = Field(default=None, foreign_key="therapist.id")
    # Walked out, declined or day ended: when, and the reason given (optional for a walk-out).
    closed_at: datetime | None = _time(default=None, nullable=True)
    closed_reason: str = Field(default="", max_length=500)
    # Minutes in session (the SessionPeriod rows summed, set at its end): what reports count.
    session_minutes: float | None = None
    # Where the client was told to go when called: the therapist's room ("": no rooms, name them).
    room: str = Field(default="", max_length=60, sa_column_kwargs={"server_default": ""})
    # Recognised by name and phone or e-mail, without the card: the desk offers a new card.
    without_card: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})


# One stretch of massage: a pause ends one, a resume starts the next. Open (ended_at null) only
# while the visit is in session.
class SessionPeriod(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    started_at: datetime = _time()
    ended_at: datetime | None = _time(default=None, nullable=True)


# The last action on a visit, for the seconds it can be undone and its result shown by it; `before`
# holds what the undo puts back (None: it can't be). A later change replaces the row, so an undo
# never overwrites something newer.
class RecentAction(SQLModel, table=True):
    visit_id: int = Field(foreign_key="visit.id", primary_key=True)
    action: VisitAction = Field(sa_type=sa.String(20))
    therapist_id: int = Field(foreign_key="therapist.id", index=True)
    done_at: datetime = _time()
    before: dict | None = Field(default=None, sa_type=sa.JSON, nullable=True)


# Shifts: a therapist working at a location in a room ("" where none) (kiosk_core/staff/shifts.py).
class Shift(SQLModel, table=True):
    __table_args__ = (
        sa.Index("ix_shift_location_open", "location_id", "ended_at"),
        sa.Index("ix_shift_therapist_open", "therapist_id", "ended_at"),
        sa.Index("ux_shift_open_room", "location_id", "room", unique=True, **_HELD),  # one therapist a room
    )
    id: int | None = Field(default=None, primary_key=True)
    therapist_id: int = Field(foreign_key="therapist.id")
    location_id: int = Field(foreign_key="location.id")
    clinic_day: date
    room: str = Field(default="", max_length=60)
    started_at: datetime = _time()
    ended_at: datetime | None = _time(default=None, nullable=True)
    end_reason: str = Field(default="", max_length=20)  # kiosk_core.staff.shifts.END_REASONS
    seen_at: datetime | None = _time(default=None, nullable=True)  # the board's last heartbeat


# Ticket counters: one row per location, day and ticket prefix, bumped in the check-in transaction.
class TicketCounter(SQLModel, table=True):
    location_id: int = Field(foreign_key="location.id", primary_key=True)
    clinic_day: date = Field(primary_key=True)
    prefix: str = Field(primary_key=True, max_length=3)
    last_number: int = 0


# Audit events: who did or saw what, when and where.
class AuditEvent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _time(default_factory=utcnow, index=True)
    action: str = Field(max_length=40)
    therapist_id: int | None = Field(default=None, foreign_key="therapist.id", index=True)
    location_id: int | None = Field(default=None, foreign_key="location.id")
    client_id: int | None = Field(default=None, foreign_key="client.id")
    visit_id: int | None = Field(default=None, foreign_key="visit.id")
    detail: str = Field(default="", max_length=1000)


# Links to a visit's live ticket on the client's phone (kiosk_core.checkin.ticket_links): the
# token's SHA-256 only (the link the tablet shows once). Good until the visit's clinic day ends.
class TicketLink(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    token_hash: str = Field(unique=True, max_length=64)
    expires_at: datetime = _time()


# Requests counted per key (a phone, a location) and minute (kiosk_core.checkin.rate_limit): in the
# database, so that every server of a clinic shares one count.
class RateCount(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_ratecount_window", "window_start"),)

    key: str = Field(primary_key=True, max_length=80)
    window_start: datetime = _time(primary_key=True)
    count: int = 0


# Report totals (kiosk_core.reports.day_totals): a past day's figures at a location, so a year's
# report reads a few thousand rows, not every visit. They count only while the day's ReportDay is
# done; migration 0008's triggers delete it when one of the day's visits is written (counted again).
class ReportDay(SQLModel, table=True):
    location_id: int = Field(foreign_key="location.id", primary_key=True)
    clinic_day: date = Field(primary_key=True)
    basis: str = Field(max_length=80)  # what the rows were counted with: their version, the time zone
    claim: str = Field(max_length=32)  # the totalling that may write them (see totalling.claim)
    totalled_at: datetime | None = _time(default=None, nullable=True)


class ReportCount(SQLModel, table=True):
    location_id: int = Field(foreign_key="location.id", primary_key=True)
    clinic_day: date = Field(primary_key=True)
    hour: int = Field(primary_key=True)  # of the check-in, clinic time
    queue: Queue = Field(primary_key=True, sa_type=sa.String(20))  # the routed queue
    check_ins: int
    flagged: int
    rerouted: int


class ReportFlag(SQLModel, table=True):
    location_id: int = Field(foreign_key="location.id", primary_key=True)
    clinic_day: date = Field(primary_key=True)
    code: str = Field(primary_key=True, max_length=40)
    visits: int  # flags of that code: a visit flagged twice with it counts twice, as in the scan


# Waits and sessions (in the visit's queue) by whole minute, with the exact minutes: the report
# finds the minutes holding its median and 90th percentile from the counts, then reads only their
# exact values, so its figures are the scan's. Key: a minute's days; index: a day's counts.
class ReportTime(SQLModel, table=True):
    __table_args__ = (
        sa.Index("ix_reporttime_day", "location_id", "clinic_day", "queue", "measure", "minute", "visits"),
    )

    location_id: int = Field(foreign_key="location.id", primary_key=True)
    queue: Queue = Field(primary_key=True, sa_type=sa.String(20))
    measure: str = Field(primary_key=True, max_length=10)  # wait, session
    minute: int = Field(primary_key=True)  # the values' whole minute
    clinic_day: date = Field(primary_key=True)
    visits: int
    # The values, sorted, as little-endian IEEE 754 doubles: the very floats the scan computes
    # (text would round them or cost 1.5 µs each to write), 8 bytes apiece.
    minutes: bytes = Field(sa_type=sa.LargeBinary)


# Lobby tablets (kiosk_core.checkin.tablets): the token's SHA-256 only, one location; revoked ones kept.
class Tablet(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60)
    location_id: int = Field(foreign_key="location.id")
    token_hash: str = Field(unique=True, max_length=64)
    enrolled_at: datetime = _time(default_factory=utcnow)
    enrolled_by: int | None = Field(default=None, foreign_key="therapist.id")
    last_used_at: datetime | None = _time(default=None, nullable=True)
    revoked_at: datetime | None = _time(default=None, nullable=True)


# Wrong PINs counted per member and source, and per source (kiosk_core.staff.lockouts).
class PinLock(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=40)
    failed: int = 0  # in a row
    lockouts: int = 0  # in a row; each lasts twice as long as the one before
    locked_until: datetime | None = _time(default=None, nullable=True)


# The care, paperwork and sign-in tables live with their capability; imported so every table is on the metadata.
import kiosk_core.care.tables, kiosk_core.records.document_table, kiosk_core.records.tables, kiosk_core.staff.sign_ins  # noqa: E401, E402, F401, I001
