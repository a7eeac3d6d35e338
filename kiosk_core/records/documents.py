"""Outside documents: kept sealed in the database, listed without opening, opened one at a time,
deleted once the retention period is over. Services take a session and never commit; the
façade (kiosk_core.screens.documents_desk) checks who asks and audits every read.

Retention: 8 NYCRR 29.2(a)(3) has every New York health profession, massage therapy named among
them, keep patient records at least six years, and a minor's until one year after they turn 21.
A document is kept `KIOSK_DOCUMENT_RETENTION_DAYS` (7 years by default: six and a margin) after
it came in, and while its client is under 22 if their birth date is known.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.i18n import N_
from kiosk_core.models import AuditEvent, Client, TicketLink, Visit, utcnow
from kiosk_core.records.document_files import CheckedFile, DocumentRefused
from kiosk_core.records.document_key import DocumentKey, DocumentKeyWrong, load_key
from kiosk_core.records.document_table import Document

# The intake's "Did you bring any of these?" options, with the same words.
KINDS = {
    "doctor_note": N_("Doctor's note or prescription"),
    "mri": N_("MRI or X-ray report"),
    "pt_notes": N_("Physical therapy notes"),
    "other": N_("Other medical records"),
}
SOURCES = ("tablet", "phone", "staff")
MAX_PER_VISIT = 12  # pages photographed one by one at the tablet or from the phone, per check-in
ADULT_PLUS_ONE = 22  # a minor's records are kept until one year after they turn 21


class TooManyDocuments(DocumentRefused):
    message = N_("That's all we can take today. Please give any more pages to your therapist.")


@dataclass(frozen=True)
class DocumentInfo:
    document_id: int
    kind: str
    media_type: str
    size: int
    pages: int
    uploaded_at: datetime
    source: str
    uploaded_by: int | None


def stored_count(session: Session) -> int:
    return session.exec(select(sa.func.count(Document.id))).one()


def clinic_key(session: Session, *, secret: str | None, path) -> DocumentKey:
    """The key of this server if it is the clinic's: made on first use while nothing is stored,
    and checked against the key that sealed what is stored (DocumentsOff says what is wrong)."""
    key = load_key(secret=secret, path=path, stored=stored_count(session))
    other = session.exec(select(Document.id).where(Document.key_id != key.key_id).limit(1)).first()
    if other is not None:
        raise DocumentKeyWrong(path=str(path))
    return key


def add_document(*, session: Session, key: DocumentKey, client_id: int, kind: str, checked: CheckedFile,
                 source: str, visit_id: int | None = None, by: int | None = None,
                 now: datetime | None = None) -> tuple[Document, bool]:  # fmt: skip
    """Seal and keep a checked file: (its row, True). The same file again for the client (a
    double tap) is kept once: (the row kept before, False)."""
    if kind not in KINDS or source not in SOURCES:
        raise DocumentRefused()
    digest = key.digest(checked.data)
    sealed = key.seal(checked.data, media_type=checked.media_type)  # before the lock: it is the slow part
    # The checks and the insert under one lock, so that two taps at once (the tablet and the
    # phone) keep one copy and a visit no more than MAX_PER_VISIT: SQLite's write lock, and on
    # PostgreSQL the client's row.
    db.begin_writes(session)
    session.exec(select(Client.id).where(Client.id == client_id).with_for_update()).first()
    same = session.exec(
        select(Document).where(Document.client_id == client_id, Document.digest == digest).limit(1)
    ).first()
    if same is not None:
        return same, False
    if visit_id is not None:
        brought = session.exec(select(sa.func.count(Document.id)).where(Document.visit_id == visit_id)).one()
        if brought >= MAX_PER_VISIT:
            raise TooManyDocuments()
    document = Document(client_id=client_id, visit_id=visit_id, kind=kind, media_type=checked.media_type,
                        size=len(checked.data), pages=checked.pages, digest=digest, key_id=key.key_id,
                        sealed=sealed, source=source, uploaded_by=by, uploaded_at=now or utcnow())  # fmt: skip
    session.add(document)
    session.flush()
    return document, True


def list_documents(session: Session, client_id: int) -> list[DocumentInfo]:
    """The client's documents, newest first, without reading a sealed byte."""
    columns = (Document.id, Document.kind, Document.media_type, Document.size, Document.pages,
               Document.uploaded_at, Document.source, Document.uploaded_by)  # fmt: skip
    newest_first = (Document.uploaded_at.desc(), Document.id.desc())
    rows = session.exec(select(*columns).where(Document.client_id == client_id).order_by(*newest_first)).all()
    return [DocumentInfo(*row) for row in rows]


def open_document(session: Session, key: DocumentKey, *, client_id: int, document_id: int) -> tuple[Document, bytes]:
    """One document of this client, unsealed; None-safe: another client's id is not found."""
    document = session.get(Document, document_id)
    if document is None or document.client_id != client_id:
        raise DocumentRefused(N_("That document isn't in this chart."))
    return document, key.unseal(document.sealed, media_type=document.media_type)


def visit_of_link(session: Session, token_hash: str, now: datetime) -> Visit | None:
    """The visit a phone's live-ticket link opens, while the link is good."""
    found = session.exec(
        select(Visit, TicketLink.expires_at)
        .join(TicketLink, TicketLink.visit_id == Visit.id)
        .where(TicketLink.token_hash == token_hash)
    ).first()
    if found is None or now >= found[1]:
        return None
    return found[0]


def keep_until(uploaded_at: datetime, birth_date: date | None, retention_days: int) -> datetime:
    """When a document may go (pure): its retention after it came in, and not before its client
    is 22 if their birth date is known."""
    until = uploaded_at + timedelta(days=retention_days)
    if birth_date is not None:
        try:
            grown = birth_date.replace(year=birth_date.year + ADULT_PLUS_ONE)
        except ValueError:  # born on 29 February
            grown = date(birth_date.year + ADULT_PLUS_ONE, 3, 1)
        until = max(until, datetime.combine(grown, datetime.min.time(), tzinfo=uploaded_at.tzinfo))
    return until


def delete_expired(*, session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete the documents whose retention is over (no key needed); one audit row per client."""
    now = now or utcnow()
    candidates = session.exec(
        select(Document.id, Document.client_id, Document.uploaded_at, Client.birth_date)
        .join(Client, Client.id == Document.client_id)
        .where(Document.uploaded_at < now - timedelta(days=retention_days))
    ).all()
    due = [(doc_id, client) for doc_id, client, at, born in candidates if keep_until(at, born, retention_days) <= now]
    if not due:
        return 0
    db.begin_writes(session)
    session.execute(sa.delete(Document).where(Document.id.in_([doc_id for doc_id, _ in due])))
    per_client: dict[int, int] = {}
    for _, client_id in due:
        per_client[client_id] = per_client.get(client_id, 0) + 1
    for client_id, count in sorted(per_client.items()):
        session.add(AuditEvent(action="delete_documents", client_id=client_id,
                               detail=f"{count} document(s) past {retention_days} days' retention"))  # fmt: skip
    return len(due)
