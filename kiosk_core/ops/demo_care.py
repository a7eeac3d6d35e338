"""Demo care: Maria Gonzalez's sciatica plan, four weekly visits of outcomes and signed notes
before today's, her MRI report (an outside document), and what Ben Foster, a regular, likes. Run
by seed_demo, in its transaction."""

import io
from datetime import datetime, timedelta

from PIL import Image, ImageDraw
from sqlmodel import Session

from kiosk_core.care import notes, plans
from kiosk_core.care.outcomes import outcome_ask, outcome_rows, psfs_key, record_outcomes
from kiosk_core.care.soap import NoteContent
from kiosk_core.checkin.check_in import open_visit
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig, settings
from kiosk_core.intake.answers import Goal, Intake
from kiosk_core.models import Client, Therapist
from kiosk_core.records import documents
from kiosk_core.records.document_files import check_document
from kiosk_core.records.document_key import DocumentsOff
from kiosk_core.visits.actions import apply_action

# Pain, the two activities' ratings and the change since the last visit, week by week.
_WEEKS = ((8, 2, 3, None), (7, 3, 4, "a_little_better"), (6, 5, 5, "better"), (5, 6, 7, "better"))
_TODAY = (4, 7, 7, "better")


def _sciatica(pain: int) -> Intake:
    return Intake(
        goal=Goal.TREAT_PROBLEM,
        conditions={"sciatica"},
        areas={"lower_back", "legs"},
        pain=pain,
        stress=max(2, pain - 3),
        care={"diagnosis", "insurance"},
        documents={"mri"},
        safety={"none"},
    )


# What the therapist wrote after each week: the latest is what her progress report prints.
_ASSESSMENTS = (
    ("Sciatic pain on sitting, right L5 distribution; piriformis and QL trigger points.", ""),
    ("Radiating pain easing; sitting tolerance up to 20 minutes.", ""),
    ("Leg pain now mostly in the buttock; sits 30 minutes with a break.", ""),
    (
        "Pain down 3 points since the first visit and both activities up 4 points: a clinically important "
        "improvement. Straight-leg raise now negative.",
        "Continue weekly for the 3 remaining visits, adding core stabilisation at home; re-assess at visit 8 and "
        "discharge to home care if the gains hold.",
    ),
)


# Her check-in today, at the end of the weeks above: what her progress report's "latest" reads.
MARIA_TODAY = _sciatica(_TODAY[0])


def _note(minutes: int, response: str, week: int = 0) -> NoteContent:
    assessment, recommendation = _ASSESSMENTS[min(week, len(_ASSESSMENTS) - 1)]
    return NoteContent(
        findings=({"area": "lower_back", "finding": "trigger_points"}, {"area": "hips", "finding": "restricted_range"}),
        objective_text="Right piriformis and QL taut; straight-leg raise positive on the right at 60°.",
        response=response,
        assessment_text=assessment,
        recommendation=recommendation,
        techniques=(
            {"code": "trigger_point", "minutes": minutes // 2},
            {"code": "myofascial_release", "minutes": minutes - minutes // 2},
        ),
        areas_worked=("lower_back", "hips", "legs"),
        home_care="Piriformis stretch 3 × 30 s twice a day; walk 10 minutes after sitting 30.",
        next_visit="In one week",
    )


def _seen(session, clinic, slug, client_id, intake, therapist_id, at, answers=None) -> int:
    visit = open_visit(
        session=session, clinic=clinic, location_slug=slug, client_id=client_id, intake=intake, now=at
    ).visit
    if answers is not None:
        ask = outcome_ask(session=session, client_id=client_id)
        record_outcomes(
            session=session,
            visit_id=visit.id,
            client_id=client_id,
            plan_id=ask.plan_id,
            rows=outcome_rows(ask, answers),
            now=at,
        )
    for step, action in enumerate(("call", "start", "finish")):
        apply_action(
            session=session,
            visit_id=visit.id,
            action=action,
            therapist_id=therapist_id,
            now=at + timedelta(minutes=(5, 8, 58)[step]),
        )
    return visit.id


def _signed(session, visit_id: int, therapist_id: int, content: NoteContent, at: datetime) -> None:
    note = notes.open_note(session=session, visit_id=visit_id, therapist_id=therapist_id, now=at)
    notes.sign_note(session=session, note_id=note.id, therapist_id=therapist_id, content=content, now=at)


def seed_care(
    *, session: Session, clinic: ClinicConfig, therapist_id: int, maria: int, maria_today: int, ben: int, now: datetime
) -> None:
    slug = clinic.locations[0].slug
    # What her superbill prints: the therapist's credentials and NPI, her address (demo values,
    # fake but well-formed: the NPI passes its check digit).
    session.get(Therapist, therapist_id).credentials, session.get(Therapist, therapist_id).npi = "LMT", "1000000004"
    session.get(Client, maria).address = "12 Example Lane, Syracuse, NY 13212"
    first = now - timedelta(weeks=len(_WEEKS))
    plan_day = clinic_day(first)
    form = {
        "condition": "Pain down my right leg when I sit; worse after driving",
        "diagnoses": ["M54.31", "M51.16"],
        "goals": ["Sit through a 1-hour meeting", "Lift my son without pain"],
        "activities": ["sitting 30 minutes", "lifting my son"],
        "frequency": "weekly",
        "visits_planned": 8,
        "starts_on": plan_day,
        "referrer_name": "Dr. Ana Ruiz",
        "referrer_npi": "1234567893",
        "documents": [("mri", plan_day - timedelta(days=20)), ("doctor_note", plan_day - timedelta(days=6))],
        "reassess_on": plan_day + timedelta(weeks=4),
    }
    content, _notes = plans.checked_plan(form)
    # Her first visit, then the plan, as a therapist would make it after the assessment.
    at = first
    intake = _sciatica(_WEEKS[0][0])
    visit_id = _seen(session, clinic, slug, maria, intake, therapist_id, at)
    plans.create_plan(session=session, client_id=maria, therapist_id=therapist_id, content=content, now=at)
    for week, (pain, sitting, lifting, change) in enumerate(_WEEKS):
        if week:
            at = first + timedelta(weeks=week)
            answers = {psfs_key("act1"): sitting, psfs_key("act2"): lifting, "groc": change}
            visit_id = _seen(session, clinic, slug, maria, _sciatica(pain), therapist_id, at, answers)
        else:
            ask = outcome_ask(session=session, client_id=maria)
            rows = outcome_rows(ask, {psfs_key("act1"): sitting, psfs_key("act2"): lifting})
            record_outcomes(session=session, visit_id=visit_id, client_id=maria, plan_id=ask.plan_id, rows=rows, now=at)
        _signed(session, visit_id, therapist_id, _note(50, "better" if week else "same", week), at + timedelta(hours=1))
        if week == 1:  # the chart's plan history shows a revision, with why and what it changed
            slower = {**form, "visits_planned": 10, "reassess_on": plan_day + timedelta(weeks=6)}
            revised, _notes = plans.checked_plan(slower)
            plan_id = outcome_ask(session=session, client_id=maria).plan_id
            why = "Slower than hoped after two visits: two more visits, re-assessment later"
            at_revision = at + timedelta(hours=2)
            plans.revise_plan(
                session=session, plan_id=plan_id, therapist_id=therapist_id, content=revised, why=why, now=at_revision
            )
    pain, sitting, lifting, change = _TODAY
    ask = outcome_ask(session=session, client_id=maria)
    answers = {psfs_key("act1"): sitting, psfs_key("act2"): lifting, "groc": change}
    record_outcomes(
        session=session,
        visit_id=maria_today,
        client_id=maria,
        plan_id=ask.plan_id,
        rows=outcome_rows(ask, answers),
        now=now,
    )
    # Ben, a regular of therapeutic massage: what he liked two weeks ago, for whoever calls him next.
    relax = Intake(goal=Goal.RELAX, areas={"full_body"}, pain=1, stress=7, safety={"none"})
    past = now - timedelta(weeks=2)
    visit_id = _seen(session, clinic, clinic.locations[-1].slug, ben, relax, therapist_id, past)
    likes = NoteContent(
        techniques=({"code": "swedish", "minutes": 50},),
        areas_worked=("full_body",),
        pressure="medium",
        avoid_areas=("feet",),
        liked="Quiet music, hot towels on the back",
    )
    _signed(session, visit_id, therapist_id, likes, past + timedelta(hours=1))
    _mri_report(session, maria, first)


def _mri_report(session: Session, client_id: int, at: datetime) -> None:
    """The MRI report Maria photographed at her first visit: a small drawn page, sealed under this
    server's document key (none stored yet: made now). With documents switched off, none."""
    page = Image.new("L", (360, 480), 250)
    draw = ImageDraw.Draw(page)
    for y, line in enumerate(("MRI LUMBAR SPINE", "Impression: L5-S1 disc", "protrusion, right S1 root.")):
        draw.text((24, 24 + 20 * y), line, fill=0)
    for y in range(110, 440, 18):
        draw.line((24, y, 24 + (y * 37) % 280 + 30, y), fill=60, width=3)
    out = io.BytesIO()
    page.save(out, format="PNG")
    secret = settings.document_key.get_secret_value() if settings.document_key else None
    try:
        key = documents.clinic_key(session, secret=secret, path=settings.document_key_file)
    except DocumentsOff:
        return
    checked = check_document(out.getvalue(), max_bytes=1024 * 1024)
    documents.add_document(session=session, key=key, client_id=client_id, kind="mri", checked=checked,
                           source="tablet", now=at)  # fmt: skip
