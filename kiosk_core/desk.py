"""What the staff screens ask of the core: one call per action, each its own unit of work.

Every call that reads or changes a client's data takes the signed-in `member` and refuses
without one. Every read of health data leaves an audit row (who, when, where, what range):
the board, an opened intake, a report, a CSV download and the audit log itself.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import select

from kiosk_core import db, staff
from kiosk_core.clock import clinic_day
from kiosk_core.config import QUEUES, ClinicConfig, QueueName, settings
from kiosk_core.errors import NotAllowed, NotFound
from kiosk_core.export import visits_csv
from kiosk_core.i18n import LANGUAGES
from kiosk_core.intake import Intake, describe
from kiosk_core.models import OPEN_STATUSES, AuditEvent, Client, Therapist, Visit, VisitStatus, utcnow
from kiosk_core.queue import QueueEntry, apply_action, call_next, location_by_slug, reroute, todays_queue
from kiosk_core.reports import Report, visit_report
from kiosk_core.wording import flag_text, reason_text

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


def _on_duty(member: StaffMember | None) -> StaffMember:
    """The screens check the sign-in on every run; this is the floor under that check."""
    if not isinstance(member, StaffMember):
        raise NotAllowed("Please sign in again.")
    return member


def _audit_read(member: StaffMember, action: str, detail: str) -> None:
    """Record a read of health data. Its own short write, after the read and before anything is
    returned: what wasn't recorded is never shown."""
    with db.write_session() as session:
        location = location_by_slug(session, member.location_slug)
        session.add(AuditEvent(action=action, therapist_id=member.therapist_id, location_id=location.id, detail=detail))


def _days(start: date, end: date) -> str:
    return f"{start.isoformat()} to {end.isoformat()}"


def sign_out(member: StaffMember, *, reason: str = "") -> None:
    _on_duty(member)
    with db.write_session() as session:
        location = location_by_slug(session, member.location_slug)
        session.add(
            AuditEvent(action="sign_out", therapist_id=member.therapist_id, location_id=location.id, detail=reason)
        )


@dataclass(frozen=True)
class Board:
    mine: list[QueueEntry]  # the therapist's own called or in-session clients
    queues: dict[str, list[QueueEntry]]  # open visits per queue, in order
    finished_today: int


def board(*, clinic: ClinicConfig, member: StaffMember, now: datetime | None = None, audit: bool = False) -> Board:
    """Today's queue at the member's location. `audit`: record this look; the board refreshes
    every 2 seconds, so the screen asks for it once per sign-in and location."""
    _on_duty(member)
    with db.read_session() as session:
        entries = todays_queue(session=session, clinic=clinic, location_slug=member.location_slug, now=now)
    if audit:
        _audit_read(member, "view_board", f"today's queue, {clinic_day(now or utcnow()).isoformat()}")
    open_entries = [e for e in entries if e.status in OPEN_STATUSES]
    return Board(
        mine=[e for e in open_entries if e.therapist_id == member.therapist_id],
        queues={q: [e for e in open_entries if e.queue == q] for q in QUEUES},
        finished_today=sum(e.status == VisitStatus.DONE for e in entries),
    )


@dataclass(frozen=True)
class VisitDetail:
    visit_id: int
    ticket_code: str
    name: str  # first name and last initial
    queue: QueueName
    routed_queue: QueueName
    status: VisitStatus
    answers: dict[str, str]
    reasons: list[str]
    flags: list[str]
    reroute_reason: str
    language: str  # the language the client answered in, by its own name


def open_visit(*, member: StaffMember, visit_id: int) -> VisitDetail:
    """The whole intake of one visit at the therapist's location; each look is audited."""
    _on_duty(member)
    with db.write_session() as session:
        visit = session.get(Visit, visit_id)
        location = location_by_slug(session, member.location_slug)
        if visit is None or visit.location_id != location.id:
            raise NotFound("That visit isn't at this location.")
        client = session.get(Client, visit.client_id)
        session.add(
            AuditEvent(
                action="view_intake",
                therapist_id=member.therapist_id,
                location_id=location.id,
                client_id=client.id,
                visit_id=visit.id,
                detail=visit.ticket_code,
            )
        )
        return VisitDetail(
            visit_id=visit.id,
            ticket_code=visit.ticket_code,
            name=f"{client.first_name} {client.last_name[:1]}.",
            queue=visit.queue,
            routed_queue=visit.routed_queue,
            status=VisitStatus(visit.status),
            answers=describe(Intake.from_json(visit.intake_json)),
            reasons=[reason_text(reason) for reason in visit.reasons],
            flags=[flag_text(flag) for flag in visit.flags],
            language=LANGUAGES.get(visit.language, visit.language),
            reroute_reason=visit.reroute_reason,
        )


def _here(session, member: StaffMember, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.location_id != location_by_slug(session, member.location_slug).id:
        raise NotFound("That visit isn't at this location.")
    return visit


ACTION_DONE = {
    "call": "{code} called.",
    "start": "{code} started.",
    "finish": "{code} finished.",
    "no_show": "{code} marked as a no-show.",
    "cancel": "{code} cancelled.",
    "requeue": "{code} is back in the queue.",
}


def act(*, member: StaffMember, visit_id: int, action: str) -> str:
    """Apply one action to a visit; returns what happened, in words."""
    _on_duty(member)
    with db.write_session() as session:
        _here(session, member, visit_id)
        visit = apply_action(session=session, visit_id=visit_id, action=action, therapist_id=member.therapist_id)
        return ACTION_DONE[action].format(code=visit.ticket_code)


def call_next_client(*, member: StaffMember, queue: QueueName) -> str:
    _on_duty(member)
    with db.write_session() as session:
        visit = call_next(
            session=session, location_slug=member.location_slug, queue=queue, therapist_id=member.therapist_id
        )
        return f"{visit.ticket_code} called."


def move_to_queue(*, member: StaffMember, visit_id: int, to_queue: QueueName, reason: str) -> str:
    _on_duty(member)
    with db.write_session() as session:
        _here(session, member, visit_id)
        visit = reroute(
            session=session, visit_id=visit_id, to_queue=to_queue, reason=reason, therapist_id=member.therapist_id
        )
        return f"{visit.ticket_code} moved to the {to_queue} queue."


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
    if not _on_duty(member).is_admin:
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
    _audit_read(member, "view_audit_log", _days(start, end))
    return [
        AuditRow(at=e.at, therapist=name or "Tablet", action=e.action, ticket=code or "", detail=e.detail)
        for e, name, code in rows
    ]


def report(*, member: StaffMember, start: date, end: date) -> Report:
    """Check-ins, routing, red flags and times at the member's location, `start` to `end`."""
    _on_duty(member)
    with db.read_session() as session:
        report = visit_report(session=session, start=start, end=end, location_slug=member.location_slug)
    _audit_read(member, "view_report", _days(start, end))
    return report


def visits_csv_download(*, member: StaffMember, start: date, end: date) -> str:
    """The same visits as CSV, made when the therapist asks for the download."""
    _on_duty(member)
    with db.read_session() as session:
        text = visits_csv(session=session, start=start, end=end, location_slug=member.location_slug)
    _audit_read(member, "download_csv", _days(start, end))
    return text
