"""The FHIR resource builders (pure): each makes a valid fhir.resources R4B model with the codes
the README promises; ids are FHIR ids even when a code holds an underscore."""

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from pydantic import ValidationError

from kiosk_core.records import fhir_clinical as fc
from kiosk_core.records import fhir_resources as fr
from kiosk_core.records.documents_on_file import DocumentOnFile

BASE = "https://clinic.example/fhir"


def made_of(builder, **fields):
    return fr.as_model(builder(**fields))


AT = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def visit(**changes):
    fields = {"id": 7, "client_id": 3, "location_id": 1, "therapist_id": 2, "status": "done", "queue": "medical",
              "checked_in_at": AT, "started_at": AT, "finished_at": AT, "closed_at": None, "cancelled_at": None,
              "no_show_at": None,
              "intake_json": {"pain": 6, "stress": 4, "areas": ["lower_back"], "goal": "treat_problem",
                              "own_words": "sore"}}  # fmt: skip
    return SimpleNamespace(**{**fields, **changes})


def test_a_patient_keeps_every_letter_of_the_name_and_the_language():
    made = made_of(fr.patient, base=BASE, client_id=3, first="Zoë", last="Núñez Nguyễn", birth=date(1990, 5, 1),
                   phone="", email="zoe@example.com", language="es")  # fmt: skip
    assert made.name[0].text == "Zoë Núñez Nguyễn" and made.birthDate == date(1990, 5, 1)
    assert made.communication[0].language.coding[0].code == "es" and made.telecom[0].system == "email"


def test_pain_is_loinc_72514_3_and_stress_a_local_code():
    pain = made_of(fr.scale_observation, base=BASE, visit=visit(), measure="pain", value=6)
    stress = made_of(fr.scale_observation, base=BASE, visit=visit(), measure="stress", value=4)
    assert (pain.code.coding[0].system, pain.code.coding[0].code, pain.valueInteger) == (fr.LOINC, "72514-3", 6)
    assert stress.code.coding[0].system == f"{BASE}/CodeSystem/measure" and stress.valueInteger == 4


@pytest.mark.parametrize(("status", "fhir"), [("done", "finished"), ("no_show", "cancelled"), ("waiting", "arrived")])
def test_an_encounter_per_visit(status, fhir):
    made = made_of(fr.encounter, base=BASE, visit=visit(status=status), queue_label="Medical massage")
    assert made.status == fhir and made.class_fhir.code == "AMB" and made.subject.reference == "Patient/client-3"


def test_the_intake_answers_by_their_kind():
    made = made_of(fc.intake_response, base=BASE, visit=visit())
    items = {item.linkId: item.answer for item in made.item}
    assert items["pain"][0].valueInteger == 6 and items["areas"][0].valueCoding.code == "lower_back"
    assert items["own_words"][0].valueString == "sore"


def test_a_procedure_carries_its_minutes_as_a_ucum_duration():
    made = made_of(fc.procedure, base=BASE, visit=visit(), note_id=4, code="trigger_point",
                   label="Trigger point therapy", minutes=25)  # fmt: skip
    assert made.id == "note-4-trigger-point" and made.extension[0].valueDuration.value == 25
    assert (made.extension[0].valueDuration.system, made.extension[0].valueDuration.code) == (fr.UCUM, "min")


def test_a_condition_is_icd_10_cm_and_follows_the_plan():
    plan = SimpleNamespace(id=5, client_id=3, status="completed", created_at=AT)
    made = made_of(fc.condition, plan=plan, code="M54.31", title="Sciatica, right side")
    assert made.code.coding[0].system == "http://hl7.org/fhir/sid/icd-10-cm" and made.id == "plan-5-M5431"
    assert made.clinicalStatus.coding[0].code == "resolved"


def test_a_document_on_file_without_a_file():
    document = DocumentOnFile("plan5-doctor_note-2026-10-01", 3, "doctor_note", date(2026, 10, 1), "care_plan", AT)
    made = made_of(fc.document_reference, base=BASE, document=document, label="Doctor's note")
    assert made.id == "doc-plan5-doctor-note-2026-10-01" and made.content[0].attachment.title.endswith("2026-10-01")


def test_the_models_refuse_what_fhir_refuses():
    with pytest.raises(ValidationError):
        made_of(fr.scale_observation, base=BASE, visit=visit(id="not an id!"), measure="pain", value=6)
