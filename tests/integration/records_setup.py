"""Builders for the paperwork tests: a plan client with signed notes over several visits."""

from kiosk_core.care.soap import NoteContent
from kiosk_core.screens import care_desk
from tests.factories import make_client
from tests.integration.care_setup import plan_form, visit_with_outcomes

PAINS = (8, 7, 6, 5, 4)


def note(pain: int, last: bool = False) -> NoteContent:
    return NoteContent(
        findings=({"area": "lower_back", "finding": "trigger_points"},),
        objective_text="QL taut, right",
        response="better",
        assessment_text=f"Sitting tolerance up; pain {pain}/10." if last else "Easing.",
        recommendation="Continue weekly for 4 more visits, then re-assess." if last else "",
        techniques=({"code": "trigger_point", "minutes": 25}, {"code": "myofascial_release", "minutes": 30}),
        areas_worked=("lower_back", "hips"),
        home_care="Piriformis stretch twice a day",
        next_visit="in one week",
    )


def treated_client(engine, clinic, priya, *, pains=PAINS, visits_planned: int = 6, first="Thị", last="Nguyễn"):
    """A client seen `len(pains)` times on a plan, each visit's note signed; returns (client, plan, visit ids)."""
    client_id = make_client(engine, first_name=first, last_name=last)[0]
    visit_with_outcomes(engine, clinic, client_id, priya.therapist_id, days_ago=60)  # the assessment, before the plan
    form = plan_form(visits_planned=visits_planned, diagnoses=["M54.31", "M51.16"])
    plan_id = care_desk.save_plan(member=priya, client_id=client_id, form=form).plan_id
    visit_ids = []
    for index, pain in enumerate(pains):
        ratings = (2 + index, 3 + index)
        visit_ids.append(visit_with_outcomes(engine, clinic, client_id, priya.therapist_id,
                                             days_ago=50 - 7 * index, pain=pain, ratings=ratings))  # fmt: skip
    for index, visit_id in enumerate(visit_ids):
        opened = care_desk.open_note(member=priya, visit_id=visit_id)
        care_desk.sign_note(member=priya, note_id=opened.note_id, content=note(pains[index], index == len(pains) - 1))
    return client_id, plan_id, visit_ids
