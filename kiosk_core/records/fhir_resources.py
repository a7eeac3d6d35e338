"""FHIR R4 resources for the kiosk's people, places and visits, as their JSON (dicts), each
made into its `fhir.resources` model by `as_model` (the R4B package: FHIR 4.3, the R4 line; these
resources are shaped as in 4.0.1), which validates it. Pure: rows in, resources out. Codes: LOINC
for pain, ICD-10-CM for diagnoses, HL7's own code systems for classes and categories; the
clinic's local code systems under KIOSK_FHIR_BASE_URL for what no standard names (stress 0-10,
the massage techniques, the intake's answers)."""

from datetime import date, datetime

from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.location import Location
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.procedure import Procedure
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.resource import Resource

from kiosk_core.vocabulary import VisitStatus

MODELS = {model.get_resource_type(): model for model in (
    CarePlan, Condition, DocumentReference, Encounter, Location, Observation, Organization, Patient, Practitioner,
    Procedure, QuestionnaireResponse)}  # fmt: skip

LOINC, UCUM = "http://loinc.org", "http://unitsofmeasure.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
PAIN_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
ENCOUNTER_STATUS = {
    VisitStatus.DONE: "finished",
    VisitStatus.WAITING: "arrived",
    VisitStatus.CALLED: "arrived",
    VisitStatus.IN_SESSION: "in-progress",
    VisitStatus.PAUSED: "onleave",
}
CARE_PLAN_STATUS = {"active": "active", "completed": "completed", "stopped": "revoked"}


def as_model(data: dict) -> Resource:
    """A resource's JSON as its fhir.resources model: validated as FHIR R4 (pydantic's
    ValidationError for anything FHIR refuses)."""
    return MODELS[data["resourceType"]].model_validate(data)


def local(base: str, name: str) -> str:
    """One of the clinic's own code systems (or questionnaires, extensions)."""
    return f"{base}/CodeSystem/{name}"


def ref(kind: str, key: str) -> dict:
    return {"reference": f"{kind}/{key}"}


def instant(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def organization(*, base: str, name: str) -> dict:
    return {
        "resourceType": "Organization",
        "id": "clinic",
        "active": True,
        "name": name,
        "identifier": [{"system": f"{base}/organization", "value": "clinic"}],
    }


def location(*, base: str, location_id: int, slug: str, name: str, address: str) -> dict:
    data = {
        "resourceType": "Location",
        "id": f"location-{location_id}",
        "status": "active",
        "name": name,
        "identifier": [{"system": f"{base}/location", "value": slug}],
        "managingOrganization": ref("Organization", "clinic"),
    }
    if address:
        data["address"] = {"text": address}
    return data


def practitioner(*, base: str, therapist_id: int, name: str, npi: str = "") -> dict:
    identifiers = [{"system": f"{base}/practitioner", "value": str(therapist_id)}]
    if npi:
        identifiers.append({"system": "http://hl7.org/fhir/sid/us-npi", "value": npi})
    return {
        "resourceType": "Practitioner",
        "id": f"therapist-{therapist_id}",
        "active": True,
        "name": [{"text": name}],
        "identifier": identifiers,
    }


def patient(
    *, base: str, client_id: int, first: str, last: str, birth: date | None, phone: str, email: str, language: str
) -> dict:
    data = {
        "resourceType": "Patient",
        "id": f"client-{client_id}",
        "identifier": [{"system": f"{base}/client", "value": str(client_id)}],
        "name": [{"family": last, "given": [first], "text": f"{first} {last}"}],
        "communication": [
            {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": language}]}, "preferred": True}
        ],
    }
    telecom = [{"system": "phone", "value": phone}] if phone else []
    telecom += [{"system": "email", "value": email}] if email else []
    if telecom:
        data["telecom"] = telecom
    if birth:
        data["birthDate"] = birth.isoformat()
    return data


def encounter(*, base: str, visit, queue_label: str) -> dict:
    """A visit: ambulatory, its queue as the type, checked in to finished (or closed)."""
    status = ENCOUNTER_STATUS.get(visit.status, "cancelled")
    end = visit.finished_at or visit.closed_at or visit.cancelled_at or visit.no_show_at
    data = {
        "resourceType": "Encounter",
        "id": f"visit-{visit.id}",
        "status": status,
        "identifier": [{"system": f"{base}/visit", "value": str(visit.id)}],
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "type": [{"coding": [{"system": local(base, "queue"), "code": str(visit.queue), "display": queue_label}]}],
        "subject": ref("Patient", f"client-{visit.client_id}"),
        "period": {"start": instant(visit.checked_in_at), **({"end": instant(end)} if end else {})},
        "location": [{"location": ref("Location", f"location-{visit.location_id}")}],
        "serviceProvider": ref("Organization", "clinic"),
    }
    if visit.therapist_id:
        data["participant"] = [{"individual": ref("Practitioner", f"therapist-{visit.therapist_id}")}]
    return data


def scale_observation(*, base: str, visit, measure: str, value: int) -> dict:
    """Pain (LOINC 72514-3) or stress (the clinic's code) 0-10, as the client said at check-in."""
    if measure == "pain":
        coding = {"system": LOINC, "code": PAIN_LOINC[0], "display": PAIN_LOINC[1]}
    else:
        coding = {"system": local(base, "measure"), "code": "stress", "display": "Stress now, 0-10 (self-reported)"}
    return {
        "resourceType": "Observation",
        "id": f"visit-{visit.id}-{measure}",
        "status": "final",
        "category": [{"coding": [{"system": OBS_CATEGORY, "code": "survey"}]}],
        "code": {"coding": [coding]},
        "subject": ref("Patient", f"client-{visit.client_id}"),
        "encounter": ref("Encounter", f"visit-{visit.id}"),
        "effectiveDateTime": instant(visit.checked_in_at),
        "valueInteger": value,
    }
