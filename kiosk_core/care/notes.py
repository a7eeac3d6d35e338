"""The session note (SOAP) of a finished visit: opened with S from today's intake, written by the
visit's therapist, signed once (who and when), then never edited: later words are addenda (who,
when, why). Services take a session and never commit."""

from dataclasses import asdict, fields
from datetime import datetime, timedelta

from sqlmodel import Session, select

from kiosk_core.care import soap
from kiosk_core.care.tables import CarePlanVersion, NoteAddendum, Outcome, SessionNote
from kiosk_core.errors import IllegalTransition, InvalidInput, NotAllowed, NotFound
from kiosk_core.i18n import N_
from kiosk_core.intake.answers import Intake
from kiosk_core.models import AuditEvent, Visit, utcnow
from kiosk_core.vocabulary import Queue, VisitStatus

ADDENDUM_WHY_MAX, ADDENDUM_TEXT_MAX = 300, 1000
SIGN_LOOKBACK_DAYS = 30  # "note to sign" looks this far back


class NoteSigned(IllegalTransition):
    message = N_("This note is signed: it can't be changed. Add an addendum instead.")


class NoteNotSigned(IllegalTransition):
    message = N_("An addendum is for a signed note. Until it is signed, change the note itself.")


def content_of(note: SessionNote) -> soap.NoteContent:
    known = {f.name for f in fields(soap.NoteContent)}
    stored = {key: tuple(value) if isinstance(value, list) else value for key, value in note.content.items()}
    return soap.NoteContent(**{key: value for key, value in stored.items() if key in known})


def _stored(content: soap.NoteContent) -> dict:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(content).items()}


def open_note(*, session: Session, visit_id: int, therapist_id: int, now: datetime | None = None) -> SessionNote:
    """The visit's note, made at its first opening with S from the visit: the intake, the red
    flags and the review, today's outcomes. Only a finished visit has one."""
    note = session.exec(select(SessionNote).where(SessionNote.visit_id == visit_id)).first()
    if note is not None:
        return note
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound(N_("We couldn't find that visit."))
    if visit.status != VisitStatus.DONE:
        raise IllegalTransition(N_("A visit's note is written once the visit is finished."))
    review = None
    if visit.review_outcome:
        review = {"outcome": visit.review_outcome, "note": visit.review_note, "by": visit.reviewed_by}
    rows = session.exec(select(Outcome).where(Outcome.visit_id == visit_id).order_by(Outcome.id)).all()
    named = {}
    for version in session.exec(select(CarePlanVersion).where(CarePlanVersion.plan_id.in_({r.plan_id for r in rows}))):
        named.update({item["code"]: item["text"] for item in version.activities})
    outcomes = [{"measure": r.measure, "item": r.item, "text": named.get(r.item, ""), "value": r.value} for r in rows]
    s = soap.subjective(Intake.from_stored(visit.intake_json), flags=visit.flags, review=review, outcomes=outcomes)
    note = SessionNote(
        visit_id=visit.id,
        client_id=visit.client_id,
        therapist_id=visit.therapist_id or therapist_id,
        medical=visit.queue == Queue.MEDICAL,
        subjective=s,
        content=_stored(soap.NoteContent()),
        created_at=now or utcnow(),
        updated_at=now or utcnow(),
    )
    session.add(note)
    session.flush()
    return note


def _writable(session: Session, note_id: int, therapist_id: int) -> SessionNote:
    note = session.get(SessionNote, note_id, with_for_update=True, populate_existing=True)
    if note is None:
        raise NotFound(N_("We couldn't find that note."))
    if note.therapist_id != therapist_id:
        raise NotAllowed(N_("Only the visit's therapist writes its note; others add addenda once it is signed."))
    return note


def save_note(
    *, session: Session, note_id: int, therapist_id: int, content: soap.NoteContent, now: datetime | None = None
) -> SessionNote:
    """Keep the therapist's words so far; a signed note refuses (NoteSigned)."""
    note = _writable(session, note_id, therapist_id)
    if note.signed_at is not None:
        raise NoteSigned()
    note.content, note.updated_at = _stored(soap.checked(content)), now or utcnow()
    session.add(note)
    session.flush()
    return note


def sign_note(
    *, session: Session, note_id: int, therapist_id: int, content: soap.NoteContent, now: datetime | None = None
) -> SessionNote:
    """Keep the words and sign: the note is locked from then on. A second tap finds it signed and
    signs nothing again; different words after signing are refused (NoteSigned)."""
    now = now or utcnow()
    note = _writable(session, note_id, therapist_id)
    if note.signed_at is not None:
        if content_of(note) != content:
            raise NoteSigned()
        return note
    content = soap.checked(content)
    missing = soap.missing_to_sign(content, medical=note.medical)
    if missing:
        raise InvalidInput(N_("Before signing, please add: {missing}."), missing=", ".join(missing))
    note.content, note.updated_at, note.signed_at, note.signed_by = _stored(content), now, now, therapist_id
    session.add(note)
    visit = session.get(Visit, note.visit_id)
    where = {"client_id": note.client_id, "visit_id": note.visit_id, "location_id": visit.location_id}
    session.add(AuditEvent(at=now, action="note_signed", therapist_id=therapist_id, detail=visit.ticket_code, **where))
    session.flush()
    return note


def add_addendum(
    *, session: Session, note_id: int, therapist_id: int, why: str, text: str, now: datetime | None = None
) -> NoteAddendum:
    """A correction or addition to a signed note, with why; an unsigned note refuses (NoteNotSigned).
    The same words by the same therapist again (a double tap) are one addendum."""
    now = now or utcnow()
    why, text = " ".join(why.split()), text.strip()
    if not why or not text or len(why) > ADDENDUM_WHY_MAX or len(text) > ADDENDUM_TEXT_MAX:
        raise InvalidInput(N_("An addendum needs why (up to 300 characters) and what (up to 1000)."))
    note = session.get(SessionNote, note_id, with_for_update=True, populate_existing=True)
    if note is None:
        raise NotFound(N_("We couldn't find that note."))
    if note.signed_at is None:
        raise NoteNotSigned()
    same = session.exec(
        select(NoteAddendum).where(
            NoteAddendum.note_id == note_id,
            NoteAddendum.written_by == therapist_id,
            NoteAddendum.why == why,
            NoteAddendum.text == text,
        )
    ).first()
    if same is not None:
        return same
    addendum = NoteAddendum(
        note_id=note_id, client_id=note.client_id, written_at=now, written_by=therapist_id, why=why, text=text
    )
    session.add(addendum)
    session.flush()
    return addendum


def addenda(session: Session, note_ids: list[int]) -> dict[int, list[NoteAddendum]]:
    found: dict[int, list[NoteAddendum]] = {note_id: [] for note_id in note_ids}
    if note_ids:
        rows = session.exec(select(NoteAddendum).where(NoteAddendum.note_id.in_(note_ids)).order_by(NoteAddendum.id))
        for row in rows:
            found[row.note_id].append(row)
    return found


def notes_to_sign(*, session: Session, therapist_id: int, now: datetime, hours: float) -> list:
    """The therapist's medical visits finished `hours` ago or more (within the last 30 days)
    whose note is not signed, as rows of id, ticket_code and clinic_day: the board shows them as
    "note to sign" on every refresh, so whole visits (their JSON answers) are not read."""
    since = (now - timedelta(days=SIGN_LOOKBACK_DAYS)).date()
    signed = select(SessionNote.visit_id).where(SessionNote.signed_at.is_not(None))
    return list(
        session.exec(
            select(Visit.id, Visit.ticket_code, Visit.clinic_day)
            .where(
                Visit.status == VisitStatus.DONE,
                Visit.clinic_day >= since,
                Visit.therapist_id == therapist_id,
                Visit.queue == Queue.MEDICAL,
                Visit.finished_at <= now - timedelta(hours=hours),
                Visit.id.not_in(signed),
            )
            .order_by(Visit.finished_at)
        )
    )


def remembered(*, session: Session, client_id: int) -> dict:
    """What a client likes, from their latest note that says it (pressure, areas to avoid, what
    they enjoyed), for whoever calls them next: a regular needn't repeat themselves."""
    for note in session.exec(
        select(SessionNote).where(SessionNote.client_id == client_id).order_by(SessionNote.updated_at.desc()).limit(20)
    ):
        said = {key: note.content.get(key) for key in ("pressure", "avoid_areas", "liked") if note.content.get(key)}
        if said:
            return said
    return {}
