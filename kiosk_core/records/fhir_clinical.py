"""FHIR R4 resources for the record's clinical parts: the intake and PSFS answers
(QuestionnaireResponse), the plan's diagnoses (Condition, ICD-10-CM) and the plan (CarePlan), each
technique of a signed note (Procedure) and the documents on file (DocumentReference). Their JSON,
validated as `fhir.resources` R4B models by kiosk_core.records.fhir_resources.as_model."""

from kiosk_core.intake.questions import CATALOG
from kiosk_core.intake.shapes import Kind
from kiosk_core.records.fhir_resources import (
    CARE_PLAN_STATUS,
    CONDITION_CATEGORY,
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    ICD10CM,
    UCUM,
    instant,
    local,
    ref,
)


def _answers(base: str, code: str, value) -> list[dict]:
    try:
        kind = CATALOG.question(code).kind
    except KeyError:
        kind = None
    if kind == Kind.SCALE and isinstance(value, int):
        return [{"valueInteger": value}]
    if kind in (Kind.ONE, Kind.WHEN, Kind.MANY):
        return [
            {"valueCoding": {"system": local(base, f"intake-{code}"), "code": str(v)}}
            for v in (value if isinstance(value, list) else [value])
        ]
    return [{"valueString": str(v)} for v in (value if isinstance(value, list) else [value])]


def intake_response(*, base: str, visit) -> dict:
    """The check-in's answers, one item per question answered (codes as the kiosk keeps them)."""
    items = [
        {"linkId": code, "answer": _answers(base, code, value)}
        for code, value in visit.intake_json.items()
        if value not in (None, "", [])
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"visit-{visit.id}-intake",
        "status": "completed",
        "questionnaire": f"{base}/Questionnaire/intake",
        "subject": ref("Patient", f"client-{visit.client_id}"),
        "encounter": ref("Encounter", f"visit-{visit.id}"),
        "authored": instant(visit.checked_in_at),
        **({"item": items} if items else {}),
    }


def psfs_response(*, base: str, visit, rows: list, activities: dict[str, str]) -> dict:
    """A plan visit's PSFS: each activity (in the words agreed) rated 0-10, and the change since the last visit."""
    items = [
        {
            "linkId": row.item or row.measure,
            "text": activities.get(row.item, "Global rating of change"),
            "answer": [{"valueInteger": row.value}],
        }
        for row in rows
    ]
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"visit-{visit.id}-psfs",
        "status": "completed",
        "questionnaire": f"{base}/Questionnaire/psfs",
        "subject": ref("Patient", f"client-{visit.client_id}"),
        "encounter": ref("Encounter", f"visit-{visit.id}"),
        "authored": instant(visit.checked_in_at),
        "item": items,
    }


def condition(*, plan, code: str, title: str) -> dict:
    clinical = "active" if plan.status == "active" else "resolved" if plan.status == "completed" else "inactive"
    return {
        "resourceType": "Condition",
        "id": f"plan-{plan.id}-{code.replace('.', '')}",
        "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": clinical}]},
        "verificationStatus": {"coding": [{"system": CONDITION_VERIFICATION, "code": "confirmed"}]},
        "category": [{"coding": [{"system": CONDITION_CATEGORY, "code": "problem-list-item"}]}],
        "code": {"coding": [{"system": ICD10CM, "code": code, "display": title}], "text": title},
        "subject": ref("Patient", f"client-{plan.client_id}"),
        "recordedDate": instant(plan.created_at),
    }


def care_plan(*, base: str, plan, version, condition_ids: list[str], schedule: str) -> dict:
    notes = [{"text": f"Goal: {goal}"} for goal in version.goals]
    notes += (
        [
            {
                "text": f"Referred by {version.referrer_name}"
                + (f" (NPI {version.referrer_npi})" if version.referrer_npi else "")
            }
        ]
        if version.referrer_name
        else []
    )
    data = {
        "resourceType": "CarePlan",
        "id": f"plan-{plan.id}",
        "status": CARE_PLAN_STATUS.get(plan.status, "unknown"),
        "intent": "plan",
        "identifier": [{"system": f"{base}/careplan", "value": str(plan.id)}],
        "title": "Medical massage care plan",
        "description": version.condition,
        "subject": ref("Patient", f"client-{plan.client_id}"),
        "period": {
            "start": version.starts_on.isoformat(),
            **({"end": instant(plan.closed_at)} if plan.closed_at else {}),
        },
        "created": instant(plan.created_at),
        "author": ref("Practitioner", f"therapist-{plan.created_by}"),
        "addresses": [ref("Condition", key) for key in condition_ids],
        "activity": [
            {
                "detail": {
                    "status": "in-progress" if plan.status == "active" else "completed",
                    "description": schedule,
                    "code": {"coding": [{"system": local(base, "service"), "code": "medical_massage"}]},
                }
            }
        ],
    }
    if notes:
        data["note"] = notes
    return data


def procedure(*, base: str, visit, note_id: int, code: str, label: str, minutes: int) -> dict:
    """One technique of a signed note. Its minutes go in an extension of type Duration (UCUM
    "min"): R4's Procedure has no duration, and a technique's share of a session has no start
    and end of its own to put in performedPeriod."""
    return {
        "resourceType": "Procedure",
        "id": f"note-{note_id}-{code}".replace("_", "-"),
        "status": "completed",
        "code": {"coding": [{"system": local(base, "technique"), "code": code, "display": label}], "text": label},
        "subject": ref("Patient", f"client-{visit.client_id}"),
        "encounter": ref("Encounter", f"visit-{visit.id}"),
        "performedDateTime": instant(visit.started_at or visit.checked_in_at),
        **(
            {"performer": [{"actor": ref("Practitioner", f"therapist-{visit.therapist_id}")}]}
            if visit.therapist_id
            else {}
        ),
        "extension": [
            {
                "url": f"{base}/StructureDefinition/procedure-minutes",
                "valueDuration": {"value": minutes, "unit": "min", "system": UCUM, "code": "min"},
            }
        ],
    }


def _file(document) -> dict:
    return {"contentType": document.media_type, "size": document.size} if document.media_type else {}


def document_reference(*, base: str, document, label: str) -> dict:
    """A document on file (kiosk_core.records.documents_on_file): its type and date, and for a file
    kept its media type and size (the bytes stay sealed in the kiosk)."""
    return {
        "resourceType": "DocumentReference",
        "id": f"doc-{document.key}".replace("_", "-"),
        "status": "current",
        "type": {
            "coding": [{"system": local(base, "document-type"), "code": document.kind, "display": label}],
            "text": label,
        },
        "subject": ref("Patient", f"client-{document.client_id}"),
        **({"date": instant(document.recorded_at)} if document.recorded_at else {}),
        "context": {"period": {"start": document.dated.isoformat(), "end": document.dated.isoformat()}},
        "content": [{"attachment": {"title": f"{label}, {document.dated.isoformat()}", **_file(document)}}],
    }
