"""What the queue board asks of the core: the board for one therapist, one visit's intake, and
every action taken from it. Each call is its own unit of work, for the signed-in member only
(kiosk_core.screens.staff_desk offers them to the screens with the other staff calls)."""

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.care.glance import CareGlance, glance
from kiosk_core.care.notes import notes_to_sign
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig, load_clinic, settings
from kiosk_core.errors import NotFound
from kiosk_core.i18n import LANGUAGES
from kiosk_core.intake.answers import Intake, describe
from kiosk_core.intake.wording import flag_text, reason_text
from kiosk_core.models import AuditEvent, Client, RecentAction, Therapist, Visit, utcnow
from kiosk_core.records.report_due import reports_due
from kiosk_core.staff.on_duty import Authority, audit_read, on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.shifts import on_shift_for
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.visits import close_day
from kiosk_core.visits.actions import apply_action, call_next, reroute
from kiosk_core.visits.review import record_review
from kiosk_core.visits.todays_queue import QueueEntry, finished_count, language_name, todays_queue
from kiosk_core.visits.transitions import OPEN, UNDOABLE, may_clear, needs_review, offered_actions
from kiosk_core.visits.undo import undo as undo_last
from kiosk_core.vocabulary import Queue, ReviewOutcome, VisitAction, VisitStatus, may_serve

A = VisitAction
ACTION_DONE = {
    A.CALL: "{code} called.",
    A.START: "{code} started.",
    A.PAUSE: "{code} paused: the client stepped out.",
    A.RESUME: "{code} resumed.",
    A.FINISH: "{code} finished.",
    A.NO_SHOW: "{code} marked as a no-show.",
    A.WALK_OUT: "{code} marked as walked out.",
    A.CANCEL: "{code} cancelled.",
    A.REQUEUE: "{code} is back in the queue.",
    A.REROUTE: "{code} moved to the {queue} queue.",
}


def said(action: VisitAction, visit: Visit | QueueEntry) -> str:
    """What an action did, in words, shown next to the visit."""
    if action == A.REVIEW:
        if visit.status == VisitStatus.DECLINED:
            return f"{visit.ticket_code}: not today. The visit is closed as declined for safety."
        return f"{visit.ticket_code} cleared: the massage can start."
    return ACTION_DONE[action].format(code=visit.ticket_code, queue=visit.queue)


@dataclass(frozen=True)
class Recent:
    """This therapist's last action on a visit, shown next to it for a few seconds."""

    action: VisitAction
    said: str
    undo_seconds_left: int | None  # None: it can't be undone (or no longer)


@dataclass(frozen=True)
class Board:
    mine: list[QueueEntry]  # the therapist's own clients (called, in session or paused)
    queues: dict[str, list[QueueEntry]]  # the other open visits per queue: to review first, then in order
    finished_today: int
    # Visits this therapist acted on in the last few seconds, by id: the result (and the undo),
    # kept in its place on the board even once the visit is closed.
    recent: dict[int, Recent] = field(default_factory=dict)
    offers: dict[int, list[VisitAction]] = field(default_factory=dict)  # the taps this therapist may make, by visit
    # The queues this therapist may call from, by their training as it is now in the database, not at sign-in.
    serves: tuple[Queue, ...] = ()
    clears: frozenset[int] = frozenset()  # the visits whose red flags this therapist may clear (clinic policy)
    to_sign: list = field(default_factory=list)  # the therapist's medical notes unsigned past KIOSK_NOTE_SIGN_HOURS
    reports_due: list = field(default_factory=list)  # kiosk_core.records.report_due: therapists only


def board(*, clinic: ClinicConfig, member: StaffMember, now: datetime | None = None, audit: bool = False) -> Board:
    """Today's queue at the member's location. `audit`: record this look; the board refreshes
    every 2 seconds, so the screen asks for it once per sign-in and location. Visits left open on
    an earlier day are closed here (see kiosk_core.visits.close_day), at the first look of the day.
    The member's authority is read in the same snapshot: a change by an admin stops the next refresh."""
    now = now or utcnow()
    window = timedelta(seconds=settings.undo_seconds)

    def read(session):
        # One snapshot: a visit finished or tapped meanwhile is either in the queue read or in
        # the count and the taps, never in both or neither.
        db.one_snapshot(session)
        who = on_duty(session, member, Need.BOARD)
        latest = session.exec(
            select(RecentAction).where(
                RecentAction.therapist_id == who.therapist_id, RecentAction.done_at >= now - window
            )
        ).all()
        entries = todays_queue(
            session=session,
            clinic=clinic,
            location_slug=who.location_slug,
            now=now,
            open_and=[r.visit_id for r in latest],
        )
        finished = finished_count(session=session, location_slug=who.location_slug, now=now)
        if audit:
            audit_read(session, who, "view_board", f"today's queue, {clinic_day(now).isoformat()}")
        hours = settings.note_sign_hours
        late = notes_to_sign(session=session, therapist_id=who.therapist_id, now=now, hours=hours)
        due = reports_due(session=session, therapist_id=who.therapist_id, location_id=who.location_id,
                          every=settings.progress_report_every, now=now) if who.may(Need.INTAKE) else []  # fmt: skip
        return who, latest, entries, finished, close_day.due(session=session, now=now), (late, due)

    who, latest, entries, finished, day_over, (late, due) = (db.run_write if audit else db.run_read)(read)
    taps = who.may(Need.VISIT_TAP)  # the front desk sees the queues and taps nothing
    trained = taps and who.medical_trained
    if day_over:

        def close(session):
            db.begin_writes(session)
            return close_day.close_ended_days(session=session, now=now)

        closed = db.run_write(close)
        close_day.total_ended_days(closed=closed, now=now)
    by_id = {e.visit_id: e for e in entries}
    recent = {r.visit_id: _recent(r, by_id[r.visit_id], now, window) for r in latest if r.visit_id in by_id}
    shown = [e for e in entries if e.status in OPEN or e.visit_id in recent]
    others = [e for e in shown if e.therapist_id != who.therapist_id]
    others.sort(key=lambda e: not (e.to_review and e.status in OPEN))  # stable: otherwise in check-in order
    return Board(
        mine=[e for e in shown if e.therapist_id == who.therapist_id],
        queues={q: [e for e in others if e.queue == q] for q in Queue},
        finished_today=finished,
        recent=recent,
        offers={
            e.visit_id: offered_actions(e.status, queue=e.queue, medical_trained=trained, to_review=e.to_review)
            for e in shown
            if e.status in OPEN and taps
        },
        serves=tuple(queue for queue in Queue if taps and may_serve(queue, medical_trained=trained)),
        clears=frozenset(
            e.visit_id for e in shown if taps and may_clear(e.queue, medical_trained=trained, policy=clinic.review)
        ),
        to_sign=[(v.id, v.ticket_code, v.clinic_day.isoformat()) for v in late],
        reports_due=due,
    )


def _recent(row: RecentAction, entry: QueueEntry, now: datetime, window: timedelta) -> Recent:
    left = (row.done_at + window - now).total_seconds()
    undoable = row.action in UNDOABLE and row.before is not None and left > 0
    return Recent(row.action, said(row.action, entry), math.ceil(left) if undoable else None)


@dataclass(frozen=True)
class VisitDetail:
    visit_id: int
    ticket_code: str
    name: str  # first name and last initial
    queue: Queue
    routed_queue: Queue
    status: VisitStatus
    answers: dict[str, str]
    reasons: list[str]
    flags: list[str]
    reroute_reason: str
    language: str  # the language the client answered in, by its own name
    speaks: str = ""  # ...and in English words
    to_review: bool = False
    review: str = ""  # the latest review: outcome, who, when and the note
    closed_reason: str = ""  # a walk-out's or a "not today"'s
    care: CareGlance | None = None  # the plan's progress, what a regular likes, the note (kiosk_core.care.glance)


def open_visit(*, member: StaffMember, visit_id: int) -> VisitDetail:
    """The whole intake of one visit at the therapist's location; each look is audited."""

    def work(session):
        db.begin_writes(session)
        who = on_duty(session, member, Need.INTAKE)
        visit = _here(session, who, visit_id)
        client = session.get(Client, visit.client_id)
        reviewer = session.get(Therapist, visit.reviewed_by) if visit.reviewed_by else None
        session.add(
            AuditEvent(
                action="view_intake",
                therapist_id=who.therapist_id,
                location_id=visit.location_id,
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
            answers=describe(Intake.from_stored(visit.intake_json)),
            reasons=[reason_text(reason) for reason in visit.reasons],
            flags=[flag_text(flag) for flag in visit.flags],
            language=LANGUAGES.get(visit.language, visit.language),
            speaks=language_name(visit.language),
            reroute_reason=visit.reroute_reason,
            to_review=needs_review(visit.flags, visit.review_outcome, visit.reviewed_flags),
            review=_review_line(visit, reviewer),
            closed_reason=visit.closed_reason,
            care=glance(session=session, visit=visit, today=clinic_day()),
        )

    return db.run_write(work)


def _review_line(visit: Visit, reviewer: Therapist | None) -> str:
    if visit.review_outcome is None:
        return ""
    outcome = "Cleared" if visit.review_outcome == ReviewOutcome.CLEARED else "Not today"
    when = visit.reviewed_at.astimezone(settings.tz).strftime("%H:%M")
    return f"{outcome} by {reviewer.name if reviewer else 'a therapist'} at {when}: {visit.review_note}"


def _here(session, who: Authority, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.location_id != who.location_id:
        raise NotFound("That visit isn't at this location.")
    return visit


def _tap(member: StaffMember, visit_id: int | None, change: Callable[[Session, Authority], str]) -> str:
    """One tap in a unit of work of its own that writes from the start, by a member whose
    authority is read in it, on a visit (if any) at their location; returns what happened, in words."""

    def work(session: Session) -> str:
        db.begin_writes(session)
        who = on_duty(session, member, Need.VISIT_TAP)
        if visit_id is not None:
            _here(session, who, visit_id)
        return change(session, who)

    return db.run_write(work)


def _by(who: Authority, confirm_for: int | None) -> dict:
    return {"therapist_id": who.therapist_id, "confirm_for": confirm_for}


def act(
    *, member: StaffMember, visit_id: int, action: VisitAction, reason: str = "", confirm_for: int | None = None
) -> str:
    """Apply one tap to a visit; returns what happened, in words. Raises OthersClient (naming the
    therapist) for a client another therapist holds, until `confirm_for` names that therapist."""
    where = {"visit_id": visit_id, "action": action, "reason": reason}
    return _tap(
        member,
        visit_id,
        lambda s, who: said(action, apply_action(session=s, **where, **_by(on_shift_for(action, who), confirm_for))),
    )


def review(*, member: StaffMember, visit_id: int, outcome: str, note: str, confirm_for: int | None = None) -> str:
    """Record the red-flag review: "cleared" with a note, or "not today" with the reason."""
    what = {"visit_id": visit_id, "outcome": outcome, "note": note}
    return _tap(
        member,
        visit_id,
        lambda s, who: said(
            A.REVIEW, record_review(session=s, **what, policy=load_clinic().review, **_by(who, confirm_for))
        ),
    )


def undo(*, member: StaffMember, visit_id: int) -> str:
    def change(session: Session, who: Authority) -> str:
        visit = undo_last(session=session, visit_id=visit_id, therapist_id=who.therapist_id)
        where = "back in its place in the queue" if visit.status == VisitStatus.WAITING else "back as it was"
        return f"Undone: {visit.ticket_code} is {where}."

    return _tap(member, visit_id, change)


def call_next_client(*, member: StaffMember, queue: Queue) -> str:
    def change(s: Session, who: Authority) -> str:
        on_shift_for(A.CALL, who)
        return said(
            A.CALL, call_next(session=s, location_slug=who.location_slug, queue=queue, therapist_id=who.therapist_id)
        )

    return _tap(member, None, change)


def move_to_queue(
    *, member: StaffMember, visit_id: int, to_queue: Queue, reason: str, confirm_for: int | None = None
) -> str:
    what = {"visit_id": visit_id, "to_queue": to_queue, "reason": reason}
    return _tap(member, visit_id, lambda s, who: said(A.REROUTE, reroute(session=s, **what, **_by(who, confirm_for))))
