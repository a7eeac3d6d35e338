"""The FHIR export on SQLite and PostgreSQL: a client's bundle and a location's days validate
with fhir.resources and, parsed back from the JSON, hold what the database holds (counts and
values); every export is audited; a therapist without the reporting or admin role is refused."""

from collections import Counter
from datetime import timedelta

import pytest
from fhir.resources.R4B.bundle import Bundle
from sqlmodel import select

from kiosk_core import db
from kiosk_core.care.tables import SessionNote
from kiosk_core.clock import clinic_day
from kiosk_core.models import AuditEvent, Visit
from kiosk_core.records.fhir_resources import ICD10CM, LOINC
from kiosk_core.screens import documents_desk, records_desk
from kiosk_core.staff.authority import RoleNeeded
from tests.factories import make_therapist, signed_in
from tests.integration.care_setup import NORTH, member
from tests.integration.documents_setup import document_key, small_pdf
from tests.integration.records_setup import treated_client

__all__ = ["document_key"]  # a fixture


def reporter(engine, *, roles=("reporting",), admin=False):
    return signed_in(engine, make_therapist(engine, roles=roles, admin=admin, locations=(NORTH,)))


def parsed(text: str) -> tuple[Bundle, Counter]:
    bundle = Bundle.model_validate_json(text)
    return bundle, Counter(entry.resource.get_resource_type() for entry in bundle.entry)


def of_type(bundle: Bundle, kind: str) -> list:
    return [entry.resource for entry in bundle.entry if entry.resource.get_resource_type() == kind]


def test_a_clients_bundle_round_trips_with_what_the_database_holds(desk_db, clinic):
    priya = member(desk_db)
    client_id, plan_id, _visits = treated_client(desk_db, clinic, priya, first="Zoë", last="Núñez")
    paper = records_desk.fhir_client(member=reporter(desk_db), client_id=client_id)
    bundle, counts = parsed(paper.data)
    assert bundle.type == "collection" and paper.mime == "application/fhir+json"
    with db.read_session(desk_db) as session:
        visits = session.exec(select(Visit).where(Visit.client_id == client_id)).all()
        notes = session.exec(select(SessionNote).where(SessionNote.client_id == client_id)).all()
    techniques = [t for note in notes if note.signed_at for t in note.content["techniques"]]
    assert counts["Patient"] == 1 and counts["Organization"] == 1 and counts["Location"] == 1
    assert counts["Encounter"] == len(visits) == 6  # the assessment, then five plan visits
    assert counts["Observation"] == 2 * len(visits)  # pain and stress at each check-in
    assert counts["QuestionnaireResponse"] == len(visits) + 5  # each intake, and the plan visits' PSFS
    assert counts["Condition"] == 2 and counts["CarePlan"] == 1 and counts["DocumentReference"] == 1
    assert counts["Procedure"] == len(techniques) == 10
    (patient,) = of_type(bundle, "Patient")
    assert patient.name[0].given == ["Zoë"] and patient.name[0].family == "Núñez"
    pain = {o.encounter.reference: o.valueInteger for o in of_type(bundle, "Observation")
            if o.code.coding[0].system == LOINC}  # fmt: skip
    assert all(
        o.code.coding[0].code == "72514-3" for o in of_type(bundle, "Observation") if o.code.coding[0].system == LOINC
    )
    assert pain == {f"Encounter/visit-{v.id}": v.intake_json["pain"] for v in visits}
    codes = sorted(c.code.coding[0].code for c in of_type(bundle, "Condition"))
    assert codes == ["M51.16", "M54.31"] and {c.code.coding[0].system for c in of_type(bundle, "Condition")} == {
        ICD10CM
    }
    (plan,) = of_type(bundle, "CarePlan")
    assert plan.id == f"plan-{plan_id}" and plan.status == "active" and len(plan.addresses) == 2
    minutes = sorted(p.extension[0].valueDuration.value for p in of_type(bundle, "Procedure"))
    assert minutes == sorted(t["minutes"] for t in techniques)
    assert {p.extension[0].valueDuration.code for p in of_type(bundle, "Procedure")} == {"min"}
    references = {f"{e.resource.get_resource_type()}/{e.resource.id}" for e in bundle.entry}
    for encounter in of_type(bundle, "Encounter"):
        assert encounter.subject.reference in references and encounter.participant[0].individual.reference in references
    with db.read_session(desk_db) as session:
        (audit,) = session.exec(select(AuditEvent).where(AuditEvent.action == "fhir_export")).all()
    assert audit.client_id == client_id and "6 visits" in audit.detail


def test_a_locations_days_as_one_bundle_audited(desk_db, clinic):
    priya = member(desk_db)
    first, _plan, _visits = treated_client(desk_db, clinic, priya, pains=(6, 5))
    second, _plan, _visits = treated_client(desk_db, clinic, priya, pains=(7,), first="Ana", last="Soto")
    today = clinic_day()
    paper = records_desk.fhir_range(member=reporter(desk_db, roles=(), admin=True), start=today - timedelta(days=70),
                                    end=today)  # fmt: skip
    bundle, counts = parsed(paper.data)
    assert counts["Patient"] == 2 and counts["Encounter"] == 3 + 2 and counts["CarePlan"] == 2
    assert {p.id for p in of_type(bundle, "Patient")} == {f"client-{first}", f"client-{second}"}
    with db.read_session(desk_db) as session:
        (audit,) = session.exec(select(AuditEvent).where(AuditEvent.action == "fhir_export")).all()
    assert audit.client_id is None and "2 clients, 5 visits" in audit.detail


def test_refused_for_a_therapist_without_the_reporting_or_admin_role(desk_db, clinic):
    priya = member(desk_db)
    client_id, _plan, _visits = treated_client(desk_db, clinic, priya, pains=(6,))
    with pytest.raises(RoleNeeded):
        records_desk.fhir_client(member=priya, client_id=client_id)
    today = clinic_day()
    with pytest.raises(RoleNeeded):
        records_desk.fhir_range(member=priya, start=today, end=today)
    with db.read_session(desk_db) as session:
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "fhir_export")).all() == []


def test_a_document_kept_at_the_chart_is_exported_by_type_size_and_date_never_its_bytes(desk_db, clinic, document_key):
    priya = member(desk_db)
    client_id, _plan_id, _visits = treated_client(desk_db, clinic, priya, first="Zoë", last="Núñez")
    pdf = small_pdf(2)
    documents_desk.add_at_chart(member=priya, client_id=client_id, kind="pt_notes", data=pdf)
    paper = records_desk.fhir_client(member=reporter(desk_db), client_id=client_id)
    bundle, counts = parsed(paper.data)
    assert counts["DocumentReference"] == 2  # the plan's MRI report (named) and the PT notes (kept)
    kept = [d for d in of_type(bundle, "DocumentReference") if d.content[0].attachment.contentType]
    [attachment] = [d.content[0].attachment for d in kept]
    assert (attachment.contentType, attachment.size, attachment.data) == ("application/pdf", len(pdf), None)
    assert kept[0].type.coding[0].code == "pt_notes"
    assert pdf[:200] not in paper.data.encode()
