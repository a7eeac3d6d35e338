"""What the queue board asks of the core: the board for one therapist (its compact list and
what the detail pane needs for the selected client), one visit's whole intake, and every tap
(kiosk_core.screens.board_taps). Each call is its own unit of work, for the signed-in member
only (kiosk_core.screens.staff_desk offers them to the screens with the other staff calls)."""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import select

from kiosk_core import db
from kiosk_core.care.glance import CareGlance, glance
from kiosk_core.care.notes import notes_to_sign
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig, settings
from kiosk_core.i18n import LANGUAGES
from kiosk_core.intake.answers import Intake, describe
from kiosk_core.intake.staff_wording import staff_why
from kiosk_core.intake.wording import flag_text
from kiosk_core.models import AuditEvent, Client, RecentAction, Therapist, Visit, utcnow
from kiosk_core.records.report_due import reports_due
from kiosk_core.screens.board_taps import (  # noqa: F401  (offered to the screens with the board)
    ACTION_DONE,
    act,
    call_next_client,
    here,
    move_to_queue,
    review,
    said,
    undo,
)
from kiosk_core.staff.on_duty import Authority, audit_read, on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.visits import close_day
from kiosk_core.visits.board_order import board_order, next_to_serve
from kiosk_core.visits.todays_queue import QueueEntry, finished_count, language_name, todays_queue
from kiosk_core.visits.transitions import OPEN, UNDOABLE, may_clear, needs_review, offered_actions
from kiosk_core.vocabulary import Queue, ReviewOutcome, VisitAction, VisitStatus, may_serve


@dataclass(frozen=True)
class Recent:
    """This therapist's last action on a visit, shown next to it for a few seconds."""

    action: VisitAction
    said: str
    undo_seconds_left: int | None  # None: it can't be undone (or no longer)
    done_at: datetime | None = None


@dataclass(frozen=True)
class Board:
    # The compact list: every open visit today, and those this therapist closed in the last few
    # seconds (kept in place for their result and Undo), in kiosk_core.visits.board_order's order.
    rows: list[QueueEntry]
    finished_today: int
    next_id: int | None = None  # the client this therapist would call next: the top row, if any
    waiting: dict[str, int] = field(default_factory=dict)  # per queue
    # Visits this therapist acted on in the last few seconds, by id: the result (and the undo).
    recent: dict[int, Recent] = field(default_factory=dict)
    offers: dict[int, list[VisitAction]] = field(default_factory=dict)  # the taps this therapist may make, by visit
    # The queues this therapist may call from, by their training as it is now in the database, not at sign-in.
    serves: tuple[Queue, ...] = ()
    clears: frozenset[int] = frozenset()  # the visits whose red flags this therapist may clear (clinic policy)
    to_sign: list = field(default_factory=list)  # the therapist's medical notes unsigned past KIOSK_NOTE_SIGN_HOURS
    reports_due: list = field(default_factory=list)  # kiosk_core.records.report_due: therapists only
    # Why this queue, for staff ("Wants to relax; stress 8/10"), for the selected visit and the next.
    why: dict[int, str] = field(default_factory=dict)

    def row(self, visit_id: int | None) -> QueueEntry | None:
        return next((r for r in self.rows if r.visit_id == visit_id), None)


def board(
    *,
    clinic: ClinicConfig,
    member: StaffMember,
    now: datetime | None = None,
    audit: bool = False,
    selected: int | None = None,
) -> Board:
    """Today's queue at the member's location. `audit`: record this look; the board refreshes
    every 2 seconds, so the screen asks for it once per sign-in and location. `selected`: the
    visit in the detail pane, whose reasons are put in words (for a member who may read intakes).
    Visits left open on an earlier day are closed here (see kiosk_core.visits.close_day), at the
    first look of the day. The member's authority is read in the same snapshot: a change by an
    admin stops the next refresh. Only open visits are read, with counts for the rest: a refresh
    costs what the line does, however many have been seen today (bench/board_refresh.py)."""
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
        why = _why(session, who, entries, selected)
        return who, latest, entries, finished, close_day.due(session=session, now=now), (late, due), why

    who, latest, entries, finished, day_over, (late, due), why = (db.run_write if audit else db.run_read)(read)
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
    first = next_to_serve(shown, medical_trained=trained) if taps else None
    return Board(
        rows=board_order(shown, therapist_id=who.therapist_id, medical_trained=trained),
        finished_today=finished,
        next_id=first.visit_id if first else None,
        waiting={q: sum(1 for e in shown if e.queue == q and e.status == VisitStatus.WAITING) for q in Queue},
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
        why=why,
    )


def _why(session, who: Authority, entries: list[QueueEntry], selected: int | None) -> dict[int, str]:
    """Why this queue, in staff's words, for the selected visit and the next this member would
    call (read for those two only: the reasons and answers of every line cost a refresh dearly)."""
    if not who.may(Need.INTAKE):
        return {}
    first = next_to_serve(entries, medical_trained=who.may(Need.VISIT_TAP) and who.medical_trained)
    told = {e.visit_id for e in entries if e.visit_id == selected or e is first}
    if not told:
        return {}
    found = session.exec(select(Visit.id, Visit.reasons, Visit.intake_json).where(Visit.id.in_(told))).all()
    return {visit_id: staff_why(list(reasons), Intake.from_stored(answers)) for visit_id, reasons, answers in found}


def _recent(row: RecentAction, entry: QueueEntry, now: datetime, window: timedelta) -> Recent:
    left = (row.done_at + window - now).total_seconds()
    undoable = row.action in UNDOABLE and row.before is not None and left > 0
    return Recent(row.action, said(row.action, entry), math.ceil(left) if undoable else None, row.done_at)


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
        visit = here(session, who, visit_id)
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
            reasons=[staff_why(visit.reasons, Intake.from_stored(visit.intake_json))],
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
