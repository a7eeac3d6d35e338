"""Builders for the care tests: a plan form, a member, a plan client's visits with outcomes."""

from datetime import date, timedelta

from kiosk_core import db
from kiosk_core.care import outcomes as care_outcomes
from kiosk_core.intake.answers import Goal
from kiosk_core.models import utcnow
from kiosk_core.screens import care_desk, tablet
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.visits.actions import apply_action
from tests.factories import intake, make_client, make_therapist, signed_in

NORTH = "north-syracuse"


def member(engine, *, medical: bool = True, name: str | None = None, location: str = NORTH) -> StaffMember:
    """A therapist signed in at `location` (on a shift: the core re-reads both on every call)."""
    therapist_id = make_therapist(engine, medical=medical, name=name, locations=(location,))
    return signed_in(engine, therapist_id, location=location)


def plan_form(**changes) -> dict:
    form = {
        "condition": "Pain down my right leg when I sit",
        "diagnoses": ["M54.31"],
        "goals": ["Sit through a work meeting"],
        "activities": ["sitting 30 minutes", "lifting my child"],
        "frequency": "weekly",
        "visits_planned": 6,
        "starts_on": date(2026, 11, 2),
        "referrer_name": "Dr. Ana Ruiz",
        "referrer_npi": "1234567893",
        "documents": [("mri", date(2026, 10, 20))],
        "reassess_on": date(2026, 12, 7),
    }
    return {**form, **changes}


def medical_intake(pain: int = 7, stress: int = 5):
    return intake(goal=Goal.TREAT_PROBLEM, pain=pain, stress=stress, areas={"lower_back"}, conditions={"sciatica"})


def visit_with_outcomes(
    engine, clinic, client_id, therapist_id, *, days_ago: float, pain=7, ratings=(3, 4), change=None
):
    """A medical visit `days_ago`, checked in with the plan's outcomes (if any), seen and finished."""
    when = utcnow() - timedelta(days=days_ago)
    with db.read_session(engine) as session:
        ask = care_outcomes.outcome_ask(session=session, client_id=client_id)
    outcomes = None
    if ask is not None:
        answers = {
            care_outcomes.psfs_key(code): value for (code, _t), value in zip(ask.activities, ratings, strict=False)
        }
        if ask.ask_change:
            answers["groc"] = change or "better"
        outcomes = (ask, care_outcomes.outcome_rows(ask, answers))
    ticket = tablet.check_in_now(
        clinic=clinic, location_slug=NORTH, client_id=client_id, intake=medical_intake(pain), now=when,
        engine=engine, outcomes=outcomes,
    )  # fmt: skip
    with db.write_session(engine) as session:
        for action in ("call", "start", "finish"):
            apply_action(session=session, visit_id=ticket.visit_id, action=action, therapist_id=therapist_id, now=when)
    return ticket.visit_id


def plan_client(engine, clinic, priya: StaffMember) -> tuple[int, int]:
    """A client seen once at North Syracuse, with a plan made by Priya; returns (client, plan)."""
    client_id = make_client(engine, first_name="Rosa", last_name="Díaz")[0]
    visit_with_outcomes(engine, clinic, client_id, priya.therapist_id, days_ago=45)
    return client_id, care_desk.save_plan(member=priya, client_id=client_id, form=plan_form()).plan_id
