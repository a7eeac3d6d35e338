"""A FHIR R4 Bundle (type collection) of one client's record, or of every client seen at a
location in a range of clinic days: read in a few queries, built as fhir.resources models
(kiosk_core.records.fhir_resources), returned as JSON text. The caller audits the export.

Every resource is made into its fhir.resources model, which validates it, and so is the Bundle;
the JSON is then written from the very dicts the models were validated from, with `json.dumps`:
the library's own serializer walked each element in Python and took 60% of a 1,000-visit export
(bench/fhir_export.py). The round-trip test parses the JSON back with fhir.resources."""

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from fhir.resources.R4B.bundle import Bundle
from sqlmodel import Session, select

from kiosk_core.care import catalog
from kiosk_core.care.schedule import FREQUENCY_LABELS
from kiosk_core.care.tables import CarePlan, CarePlanVersion, Outcome, SessionNote
from kiosk_core.config import ClinicConfig
from kiosk_core.i18n import translate
from kiosk_core.models import Client, Location, Therapist, Visit, utcnow
from kiosk_core.records import fhir_clinical as fc
from kiosk_core.records import fhir_resources as fr
from kiosk_core.records.documents_on_file import documents_of


@dataclass(frozen=True)
class Exported:
    json: str
    clients: int
    visits: int
    resources: int


def client_bundle(*, session: Session, clinic: ClinicConfig, base: str, client_id: int) -> Exported:
    visits = list(
        session.exec(select(Visit).where(Visit.client_id == client_id).order_by(Visit.checked_in_at, Visit.id))
    )
    return _bundle(session, clinic, base, [client_id], visits)


def range_bundle(*, session: Session, clinic: ClinicConfig, base: str, location_id: int, start: date,
                 end: date) -> Exported:  # fmt: skip
    """The visits at the location in the clinic days, their clients, and those clients' plans."""
    visits = list(
        session.exec(
            select(Visit)
            .where(Visit.location_id == location_id, Visit.clinic_day >= start, Visit.clinic_day <= end)
            .order_by(Visit.checked_in_at, Visit.id)
        )
    )
    return _bundle(session, clinic, base, sorted({v.client_id for v in visits}), visits)


def _chunks(ids: list[int], size: int = 900):
    for at in range(0, len(ids), size):  # under SQLite's bound-parameter limit
        yield ids[at : at + size]


def _rows(session: Session, table, column, ids: list[int]) -> list:
    found = []
    for chunk in _chunks(ids):
        found += session.exec(select(table).where(column.in_(chunk))).all()
    return found


def _bundle(session, clinic, base, client_ids, visits) -> Exported:
    visit_ids = [v.id for v in visits]
    clients = _rows(session, Client, Client.id, client_ids)
    outcomes: dict[int, list] = defaultdict(list)
    for row in sorted(_rows(session, Outcome, Outcome.visit_id, visit_ids), key=lambda r: r.id):
        outcomes[row.visit_id].append(row)
    notes = [n for n in _rows(session, SessionNote, SessionNote.visit_id, visit_ids) if n.signed_at is not None]
    plans = sorted(_rows(session, CarePlan, CarePlan.client_id, client_ids), key=lambda p: p.id)
    versions = {(v.plan_id, v.version): v for v in _rows(session, CarePlanVersion, CarePlanVersion.plan_id,
                                                          [p.id for p in plans])}  # fmt: skip
    activities: dict[str, str] = {}
    for version in versions.values():
        activities.update({item["code"]: item["text"] for item in version.activities})
    therapist_ids = {v.therapist_id for v in visits if v.therapist_id} | {p.created_by for p in plans}
    therapists = _rows(session, Therapist, Therapist.id, sorted(therapist_ids))
    locations = session.exec(select(Location)).all()
    used_locations = {v.location_id for v in visits}
    say = lambda text: translate("en", text)  # noqa: E731

    resources = [fr.organization(base=base, name=clinic.clinic.name)]
    resources += [fr.location(base=base, location_id=loc.id, slug=loc.slug, name=loc.name, address=loc.address)
                  for loc in locations if loc.id in used_locations]  # fmt: skip
    resources += [fr.practitioner(base=base, therapist_id=t.id, name=t.name, npi=getattr(t, "npi", "") or "")
                  for t in therapists]  # fmt: skip
    language = {v.client_id: v.language for v in visits}  # the latest visit's
    for c in clients:
        resources.append(fr.patient(base=base, client_id=c.id, first=c.first_name, last=c.last_name,
                                    birth=c.birth_date, phone=c.phone, email=c.email,
                                    language=language.get(c.id, "en")))  # fmt: skip
    for plan in plans:
        version = versions[(plan.id, plan.version)]
        conditions = [fc.condition(plan=plan, code=d["code"], title=d["title"]) for d in version.diagnoses]
        resources += conditions
        schedule = f"{say(FREQUENCY_LABELS.get(version.frequency, version.frequency))} × {version.visits_planned}"
        addresses = [c["id"] for c in conditions]
        resources.append(fc.care_plan(base=base, plan=plan, version=version, condition_ids=addresses,
                                      schedule=schedule))  # fmt: skip
    labels = {q: clinic.queues[q].label for q in clinic.queues}
    by_visit = {v.id: v for v in visits}
    for visit in visits:
        resources.append(fr.encounter(base=base, visit=visit, queue_label=labels.get(visit.queue, str(visit.queue))))
        for measure in ("pain", "stress"):
            if isinstance(visit.intake_json.get(measure), int):
                resources.append(fr.scale_observation(base=base, visit=visit, measure=measure,
                                                      value=visit.intake_json[measure]))  # fmt: skip
        resources.append(fc.intake_response(base=base, visit=visit))
        if outcomes.get(visit.id):
            resources.append(fc.psfs_response(base=base, visit=visit, rows=outcomes[visit.id], activities=activities))
    for note in sorted(notes, key=lambda n: n.id):
        for technique in note.content.get("techniques", []):
            code = technique["code"]
            resources.append(fc.procedure(base=base, visit=by_visit[note.visit_id], note_id=note.id, code=code,
                                          label=say(catalog.TECHNIQUE_LABELS.get(code, code)),
                                          minutes=int(technique.get("minutes") or 0)))  # fmt: skip
    for document in documents_of(session, client_ids):
        label = say(catalog.DOCUMENT_LABELS.get(document.kind, document.kind))
        resources.append(fc.document_reference(base=base, document=document, label=label))
    shell = {"resourceType": "Bundle", "type": "collection", "timestamp": utcnow().isoformat()}
    entries = [{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r} for r in resources]
    models = [{**entry, "resource": fr.as_model(entry["resource"])} for entry in entries]
    Bundle.model_validate({**shell, "entry": models})  # the bundle's own rules; each resource validated above
    text = json.dumps({**shell, "entry": entries}, ensure_ascii=False, separators=(",", ":"))
    return Exported(text, len(clients), len(visits), len(resources))
