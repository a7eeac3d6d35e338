"""What a progress report says, read in the caller's unit of work and put in the reader's
language: the plan (kiosk_core.care.chart's PlanView), baseline and latest pain and PSFS with
the verdicts the chart already computed (kiosk_core.care.verdicts), the techniques of the plan's
signed notes with their minutes, and the latest signed note's assessment and recommendation."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from kiosk_core.care import catalog
from kiosk_core.care.chart import Chart, read_chart
from kiosk_core.care.chart_words import PlanView, groc_text, verdict_text
from kiosk_core.care.measures import Measure, OutcomePolicy
from kiosk_core.care.plans import current_version
from kiosk_core.care.schedule import FREQUENCY_LABELS
from kiosk_core.care.tables import CarePlan, Outcome, SessionNote
from kiosk_core.care.verdicts import pain_threshold
from kiosk_core.errors import InvalidInput
from kiosk_core.i18n import N_, translate
from kiosk_core.models import Client, Therapist, Visit
from kiosk_core.records.pdf_page import Letterhead


@dataclass(frozen=True)
class Measured:
    """One measure's baseline and latest, with the chart's verdict and the MCID it was judged by."""

    label: str
    baseline: float
    baseline_day: date
    latest: float
    latest_day: date
    verdict: str  # in words
    verdict_code: str
    mcid: float


@dataclass(frozen=True)
class ProgressData:
    letterhead: Letterhead
    language: str
    client_name: str
    birth_date: date | None
    plan: PlanView
    frequency: str
    starts_on: date
    last_visit: date | None
    therapist: str
    pain: Measured | None
    psfs: Measured | None
    pain_points: list[tuple[date, int]]  # every plan visit's pain, oldest first, for the chart
    pain_band: tuple[float, float] | None  # no important change from the baseline
    techniques: list[tuple[str, int, int]]  # (technique in words, sessions, minutes)
    assessment: str = ""
    recommendation: str = ""
    home_care: str = ""
    next_visit: str = ""
    signed: str = ""  # "Signed by Priya on 2026-12-01"
    visit_ids: list[int] = field(default_factory=list)
    change: str = ""  # the latest rating of change: "Better (2026-12-01): Improved"


def _measured(chart: Chart, measure: Measure, label: str, language: str, mcid) -> Measured | None:
    rows = [row for row in chart.rows if row["measure"] == measure.value]
    if not rows:
        return None
    first, last = rows[0], rows[-1]
    threshold = mcid(first["value"])
    return Measured(translate(language, label), first["value"], first["day"], last["value"], last["day"],
                    verdict_text(last["verdict"], language), last["verdict"], threshold)  # fmt: skip


def progress_data(
    *, session: Session, client_id: int, letterhead: Letterhead, language: str, policy: OutcomePolicy, today: date
) -> tuple[ProgressData, int]:
    """The report's content and the plan's id; InvalidInput when the client has no care plan."""
    chart = read_chart(session=session, client_id=client_id, language=language, policy=policy, today=today)
    if chart.plan is None:
        raise InvalidInput(N_("This client has no care plan: a progress report follows a plan."))
    plan = session.get(CarePlan, chart.plan.plan_id)
    version = current_version(session, plan)
    client = session.get(Client, client_id)
    visit_ids = sorted(set(session.exec(select(Outcome.visit_id).where(Outcome.plan_id == plan.id)).all()))
    days = session.exec(select(Visit.clinic_day).where(Visit.id.in_(visit_ids))).all() if visit_ids else []
    notes = session.exec(
        select(SessionNote)
        .where(SessionNote.visit_id.in_(visit_ids), SessionNote.signed_at.is_not(None))
        .order_by(SessionNote.signed_at)
    ).all() if visit_ids else []  # fmt: skip
    sessions, minutes = Counter(), Counter()
    for note in notes:
        for technique in note.content.get("techniques", []):
            sessions[technique["code"]] += 1
            minutes[technique["code"]] += int(technique.get("minutes") or 0)
    techniques = [
        (translate(language, catalog.TECHNIQUE_LABELS.get(code, code)), sessions[code], minutes[code])
        for code, _count in minutes.most_common()
    ]
    latest = notes[-1] if notes else None
    staff = {t.id: t.name for t in session.exec(select(Therapist))}
    therapist = staff.get(latest.therapist_id if latest else plan.created_by, "")
    say = lambda text: translate(language, text)  # noqa: E731
    said = latest.content if latest else {}
    response = say(catalog.RESPONSE_LABELS[said["response"]]) if said.get("response") in catalog.RESPONSE_LABELS else ""
    pain = _measured(chart, Measure.NPRS, N_("Pain (NPRS, 0-10)"), language,
                     lambda base: pain_threshold(int(base), policy.nprs))  # fmt: skip
    psfs = _measured(chart, Measure.PSFS, N_("Activities (PSFS average, 0-10)"), language,
                     lambda _base: policy.psfs.points)  # fmt: skip
    change = ""
    ratings = [row for row in chart.rows if row["measure"] == Measure.GROC.value]
    if ratings:
        rated = ratings[-1]
        change = f"{groc_text(int(rated['value']), language)} ({rated['day'].isoformat()}): "
        change += verdict_text(rated["verdict"], language)
    signed = ""
    if latest is not None:
        signed = translate(language, N_("Signed by {name} on {day}"), name=staff.get(latest.signed_by, ""),
                           day=latest.signed_at.date().isoformat())  # fmt: skip
    data = ProgressData(
        letterhead=letterhead,
        language=language,
        client_name=f"{client.first_name} {client.last_name}",
        birth_date=client.birth_date,
        plan=chart.plan,
        frequency=say(FREQUENCY_LABELS.get(version.frequency, version.frequency)),
        starts_on=version.starts_on,
        last_visit=max(days) if days else None,
        therapist=therapist,
        pain=pain,
        psfs=psfs,
        pain_points=[(row["day"], row["value"]) for row in chart.rows if row["measure"] == Measure.NPRS.value],
        pain_band=chart.bands.get(Measure.NPRS.value),
        techniques=techniques,
        assessment=" · ".join(part for part in (response, said.get("assessment_text", "")) if part),
        recommendation=said.get("recommendation", ""),
        home_care=said.get("home_care", ""),
        next_visit=said.get("next_visit", ""),
        signed=signed,
        visit_ids=visit_ids,
        change=change,
    )
    return data, plan.id
