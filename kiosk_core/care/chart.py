"""A client's chart, read in a few queries: every visit with its intake in the reader's
language, routing, flags and review, outcomes and note; the care plan with its schedule; and the
rows the outcome charts draw. The screens audit every read (kiosk_core.screens.care_desk)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from kiosk_core.care import notes as care_notes
from kiosk_core.care.chart_words import NoteView, PlanView, note_view, outcome_lines, plan_history, plan_view
from kiosk_core.care.measures import Measure, OutcomePolicy
from kiosk_core.care.tables import CarePlan, CarePlanVersion, Outcome, SessionNote
from kiosk_core.care.verdicts import VisitOutcome, groc_band, pain_band, progress, psfs_average, psfs_band
from kiosk_core.config import settings
from kiosk_core.errors import NotFound
from kiosk_core.i18n import N_
from kiosk_core.intake.answers import Intake, describe
from kiosk_core.intake.wording import flag_text, reason_text
from kiosk_core.models import Client, Location, Therapist, Visit
from kiosk_core.vocabulary import VisitStatus


@dataclass(frozen=True)
class ChartVisit:
    visit_id: int
    day: date
    location: str
    ticket_code: str
    queue: str
    routed_queue: str
    status: str
    therapist: str
    answers: dict[str, str]
    reasons: list[str]
    flags: list[str]
    review: str
    outcomes: list[str]
    note: NoteView | None


@dataclass(frozen=True)
class Chart:
    client_id: int
    name: str
    visits: list[ChartVisit]  # oldest first
    plan: PlanView | None  # the active plan, else the latest
    past_plans: int
    # For the charts: {"day", "measure", "value", "verdict"}; pain, PSFS and GROC of the plan's
    # visits, stress of every visit.
    rows: list[dict] = field(default_factory=list)
    bands: dict[str, tuple[float, float]] = field(default_factory=dict)  # measure -> the no-change band


def read_chart(*, session: Session, client_id: int, language: str, policy: OutcomePolicy, today: date) -> Chart:
    client = session.get(Client, client_id)
    if client is None:
        raise NotFound(N_("We couldn't find that client."))
    visits = list(
        session.exec(select(Visit).where(Visit.client_id == client_id).order_by(Visit.checked_in_at, Visit.id))
    )
    notes = {n.visit_id: n for n in session.exec(select(SessionNote).where(SessionNote.client_id == client_id))}
    addenda = care_notes.addenda(session, [note.id for note in notes.values()])
    outcomes: dict[int, list[Outcome]] = defaultdict(list)
    for row in session.exec(select(Outcome).where(Outcome.client_id == client_id).order_by(Outcome.id)):
        outcomes[row.visit_id].append(row)
    plans = list(session.exec(select(CarePlan).where(CarePlan.client_id == client_id).order_by(CarePlan.id)))
    staff = {t.id: t.name for t in session.exec(select(Therapist))}
    places = {loc.id: loc.name for loc in session.exec(select(Location))}
    plan = next((p for p in plans if p.status == "active"), plans[-1] if plans else None)
    version = None
    if plan is not None:
        version = session.exec(
            select(CarePlanVersion).where(CarePlanVersion.plan_id == plan.id, CarePlanVersion.version == plan.version)
        ).one()
    activities, kept = {}, []
    for row in session.exec(select(CarePlanVersion).where(CarePlanVersion.client_id == client_id)):
        activities.update({item["code"]: item["text"] for item in row.activities})
        kept.append(row)
    chart_visits = [
        _visit(v, notes.get(v.id), addenda, outcomes[v.id], activities, staff, places, language) for v in visits
    ]
    plan_days = [v.clinic_day for v in visits if plan and v.id in outcomes and _of_plan(outcomes[v.id], plan.id)]
    view = None
    if plan is not None:
        its_versions = sorted((v for v in kept if v.plan_id == plan.id), key=lambda v: v.version)
        history = plan_history(its_versions, staff, language)
        view = plan_view(plan, version, plan_days, staff, language, today, history)
    rows, bands = _rows(visits, outcomes, plan, policy)
    name = f"{client.first_name} {client.last_name}"
    return Chart(client_id, name, chart_visits, view, max(0, len(plans) - 1), rows, bands)


def _of_plan(rows: list[Outcome], plan_id: int) -> bool:
    return any(row.plan_id == plan_id for row in rows)


def _visit(visit, note, addenda, outcomes, activities, staff, places, language) -> ChartVisit:
    review = ""
    if visit.review_outcome:
        when = visit.reviewed_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
        review = f"{visit.review_outcome} by {staff.get(visit.reviewed_by, '?')} at {when}: {visit.review_note}"
    return ChartVisit(
        visit_id=visit.id,
        day=visit.clinic_day,
        location=places.get(visit.location_id, ""),
        ticket_code=visit.ticket_code,
        queue=visit.queue,
        routed_queue=visit.routed_queue,
        status=VisitStatus(visit.status),
        therapist=staff.get(visit.therapist_id, ""),
        answers=describe(Intake.from_stored(visit.intake_json), language),
        reasons=[reason_text(reason, language) for reason in visit.reasons],
        flags=[flag_text(flag, language) for flag in visit.flags],
        review=review,
        outcomes=outcome_lines(outcomes, activities, language),
        note=note_view(note, addenda.get(note.id, []), staff, language) if note else None,
    )


def _rows(visits: list[Visit], outcomes: dict, plan: CarePlan | None, policy: OutcomePolicy):
    """Stress for every visit; pain, PSFS (the average of the activities), the rating of change
    and their verdicts for the plan's visits."""
    rows = [
        {"day": v.clinic_day, "measure": Measure.STRESS.value, "value": v.intake_json.get("stress"), "verdict": ""}
        for v in visits
    ]
    rows = [row for row in rows if row["value"] is not None]
    if plan is None:
        return rows, {}
    measured = []
    for visit in visits:
        mine = [row for row in outcomes.get(visit.id, []) if row.plan_id == plan.id]
        if not mine:
            continue
        psfs = psfs_average(row.value for row in mine if row.measure == Measure.PSFS)
        groc = next((row.value for row in mine if row.measure == Measure.GROC), None)
        pain, stress = visit.intake_json.get("pain", 0), visit.intake_json.get("stress", 0)
        measured.append(VisitOutcome(visit.clinic_day, pain, stress, psfs, groc))
    points = progress(measured, policy)
    for point in points:
        rows.append(
            {"day": point.day, "measure": Measure.NPRS.value, "value": point.pain, "verdict": point.pain_verdict.value}
        )
        for measure, value, verdict in (
            (Measure.PSFS, point.psfs, point.psfs_verdict),
            (Measure.GROC, point.groc, point.groc_verdict),
        ):
            if value is not None:
                rows.append({"day": point.day, "measure": measure.value, "value": value, "verdict": verdict.value})
    bands = {}
    if points:
        bands[Measure.NPRS.value] = pain_band(points[0].pain, policy.nprs)
        base = next((p.psfs for p in points if p.psfs is not None), None)
        if base is not None:
            bands[Measure.PSFS.value] = psfs_band(base, policy.psfs)
        bands[Measure.GROC.value] = groc_band(policy.groc)
    return rows, bands
