"""The chart's plan, notes and outcomes in words, in the reader's language: stored codes turned
into text only here, when shown."""

from dataclasses import dataclass
from datetime import date

from kiosk_core.care import catalog
from kiosk_core.care.measures import GROC_CODES, GROC_OPTIONS, MEASURE_LABELS, VERDICT_LABELS, Measure, Verdict
from kiosk_core.care.schedule import FREQUENCY_LABELS, next_visit_due, reassessment_due
from kiosk_core.care.tables import CarePlan, CarePlanVersion, NoteAddendum, Outcome, SessionNote
from kiosk_core.config import settings
from kiosk_core.i18n import N_, translate
from kiosk_core.intake.answers import Intake, describe
from kiosk_core.intake.wording import flag_text

_GROC_LABELS = {code: label for code, _value, label in GROC_OPTIONS}


@dataclass(frozen=True)
class NoteView:
    note_id: int
    visit_id: int
    medical: bool
    signed: str  # "Signed by Priya at 2026-11-02 15:10", or ""
    lines: list[tuple[str, str]]  # (heading, text) of O, A and P
    addenda: list[str]


@dataclass(frozen=True)
class PlanView:
    plan_id: int
    status: str
    version: int
    condition: str
    diagnoses: list[str]  # "M54.31 Sciatica, right side"
    goals: list[str]
    activities: list[tuple[str, str]]  # (code, the client's words)
    schedule: str  # "Weekly × 6 from 2026-11-02"
    visits_done: int
    visits_planned: int
    next_due: date | None
    reassess_on: date | None
    reassess_due: bool
    referrer: str
    documents: list[str]
    closed: str  # "Completed: Goals met" or ""
    history: tuple[str, ...] = ()  # every version: when, by whom, why, what changed (plan_history)


def _when(moment) -> str:
    return moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")


def _labels(codes, labels: dict[str, str], language: str) -> str:
    return ", ".join(translate(language, labels.get(code, code)) for code in codes)


def note_view(note: SessionNote, addenda: list[NoteAddendum], staff: dict[int, str], language: str) -> NoteView:
    c = note.content

    def say(text: str) -> str:
        return translate(language, text)

    def word(labels: dict[str, str], code: str) -> str:
        return translate(language, labels.get(code, code)) if code else ""

    findings = "; ".join(
        f"{word(catalog.AREA_LABELS, f['area'])}: {word(catalog.FINDING_LABELS, f['finding'])}"
        for f in c.get("findings", [])
    )
    techniques = ", ".join(
        f"{word(catalog.TECHNIQUE_LABELS, t['code'])} {t['minutes']} min" for t in c.get("techniques", [])
    )
    response = word(catalog.RESPONSE_LABELS, c.get("response", ""))
    lines = [
        (say(catalog.NOTE_LABELS["objective"]), " · ".join(x for x in (findings, c.get("objective_text", "")) if x)),
        (say(catalog.NOTE_LABELS["assessment"]), " · ".join(x for x in (response, c.get("assessment_text", "")) if x)),
        (say(N_("Recommendation")), c.get("recommendation", "")),
        (say(catalog.NOTE_LABELS["plan"]), techniques),
        (say(N_("Areas worked")), _labels(c.get("areas_worked", []), catalog.WORKED_AREA_LABELS, language)),
        (say(N_("Home care")), c.get("home_care", "")),
        (say(N_("Next visit")), c.get("next_visit", "")),
        (say(N_("Pressure")), word(catalog.PRESSURE_LABELS, c.get("pressure", ""))),
        (say(N_("Areas to avoid")), _labels(c.get("avoid_areas", []), catalog.AREA_LABELS, language)),
        (say(N_("Enjoyed")), c.get("liked", "")),
        (say(N_("Attested")), _labels(c.get("attestations", []), catalog.ATTESTATION_LABELS, language)),
    ]
    signed = f"Signed by {staff.get(note.signed_by, '?')} at {_when(note.signed_at)}" if note.signed_at else ""
    extra = [f"{_when(a.written_at)} {staff.get(a.written_by, '?')} ({a.why}): {a.text}" for a in addenda]
    return NoteView(note.id, note.visit_id, note.medical, signed, [(h, t) for h, t in lines if t], extra)


def outcome_lines(rows: list[Outcome], activities: dict[str, str], language: str) -> list[str]:
    lines = []
    for row in rows:
        if row.measure == Measure.PSFS:
            lines.append(f"{activities.get(row.item, row.item)}: {row.value}/10")
        elif row.measure == Measure.GROC:
            lines.append(f"{translate(language, MEASURE_LABELS[Measure.GROC])}: {groc_text(row.value, language)}")
    return lines


def plan_view(
    plan: CarePlan, version: CarePlanVersion, plan_days: list[date], staff, language: str, today: date,
    history: tuple[str, ...] = (),
) -> PlanView:  # fmt: skip
    say = lambda text: translate(language, text)  # noqa: E731
    facets = _facets(version, language)
    closed = ""
    if plan.status != "active":
        closed = (
            f"{plan.status.capitalize()}: {say(catalog.STOP_REASON_LABELS.get(plan.close_reason, plan.close_reason))}"
        )
        closed += f" ({plan.close_note})" if plan.close_note else ""
    active = plan.status == "active"
    return PlanView(
        plan_id=plan.id,
        status=plan.status,
        version=plan.version,
        condition=version.condition,
        diagnoses=[f"{d['code']} {d['title']}" for d in version.diagnoses],
        goals=list(version.goals),
        activities=[(item["code"], item["text"]) for item in version.activities],
        schedule=facets["schedule"],
        visits_done=len(plan_days),
        visits_planned=version.visits_planned,
        next_due=next_visit_due(version.starts_on, version.frequency, version.visits_planned, plan_days)
        if active
        else None,
        reassess_on=version.reassess_on,
        reassess_due=active and reassessment_due(version.reassess_on, today),
        referrer=facets["referrer"],
        documents=facets["documents"],
        closed=closed,
        history=history,
    )


# What a revision may change, in the order a reader looks for it.
_FACETS = (
    ("condition", N_("condition")),
    ("diagnoses", N_("diagnoses")),
    ("goals", N_("goals")),
    ("activities", N_("activities")),
    ("schedule", N_("schedule")),
    ("referrer", N_("referred by")),
    ("documents", N_("documents")),
    ("reassess_on", N_("re-assessment")),
)


def _facets(version: CarePlanVersion, language: str) -> dict[str, str | list[str]]:
    """A plan version's parts as the chart says them."""
    frequency = translate(language, FREQUENCY_LABELS.get(version.frequency, version.frequency))
    schedule = {"frequency": frequency, "visits": version.visits_planned, "day": version.starts_on.isoformat()}

    def document(d: dict) -> str:
        return f"{translate(language, catalog.DOCUMENT_LABELS.get(d['type'], d['type']))}, {d['dated']}"

    return {
        "condition": version.condition,
        "diagnoses": [d["code"] for d in version.diagnoses],
        "goals": list(version.goals),
        "activities": [item["text"] for item in version.activities],
        "schedule": translate(language, N_("{frequency} × {visits} from {day}"), **schedule),
        "referrer": version.referrer_name + (f" (NPI {version.referrer_npi})" if version.referrer_npi else ""),
        "documents": [document(d) for d in version.documents],
        "reassess_on": version.reassess_on.isoformat() if version.reassess_on else "",
    }


def _change(before: str | list[str], after: str | list[str]) -> str:
    if isinstance(after, list):
        return ", ".join([*(f"+{x}" for x in after if x not in before), *(f"−{x}" for x in before if x not in after)])
    return f"{before or '—'} → {after or '—'}"


def plan_history(versions: list[CarePlanVersion], staff: dict[int, str], language: str) -> tuple[str, ...]:
    """Every version of a plan, oldest first: when, by whom, why, and what it changed."""
    lines, before = [], None
    for version in versions:
        facets = _facets(version, language)
        said = [translate(language, N_("Version {number}"), number=version.version), _when(version.written_at)]
        said.append(staff.get(version.written_by, "?"))
        if before is None:
            said.append(translate(language, N_("first version")))
        else:
            if version.why:
                said.append(translate(language, N_("why: {why}"), why=version.why))
            changes = "; ".join(
                f"{translate(language, label)} ({_change(before[key], facets[key])})"
                for key, label in _FACETS
                if before[key] != facets[key]
            )
            said.append(translate(language, N_("changed: {what}"), what=changes or translate(language, N_("nothing"))))
        lines.append(" · ".join(said))
        before = facets
    return tuple(lines)


def subjective_lines(subjective: dict, language: str) -> list[tuple[str, str]]:
    """S in words: every answer of today's intake, the outcomes, the red flags and the review."""
    lines = list(describe(Intake.from_stored(subjective.get("intake", {})), language).items())
    for row in subjective.get("outcomes", []):
        if row["measure"] == Measure.PSFS:
            lines.append((row.get("text") or row["item"], f"{row['value']}/10"))
        elif row["measure"] == Measure.GROC:
            lines.append((translate(language, MEASURE_LABELS[Measure.GROC]), groc_text(row["value"], language)))
    lines += [(translate(language, N_("Red flag")), flag_text(flag, language)) for flag in subjective.get("flags", [])]
    review = subjective.get("review")
    if review:
        lines.append((translate(language, N_("Review")), f"{review['outcome']}: {review['note']}"))
    return lines


def groc_text(rating: int, language: str) -> str:
    """A rating of change in the client's own words ("Better")."""
    return translate(language, _GROC_LABELS.get(GROC_CODES.get(rating, ""), str(rating)))


def verdict_text(code: str, language: str) -> str:
    return translate(language, VERDICT_LABELS[Verdict(code)]) if code else ""
