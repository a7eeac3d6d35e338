"""What the staff screens ask of the core: one call per action, each its own unit of work.

Every call that reads or changes a client's data takes the signed-in `member` and refuses
without one. Every read of health data leaves an audit row (who, when, where, what range):
the board, an opened intake, a report, a CSV download and the audit log itself.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import select

from kiosk_core import db, staff
from kiosk_core.board import (  # noqa: F401  (the board's calls, offered to the screens from here)
    ACTION_DONE,
    Board,
    Recent,
    VisitDetail,
    act,
    board,
    call_next_client,
    move_to_queue,
    open_visit,
    review,
    undo,
)
from kiosk_core.clock import clinic_day
from kiosk_core.config import QUEUES, QueueName, settings
from kiosk_core.duty import audit_read, on_duty
from kiosk_core.errors import NotAllowed
from kiosk_core.export import visits_csv
from kiosk_core.models import AuditEvent, Therapist, Visit, VisitStatus, utcnow
from kiosk_core.queue import location_by_slug
from kiosk_core.reports import Report, visit_report

StaffMember = staff.StaffMember


def therapist_choices() -> list[tuple[int, str, list[tuple[str, str]]]]:
    with db.read_session() as session:
        return staff.therapist_choices(session=session)


def sign_in(*, therapist_id: int, pin: str, location_slug: str) -> StaffMember:
    with db.write_session() as session:
        return staff.sign_in(
            session=session,
            therapist_id=therapist_id,
            pin=pin,
            location_slug=location_slug,
            max_attempts=settings.pin_max_attempts,
            lockout_minutes=settings.pin_lockout_minutes,
        )


def _days(start: date, end: date) -> str:
    return f"{start.isoformat()} to {end.isoformat()}"


def sign_out(member: StaffMember, *, reason: str = "") -> None:
    on_duty(member)
    with db.write_session() as session:
        location = location_by_slug(session, member.location_slug)
        session.add(
            AuditEvent(action="sign_out", therapist_id=member.therapist_id, location_id=location.id, detail=reason)
        )


@dataclass(frozen=True)
class LobbyBoard:
    """What the lobby TV shows: ticket codes and counts, nothing about anyone."""

    location_name: str
    now_calling: list[tuple[str, QueueName]]  # (ticket, queue), newest first
    waiting: dict[str, int]


def lobby_board(*, location_slug: str, now: datetime | None = None, shown: int = 6) -> LobbyBoard:
    now = now or utcnow()
    with db.read_session() as session:
        location = location_by_slug(session, location_slug)
        today = select(Visit.ticket_code, Visit.queue).where(
            Visit.location_id == location.id, Visit.clinic_day == clinic_day(now)
        )
        called = session.exec(today.where(Visit.status == VisitStatus.CALLED).order_by(Visit.called_at.desc())).all()
        waiting = session.exec(today.where(Visit.status == VisitStatus.WAITING)).all()
    return LobbyBoard(
        location_name=location.name,
        now_calling=[(code, queue) for code, queue in called[:shown]],
        waiting={q: sum(1 for _, queue in waiting if queue == q) for q in QUEUES},
    )


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    therapist: str
    action: str
    ticket: str
    detail: str


def audit_log(*, member: StaffMember, start: date, end: date, limit: int = 500) -> list[AuditRow]:
    """Audit events at the member's location from the clinic day `start` to `end`, both whole;
    admins only. Reading the log is itself recorded (it names who looked at whose intake)."""
    if not on_duty(member).is_admin:
        raise NotAllowed("Only admins can read the audit log.")
    first = datetime.combine(start, time.min, tzinfo=settings.tz)
    after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=settings.tz)
    with db.read_session() as session:
        location = location_by_slug(session, member.location_slug)
        rows = session.exec(
            select(AuditEvent, Therapist.name, Visit.ticket_code)
            .join(Therapist, Therapist.id == AuditEvent.therapist_id, isouter=True)
            .join(Visit, Visit.id == AuditEvent.visit_id, isouter=True)
            .where(AuditEvent.location_id == location.id, AuditEvent.at >= first, AuditEvent.at < after)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        ).all()
    audit_read(member, "view_audit_log", _days(start, end))
    return [
        AuditRow(at=e.at, therapist=name or "Tablet", action=e.action, ticket=code or "", detail=e.detail)
        for e, name, code in rows
    ]


def report(*, member: StaffMember, start: date, end: date) -> Report:
    """Check-ins, routing, red flags and times at the member's location, `start` to `end`."""
    on_duty(member)
    with db.read_session() as session:
        report = visit_report(session=session, start=start, end=end, location_slug=member.location_slug)
    audit_read(member, "view_report", _days(start, end))
    return report


def visits_csv_download(*, member: StaffMember, start: date, end: date) -> str:
    """The same visits as CSV, made when the therapist asks for the download."""
    on_duty(member)
    with db.read_session() as session:
        text = visits_csv(session=session, start=start, end=end, location_slug=member.location_slug)
    audit_read(member, "download_csv", _days(start, end))
    return text
