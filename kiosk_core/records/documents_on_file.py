"""The documents on file for clients: the hook the FHIR export (and any other reader) lists them
through: what the care plans record (type and date, no file) and the outside documents kept
sealed (kiosk_core.records.documents: their type, date, media type and size; never a byte)."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from kiosk_core.care.tables import CarePlan, CarePlanVersion
from kiosk_core.clock import clinic_day
from kiosk_core.records.document_table import Document


@dataclass(frozen=True)
class DocumentOnFile:
    key: str  # stable within the record: "plan3-mri-2026-10-02"
    client_id: int
    kind: str  # a kiosk_core.care.catalog.DOCUMENTS code
    dated: date
    source: str  # "care_plan": named on a plan, no file kept; "tablet", "phone", "staff": a file kept
    recorded_at: object = None  # when the kiosk learned of it (an aware datetime)
    media_type: str = ""  # of a file kept
    size: int = 0


def documents_of(session: Session, client_ids: list[int]) -> list[DocumentOnFile]:
    """Every document on file for these clients, each once (a document named in several versions
    of a plan is one document): those named on the plans' current versions, then the files kept."""
    if not client_ids:
        return []
    rows = session.exec(
        select(CarePlan, CarePlanVersion)
        .join(CarePlanVersion, (CarePlanVersion.plan_id == CarePlan.id) & (CarePlanVersion.version == CarePlan.version))
        .where(CarePlan.client_id.in_(client_ids))
        .order_by(CarePlan.id)
    ).all()
    found: dict[str, DocumentOnFile] = {}
    for plan, version in rows:
        for item in version.documents:
            key = f"plan{plan.id}-{item['type']}-{item['dated']}"
            found[key] = DocumentOnFile(key, plan.client_id, item["type"], date.fromisoformat(item["dated"]),
                                        "care_plan", version.written_at)  # fmt: skip
    columns = (Document.id, Document.client_id, Document.kind, Document.uploaded_at, Document.source,
               Document.media_type, Document.size)  # fmt: skip
    kept = session.exec(select(*columns).where(Document.client_id.in_(client_ids)).order_by(Document.id)).all()
    for document_id, client_id, kind, uploaded_at, source, media_type, size in kept:
        found[f"file{document_id}"] = DocumentOnFile(f"file{document_id}", client_id, kind, clinic_day(uploaded_at),
                                                     source, uploaded_at, media_type, size)  # fmt: skip
    return list(found.values())
