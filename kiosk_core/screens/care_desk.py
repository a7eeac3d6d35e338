"""What the chart, the plan form and the session note ask of the core: one call per action, each
its own unit of work, for the signed-in member only, at a location where the client has been
seen. The member's authority is read afresh in each unit of work (kiosk_core.staff.authority:
still active, still a therapist here, still signed in on that screen). Every read of the chart
or a note leaves an audit row before anything is returned."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.care import chart as care_chart
from kiosk_core.care import diagnoses, notes, plans
from kiosk_core.care.chart_words import note_view, subjective_lines
from kiosk_core.care.soap import NoteContent, split_minutes
from kiosk_core.clock import clinic_day
from kiosk_core.config import load_clinic, settings
from kiosk_core.errors import NotAllowed
from kiosk_core.i18n import Message
from kiosk_core.models import AuditEvent, Client, Therapist, Visit, utcnow
from kiosk_core.staff.client_access import seen_here
from kiosk_core.staff.on_duty import Authority, on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember

SEARCH_MAX = 20


def _audit(session: Session, who: Authority, action: str, client_id: int, location_id: int, **extra) -> None:
    db.begin_writes(session)
    session.add(
        AuditEvent(action=action, therapist_id=who.therapist_id, location_id=location_id, client_id=client_id, **extra)
    )


def chart(*, member: StaffMember, client_id: int, language: str = "en", now: datetime | None = None,
          engine: sa.Engine | None = None) -> care_chart.Chart:  # fmt: skip
    """The client's whole chart; each read is audited ("view_chart")."""
    today = clinic_day(now or utcnow())

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        location_id = seen_here(session, who, client_id)
        read = care_chart.read_chart(
            session=session, client_id=client_id, language=language, policy=load_clinic().outcomes, today=today
        )
        _audit(session, who, "view_chart", client_id, location_id, detail=f"{len(read.visits)} visits")
        return read

    return db.run_write(work, engine=engine)


@dataclass(frozen=True)
class Found:
    client_id: int
    name: str  # first name and last initial
    last_visit: str


def search_clients(*, member: StaffMember, query: str) -> list[Found]:
    """Clients seen at the member's location whose first or last name starts with the words
    typed; the search is audited (its count, never the words typed)."""
    words = [w for w in query.split() if w][:3]
    if not words:
        return []

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        location_id = who.location_id
        last = sa.func.max(Visit.clinic_day)
        statement = (
            select(Client, last).join(Visit, Visit.client_id == Client.id).where(Visit.location_id == location_id)
        )
        for word in words:
            like = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            statement = statement.where(
                sa.or_(Client.first_name.ilike(like, escape="\\"), Client.last_name.ilike(like, escape="\\"))
            )
        rows = session.exec(statement.group_by(Client.id).order_by(last.desc()).limit(SEARCH_MAX)).all()
        db.begin_writes(session)
        session.add(AuditEvent(action="search_clients", therapist_id=who.therapist_id, location_id=location_id,
                               detail=f"{len(rows)} found"))  # fmt: skip
        return [Found(c.id, f"{c.first_name} {c.last_name[:1]}.", day.isoformat()) for c, day in rows]

    return db.run_write(work)


def find_diagnoses(query: str) -> list[diagnoses.Diagnosis]:
    """ICD-10-CM codes by code or words, from the code set (no client data: no audit)."""
    return diagnoses.search(query)


@dataclass(frozen=True)
class Saved:
    plan_id: int
    notes: list[Message]  # e.g. an activity cut to its field's length


def save_plan(*, member: StaffMember, client_id: int, form: dict[str, Any], plan_id: int | None = None,
              why: str = "", confirmed: bool = False) -> Saved:  # fmt: skip
    """A new plan (plan_id None) or a new version of one. InvalidInput names what to fix;
    TherapeuticVisit asks for confirmation; a wrong ICD-10-CM code names the nearest ones."""
    content, said = plans.checked_plan(form)

    def work(session):
        by = on_duty(session, member, Need.INTAKE)
        location_id = seen_here(session, by, client_id)
        db.begin_writes(session)
        who = {"session": session, "therapist_id": by.therapist_id, "content": content, "location_id": location_id}
        if plan_id is None:
            return plans.create_plan(client_id=client_id, confirmed=confirmed, **who).id
        if session.get(plans.CarePlan, plan_id) is None or session.get(plans.CarePlan, plan_id).client_id != client_id:
            raise NotAllowed()
        return plans.revise_plan(plan_id=plan_id, why=why, **who).id

    return Saved(db.run_write(work), said)


def close_plan(*, member: StaffMember, client_id: int, plan_id: int, status: str, reason: str, note: str = "") -> None:

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        location_id = seen_here(session, who, client_id)
        db.begin_writes(session)
        plan = session.get(plans.CarePlan, plan_id)
        if plan is None or plan.client_id != client_id:
            raise NotAllowed()
        plans.close_plan(session=session, plan_id=plan_id, therapist_id=who.therapist_id, status=status,
                         reason=reason, note=note, location_id=location_id)  # fmt: skip

    db.run_write(work)


@dataclass(frozen=True)
class NoteScreen:
    note_id: int
    visit_id: int
    ticket_code: str
    client_id: int
    medical: bool
    mine: bool  # the member is the visit's therapist: may write and sign
    signed: str
    subjective: list[tuple[str, str]]  # S in words: today's intake, outcomes, flags and review (read-only)
    content: NoteContent
    session_minutes: float | None
    addenda: list[str]
    lines: list[tuple[str, str]]  # O, A and P in words, for a signed note shown as text


def open_note(*, member: StaffMember, visit_id: int) -> NoteScreen:
    """The visit's note (made at its first opening, with S from today's intake); audited."""

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        db.begin_writes(session)
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotAllowed()
        location_id = seen_here(session, who, visit.client_id)
        note = notes.open_note(session=session, visit_id=visit_id, therapist_id=who.therapist_id)
        _audit(session, who, "view_note", visit.client_id, location_id, visit_id=visit_id, detail=visit.ticket_code)
        staff = {t.id: t.name for t in session.exec(select(Therapist))}
        view = note_view(note, notes.addenda(session, [note.id])[note.id], staff, "en")
        said = subjective_lines(note.subjective, "en")
        return NoteScreen(note.id, visit.id, visit.ticket_code, visit.client_id, note.medical,
                          note.therapist_id == who.therapist_id, view.signed, said,
                          notes.content_of(note), visit.session_minutes, view.addenda, view.lines)  # fmt: skip

    return db.run_write(work)


def default_minutes(session_minutes: float | None, techniques: list[str]) -> dict[str, int]:
    return split_minutes(session_minutes, techniques)


def _note_write(member: StaffMember, note_id: int, change) -> NoteScreen:
    """`change(session, therapist_id)` to the note, by the member checked afresh, then the note."""

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        db.begin_writes(session)
        note = session.get(notes.SessionNote, note_id)
        if note is None:
            raise NotAllowed()
        seen_here(session, who, note.client_id)
        change(session, who.therapist_id)
        return note.visit_id

    return open_note(member=member, visit_id=db.run_write(work))


def save_note(*, member: StaffMember, note_id: int, content: NoteContent) -> NoteScreen:
    what = {"note_id": note_id, "content": content}
    return _note_write(member, note_id, lambda session, by: notes.save_note(session=session, therapist_id=by, **what))


def sign_note(*, member: StaffMember, note_id: int, content: NoteContent) -> NoteScreen:
    """Keep the words and sign; a double tap signs once."""
    what = {"note_id": note_id, "content": content}
    return _note_write(member, note_id, lambda session, by: notes.sign_note(session=session, therapist_id=by, **what))


def add_addendum(*, member: StaffMember, note_id: int, why: str, text: str) -> NoteScreen:
    what = {"note_id": note_id, "why": why, "text": text}
    return _note_write(
        member, note_id, lambda session, by: notes.add_addendum(session=session, therapist_id=by, **what)
    )


@dataclass(frozen=True)
class ToSign:
    visit_id: int
    ticket_code: str
    day: str


def notes_to_sign(*, member: StaffMember, now: datetime | None = None) -> list[ToSign]:
    """The member's medical visits whose notes are unsigned KIOSK_NOTE_SIGN_HOURS after the visit."""
    now = now or utcnow()
    hours = settings.note_sign_hours

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        found = notes.notes_to_sign(session=session, therapist_id=who.therapist_id, now=now, hours=hours)
        return [ToSign(v.id, v.ticket_code, v.clinic_day.isoformat()) for v in found]

    return db.run_read(work)
