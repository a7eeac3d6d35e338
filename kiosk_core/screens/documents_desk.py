"""What the chart, the tablet and the phone ticket ask of the core about outside documents: one
call per action, each its own unit of work. A file is checked (kiosk_core.records.document_files)
before the database is touched; staff see and add documents only where the client has been seen,
and every list and every view leaves an audit row before anything is returned. A client adds,
and never sees: the tablet and the phone are told "received", nothing more."""

from dataclasses import dataclass
from datetime import datetime

from kiosk_core import db
from kiosk_core.checkin import ticket_links
from kiosk_core.clock import clinic_day
from kiosk_core.config import settings
from kiosk_core.errors import NotAllowed
from kiosk_core.models import AuditEvent, Visit, utcnow
from kiosk_core.records import documents
from kiosk_core.records.document_files import PDF, check_document
from kiosk_core.records.document_key import DocumentsOff
from kiosk_core.screens.care_desk import _audit
from kiosk_core.staff.client_access import seen_here
from kiosk_core.staff.on_duty import on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.vocabulary import OPEN_STATUSES

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", PDF: "pdf"}


def _key(session):
    secret = settings.document_key.get_secret_value() if settings.document_key else None
    return documents.clinic_key(session, secret=secret, path=settings.document_key_file)


def _checked(data: bytes):
    return check_document(data, max_bytes=int(settings.document_max_mb * 1024 * 1024))


def switched_off() -> str:
    """Why documents can't be taken on this server now ("" when they can): for staff."""
    try:
        db.run_write(_key)  # a first use makes the key file: a write, though nothing is stored
    except DocumentsOff as off:
        return str(off)
    return ""


def offer_at_tablet(*, brought: object) -> bool:
    """The tablet offers its document step after check-in only to a client who said they brought
    records (the intake asks everyone, "Did you bring any of these?"). A medical visit alone is not
    enough: a plan's regulars check in every week with nothing new, and one more screen each time
    would slow them for nothing; they can send a page from their phone's ticket any time (pure)."""
    return bool(brought)


@dataclass(frozen=True)
class ChartDocuments:
    off: str  # why documents can't be opened or added now ("" when they can)
    items: list[documents.DocumentInfo]


def chart_documents(*, member: StaffMember, client_id: int) -> ChartDocuments:
    """The client's documents, by type and date (nothing unsealed); audited ("list_documents")."""

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        location_id = seen_here(session, who, client_id)
        items = documents.list_documents(session, client_id)
        _audit(session, who, "list_documents", client_id, location_id, detail=f"{len(items)} documents")
        return items

    items = db.run_write(work)
    return ChartDocuments(switched_off(), items)


@dataclass(frozen=True)
class Viewed:
    document_id: int
    kind: str
    media_type: str
    uploaded_at: datetime
    data: bytes
    file_name: str


def view_document(*, member: StaffMember, client_id: int, document_id: int) -> Viewed:
    """One document, unsealed, for a therapist where the client has been seen; audited
    ("view_document") in the unit of work that read it."""

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        location_id = seen_here(session, who, client_id)
        document, data = documents.open_document(session, _key(session), client_id=client_id, document_id=document_id)
        _audit(session, who, "view_document", client_id, location_id, visit_id=document.visit_id,
               detail=f"document {document.id} ({document.kind})")  # fmt: skip
        day = document.uploaded_at.date().isoformat()
        name = f"{document.kind}-{day}-{document.id}.{EXTENSIONS.get(document.media_type, 'bin')}"
        return Viewed(document.id, document.kind, document.media_type, document.uploaded_at, data, name)

    return db.run_write(work)


def add_at_chart(*, member: StaffMember, client_id: int, kind: str, data: bytes) -> int:
    """A PDF or picture a staff member adds to the chart; its id. DocumentRefused says why not."""
    checked = _checked(data)

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        location_id = seen_here(session, who, client_id)
        document, new = documents.add_document(session=session, key=_key(session), client_id=client_id, kind=kind,
                                               checked=checked, source="staff", by=who.therapist_id)  # fmt: skip
        if new:
            _audit(session, who, "add_document", client_id, location_id, detail=f"document {document.id} ({kind})")
        return document.id

    return db.run_write(work)


def _add_for_visit(session, visit: Visit | None, kind: str, checked, source: str, now: datetime) -> None:
    if visit is None or visit.clinic_day != clinic_day(now) or visit.status not in OPEN_STATUSES:
        raise NotAllowed()
    document, new = documents.add_document(session=session, key=_key(session), client_id=visit.client_id, kind=kind,
                                           checked=checked, source=source, visit_id=visit.id, now=now)  # fmt: skip
    if new:
        detail = f"document {document.id} ({kind}) from the {source}"
        session.add(AuditEvent(action="add_document", location_id=visit.location_id, client_id=visit.client_id,
                               visit_id=visit.id, detail=detail))  # fmt: skip


def add_at_tablet(*, client_id: int, visit_id: int, kind: str, data: bytes, on_phone: bool = False,
                  now: datetime | None = None) -> None:  # fmt: skip
    """A page the client photographed right after their own check-in (today's open visit,
    theirs), at the tablet or on the phone they checked in with. Nothing is returned: the screen
    says "received" and forgets the picture."""
    checked, now = _checked(data), now or utcnow()
    source = "phone" if on_phone else "tablet"

    def work(session):
        visit = session.get(Visit, visit_id)
        _add_for_visit(session, visit if visit and visit.client_id == client_id else None, kind, checked, source, now)

    db.run_write(work)


def add_from_phone(*, token: str, kind: str, data: bytes, now: datetime | None = None) -> None:
    """A page sent from the live ticket on the client's phone, while its link is good and the
    visit open."""
    token_hash = ticket_links.token_hash(ticket_links.parse_token(token))
    checked, now = _checked(data), now or utcnow()
    db.run_write(lambda session: _add_for_visit(session, documents.visit_of_link(session, token_hash, now), kind,
                                                checked, "phone", now))  # fmt: skip
