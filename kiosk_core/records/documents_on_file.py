"""The documents on file for clients: the hook the FHIR export (and any other reader) lists them
through. Today they are what the care plans record (type and date, no file); the encrypted
outside documents, once stored, are added here and nowhere else."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from kiosk_core.care.tables import CarePlan, CarePlanVersion


@dataclass(frozen=True)
class DocumentOnFile:
    key: str  # stable within the record: "plan3-mri-2026-10-02"
    client_id: int
    kind: str  # a kiosk_core.care.catalog.DOCUMENTS code
    dated: date
    source: str  # "care_plan": named on a plan, no file kept
    recorded_at: object = None  # when the kiosk learned of it (an aware datetime)


def documents_of(session: Session, client_ids: list[int]) -> list[DocumentOnFile]:
    """Every document on file for these clients, each once (a document named in several versions
    of a plan is one document): today those named on the plans' current versions."""
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
    return list(found.values())
