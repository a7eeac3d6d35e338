"""Care plans for medical clients: made and revised by a therapist trained in medical massage,
each revision a new version (the older ones kept), completed or stopped with a reason.
Services take a session and never commit."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from kiosk_core.care.catalog import DOCUMENT_LABELS, STOP_REASON_LABELS
from kiosk_core.care.diagnoses import Diagnosis, UnknownDiagnosis, lookup
from kiosk_core.care.npi import valid_npi
from kiosk_core.care.schedule import Frequency
from kiosk_core.care.tables import CarePlan, CarePlanVersion
from kiosk_core.errors import InvalidInput, KioskError, NotAllowed, NotFound
from kiosk_core.i18n import N_, Message
from kiosk_core.models import AuditEvent, Client, Therapist, Visit, utcnow
from kiosk_core.text import no_control_characters
from kiosk_core.vocabulary import Queue

ACTIVITY_MAX = 60  # a PSFS activity: a few words ("lifting my child")
ACTIVITIES_MAX = 3
VISITS_MAX = 52
ACTIVE, COMPLETED, STOPPED = "active", "completed", "stopped"


class TherapeuticVisit(KioskError):
    """The client's latest visit is therapeutic: the therapist confirms (or moves them first)."""

    message = N_("This client's visit is in the therapeutic queue. Make a medical care plan anyway?")


@dataclass(frozen=True)
class PlanInput:
    """A plan's content, checked: what a version holds."""

    condition: str
    diagnoses: tuple[Diagnosis, ...]
    goals: tuple[str, ...]
    activities: tuple[str, ...]
    frequency: Frequency
    visits_planned: int
    starts_on: date
    referrer_name: str = ""
    referrer_npi: str = ""
    documents: tuple[tuple[str, date], ...] = ()
    reassess_on: date | None = None


DIAGNOSES_MAX = 12  # what a claim form holds (CMS-1500 box 21, A-L)


def _text(value: Any, limit: int, field: str, problems: dict, *, required: bool = False) -> str:
    text = " ".join(str(value or "").split())
    try:
        no_control_characters(text)
    except ValueError as error:
        problems[field] = Message(str(error))
    if required and not text:
        problems[field] = Message(N_("Please fill this in."))
    if len(text) > limit:
        problems[field] = Message(N_("Please keep it under {limit} characters."), {"limit": limit})
    return text


def checked_plan(form: dict[str, Any]) -> tuple[PlanInput, list[Message]]:
    """A plan form checked; returns the plan and notes (an activity cut to its field's length).
    InvalidInput names every problem by field; a wrong ICD-10-CM code names the nearest codes."""
    problems: dict[str, Message] = {}
    notes: list[Message] = []
    condition = _text(form.get("condition"), 500, "condition", problems, required=True)
    codes = []
    for code in form.get("diagnoses") or ():
        try:
            found = lookup(code)
        except UnknownDiagnosis as error:
            problems["diagnoses"] = error.said
            continue
        if found.code not in {c.code for c in codes}:  # a code given twice is one diagnosis
            codes.append(found)
    if len(codes) > DIAGNOSES_MAX:
        problems["diagnoses"] = Message(N_("Please give at most {limit} diagnosis codes."), {"limit": DIAGNOSES_MAX})
    goals = tuple(g for g in (_text(goal, 200, "goals", problems) for goal in form.get("goals") or ()) if g)
    activities = []
    for given in form.get("activities") or ():
        text = " ".join(str(given or "").split())
        if len(text) > ACTIVITY_MAX:
            text = text[:ACTIVITY_MAX].rstrip()
            notes.append(Message(N_("An activity was kept to its first {limit} characters."), {"limit": ACTIVITY_MAX}))
        if text:
            activities.append(_text(text, ACTIVITY_MAX, "activities", problems))
    if not 1 <= len(activities) <= ACTIVITIES_MAX:
        problems["activities"] = Message(N_("Name 1 to 3 activities the client finds hard."))
    if len({a.lower() for a in activities}) != len(activities):
        problems["activities"] = Message(N_("Each activity once, please."))
    try:
        frequency = Frequency(form.get("frequency"))
    except ValueError:
        problems["frequency"], frequency = Message(N_("Please choose how often.")), Frequency.WEEKLY
    visits = form.get("visits_planned")
    if not isinstance(visits, int) or not 1 <= visits <= VISITS_MAX:
        problems["visits_planned"], visits = Message(N_("Plan 1 to 52 visits.")), 1
    starts_on = form.get("starts_on")
    if not isinstance(starts_on, date):
        problems["starts_on"], starts_on = Message(N_("Please give the plan's first day.")), date.min
    npi = str(form.get("referrer_npi") or "").replace(" ", "")
    if npi and not valid_npi(npi):
        problems["referrer_npi"] = Message(N_("That NPI isn't valid: check its 10 digits."))
    documents = []
    for kind, dated in form.get("documents") or ():
        if kind not in DOCUMENT_LABELS or not isinstance(dated, date):
            problems["documents"] = Message(N_("Each document needs its type and its date."))
        else:
            documents.append((kind, dated))
    reassess_on = form.get("reassess_on")
    if reassess_on is not None and (not isinstance(reassess_on, date) or reassess_on < starts_on):
        problems["reassess_on"] = Message(N_("The re-assessment date comes after the plan's start."))
    referrer = _text(form.get("referrer_name"), 120, "referrer_name", problems)
    if problems:
        raise InvalidInput(next(iter(problems.values())), problems=problems)
    plan = PlanInput(
        condition, tuple(codes), goals, tuple(activities), frequency, visits, starts_on, referrer, npi,
        tuple(documents), reassess_on,
    )  # fmt: skip
    return plan, notes


def _medical_therapist(session: Session, therapist_id: int) -> Therapist:
    therapist = session.get(Therapist, therapist_id)
    if therapist is None or not therapist.active or not therapist.medical_trained:
        raise NotAllowed(N_("Only a therapist trained in medical massage makes or changes a care plan."))
    return therapist


def active_plan(session: Session, client_id: int) -> tuple[CarePlan, CarePlanVersion] | None:
    plan = session.exec(select(CarePlan).where(CarePlan.client_id == client_id, CarePlan.status == ACTIVE)).first()
    if plan is None:
        return None
    return plan, current_version(session, plan)


def current_version(session: Session, plan: CarePlan) -> CarePlanVersion:
    return session.exec(
        select(CarePlanVersion).where(CarePlanVersion.plan_id == plan.id, CarePlanVersion.version == plan.version)
    ).one()


def _activity_codes(texts: tuple[str, ...], before: list[dict]) -> list[dict]:
    """An activity named as before keeps its code (its ratings stay one line); a new one gets the next."""
    known = {item["text"].lower(): item["code"] for item in before}
    used = [int(item["code"].removeprefix("act")) for item in before]
    after, number = [], max(used, default=0)
    for text in texts:
        code = known.get(text.lower())
        if code is None:
            number += 1
            code = f"act{number}"
        after.append({"code": code, "text": text})
    return after


def _version(
    plan: CarePlan, content: PlanInput, therapist_id: int, why: str, before: list[dict], now
) -> CarePlanVersion:
    return CarePlanVersion(
        plan_id=plan.id,
        client_id=plan.client_id,
        version=plan.version,
        written_at=now,
        written_by=therapist_id,
        why=why,
        condition=content.condition,
        diagnoses=[{"code": d.code, "title": d.description} for d in content.diagnoses],
        goals=list(content.goals),
        activities=_activity_codes(content.activities, before),
        frequency=content.frequency,
        visits_planned=content.visits_planned,
        starts_on=content.starts_on,
        referrer_name=content.referrer_name,
        referrer_npi=content.referrer_npi,
        documents=[{"type": kind, "dated": dated.isoformat()} for kind, dated in content.documents],
        reassess_on=content.reassess_on,
    )


def create_plan(
    *, session: Session, client_id: int, therapist_id: int, content: PlanInput, confirmed: bool = False,
    location_id: int | None = None, now: datetime | None = None,
) -> CarePlan:  # fmt: skip
    """A new plan, version 1. One active plan per client: a second is refused (revise it instead).
    A client whose latest visit is therapeutic needs `confirmed` (TherapeuticVisit)."""
    now = now or utcnow()
    _medical_therapist(session, therapist_id)
    if session.get(Client, client_id) is None:
        raise NotFound(N_("We couldn't find that client."))
    if active_plan(session, client_id) is not None:
        raise InvalidInput(N_("This client has an active care plan already: revise it instead."))
    latest = session.exec(
        select(Visit.queue).where(Visit.client_id == client_id).order_by(Visit.checked_in_at.desc()).limit(1)
    ).first()
    if latest == Queue.THERAPEUTIC and not confirmed:
        raise TherapeuticVisit()
    plan = CarePlan(client_id=client_id, created_by=therapist_id, created_at=now)
    session.add(plan)
    session.flush()
    session.add(_version(plan, content, therapist_id, "", [], now))
    _audit(session, "care_plan_made", plan, therapist_id, location_id, now, "version 1")
    session.flush()
    return plan


def revise_plan(
    *, session: Session, plan_id: int, therapist_id: int, content: PlanInput, why: str,
    location_id: int | None = None, now: datetime | None = None,
) -> CarePlan:  # fmt: skip
    """A new version of an active plan; the older versions are kept as they were."""
    now = now or utcnow()
    _medical_therapist(session, therapist_id)
    why = " ".join(why.split())
    if not why or len(why) > 500:
        raise InvalidInput(N_("Please say why the plan changes (up to 500 characters)."))
    plan = _locked(session, plan_id)
    before = current_version(session, plan)
    plan.version += 1
    session.add(plan)
    session.add(_version(plan, content, therapist_id, why, before.activities, now))
    _audit(session, "care_plan_revised", plan, therapist_id, location_id, now, f"version {plan.version}")
    session.flush()
    return plan


def close_plan(
    *, session: Session, plan_id: int, therapist_id: int, status: str, reason: str, note: str = "",
    location_id: int | None = None, now: datetime | None = None,
) -> CarePlan:  # fmt: skip
    """Completed or stopped, with a reason from the list (and a note)."""
    now = now or utcnow()
    _medical_therapist(session, therapist_id)
    if status not in (COMPLETED, STOPPED) or reason not in STOP_REASON_LABELS:
        raise InvalidInput(N_("Please choose completed or stopped, and the reason."))
    plan = _locked(session, plan_id)
    plan.status, plan.close_reason, plan.close_note = status, reason, " ".join(note.split())[:500]
    plan.closed_at, plan.closed_by = now, therapist_id
    session.add(plan)
    _audit(session, f"care_plan_{status}", plan, therapist_id, location_id, now, reason)
    session.flush()
    return plan


def _locked(session: Session, plan_id: int) -> CarePlan:
    plan = session.get(CarePlan, plan_id, with_for_update=True, populate_existing=True)
    if plan is None:
        raise NotFound(N_("We couldn't find that care plan."))
    if plan.status != ACTIVE:
        raise InvalidInput(N_("That care plan is closed: make a new one."))
    return plan


def _audit(session, action, plan, therapist_id, location_id, now, detail) -> None:
    where = {"client_id": plan.client_id, "location_id": location_id, "therapist_id": therapist_id}
    session.add(AuditEvent(at=now, action=action, detail=f"plan {plan.id}, {detail}", **where))


def versions(session: Session, plan_id: int) -> list[CarePlanVersion]:
    return list(
        session.exec(
            select(CarePlanVersion).where(CarePlanVersion.plan_id == plan_id).order_by(CarePlanVersion.version)
        )
    )
