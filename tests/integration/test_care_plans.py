"""Care plans on SQLite and PostgreSQL: made by a medically trained therapist, versions kept on
revision, activities keep their codes, completed or stopped with a reason; outcomes stored as
codes with values at check-in; the chart read is audited."""

from datetime import date

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.care.plans import TherapeuticVisit, versions
from kiosk_core.care.tables import CarePlan, Outcome
from kiosk_core.errors import InvalidInput, NotAllowed
from kiosk_core.models import AuditEvent
from kiosk_core.screens import care_desk
from tests.factories import intake, make_client, past_visit
from tests.integration.care_setup import member, plan_client, plan_form, visit_with_outcomes


def test_a_plan_is_made_revised_with_versions_kept_and_closed(desk_db, clinic):
    priya = member(desk_db)
    client_id, plan_id = plan_client(desk_db, clinic, priya)
    revised = plan_form(activities=["lifting my child", "walking to the bus"], visits_planned=8)
    care_desk.save_plan(member=priya, client_id=client_id, form=revised, plan_id=plan_id, why="slower than hoped")
    with db.read_session(desk_db) as session:
        kept = versions(session, plan_id)
    assert [v.version for v in kept] == [1, 2]
    assert kept[0].activities == [
        {"code": "act1", "text": "sitting 30 minutes"},
        {"code": "act2", "text": "lifting my child"},
    ]
    # The same activity keeps its code (one line on the chart); a new one gets the next.
    assert kept[1].activities == [
        {"code": "act2", "text": "lifting my child"},
        {"code": "act3", "text": "walking to the bus"},
    ]
    assert kept[0].visits_planned == 6 and kept[1].visits_planned == 8 and kept[1].why == "slower than hoped"
    assert kept[0].diagnoses == [{"code": "M54.31", "title": "Sciatica, right side"}]
    with pytest.raises(InvalidInput):
        care_desk.save_plan(member=priya, client_id=client_id, form=plan_form())  # one active plan
    care_desk.close_plan(member=priya, client_id=client_id, plan_id=plan_id, status="completed", reason="goals_met")
    with db.read_session(desk_db) as session:
        plan = session.get(CarePlan, plan_id)
    assert (plan.status, plan.close_reason, plan.closed_by) == ("completed", "goals_met", priya.therapist_id)
    with pytest.raises(InvalidInput):
        care_desk.save_plan(member=priya, client_id=client_id, form=plan_form(), plan_id=plan_id, why="again")


def test_only_a_medically_trained_therapist_makes_a_plan(desk_db, clinic):
    priya = member(desk_db)
    client_id, _plan = plan_client(desk_db, clinic, priya)
    sam = member(desk_db, medical=False, name="Sam")
    with pytest.raises(NotAllowed):
        care_desk.save_plan(member=sam, client_id=client_id, form=plan_form(), plan_id=_plan, why="x")


def test_bad_plan_input_is_refused_with_what_to_fix(desk_db, clinic):
    priya = member(desk_db)
    client_id = make_client(desk_db)[0]
    past_visit(desk_db, clinic, client_id, intake())
    with pytest.raises(InvalidInput) as wrong:
        care_desk.save_plan(
            member=priya, client_id=client_id, form=plan_form(diagnoses=["M54.39"], referrer_npi="1234567890")
        )
    assert "M54.31" in str(wrong.value.problems["diagnoses"]) and "referrer_npi" in wrong.value.problems
    with pytest.raises(InvalidInput) as none:
        care_desk.save_plan(member=priya, client_id=client_id, form=plan_form(activities=[]))
    assert "activities" in none.value.problems


def test_a_long_activity_keeps_its_first_part_and_says_so_and_a_therapeutic_client_asks_first(desk_db, clinic):
    priya = member(desk_db)
    client_id = make_client(desk_db)[0]
    past_visit(desk_db, clinic, client_id, intake())  # relax: therapeutic
    form = plan_form(activities=["carrying the groceries up three flights of stairs without stopping to rest"])
    with pytest.raises(TherapeuticVisit):
        care_desk.save_plan(member=priya, client_id=client_id, form=form)
    saved = care_desk.save_plan(member=priya, client_id=client_id, form=form, confirmed=True)
    assert saved.notes and "60" in str(saved.notes[0])
    with db.read_session(desk_db) as session:
        activity = versions(session, saved.plan_id)[0].activities[0]["text"]
    assert activity == "carrying the groceries up three flights of stairs without st"


def test_outcomes_are_stored_as_codes_with_values_and_change_is_asked_from_the_second_visit(desk_db, clinic):
    priya = member(desk_db)
    client_id, plan_id = plan_client(desk_db, clinic, priya)
    first = visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=7, ratings=(3, 4))
    second = visit_with_outcomes(
        desk_db, clinic, client_id, priya.therapist_id, days_ago=0, ratings=(5, 6), change="better"
    )
    with db.read_session(desk_db) as session:
        rows = session.exec(select(Outcome).order_by(Outcome.visit_id, Outcome.id)).all()
    stored = [(r.visit_id, r.measure, r.item, r.value, r.plan_id, r.client_id) for r in rows]
    assert stored == [
        (first, "psfs", "act1", 3, plan_id, client_id),
        (first, "psfs", "act2", 4, plan_id, client_id),
        (second, "psfs", "act1", 5, plan_id, client_id),
        (second, "psfs", "act2", 6, plan_id, client_id),
        (second, "groc", "", 2, plan_id, client_id),
    ]


def test_the_chart_lists_every_version_of_the_plan_with_who_why_and_what_changed(desk_db, clinic):
    priya = member(desk_db, name="Priya Patel")
    client_id, plan_id = plan_client(desk_db, clinic, priya)
    revised = plan_form(
        activities=["lifting my child", "walking to the bus"], visits_planned=8, diagnoses=["M54.31", "M54.50"]
    )
    care_desk.save_plan(member=priya, client_id=client_id, form=revised, plan_id=plan_id, why="slower than hoped")
    care_desk.save_plan(member=priya, client_id=client_id, form=revised, plan_id=plan_id, why="same words, new date")
    first, second, third = care_desk.chart(member=priya, client_id=client_id, language="en").plan.history
    assert first.startswith("Version 1 · ") and first.endswith(" · Priya Patel · first version")
    assert second.startswith("Version 2 · ") and " · why: slower than hoped · changed: " in second
    assert "diagnoses (+M54.50)" in second and "activities (+walking to the bus, −sitting 30 minutes)" in second
    assert "schedule (Weekly × 6 from 2026-11-02 → Weekly × 8 from 2026-11-02)" in second
    assert "condition" not in second and "goals" not in second  # unchanged parts are not named
    assert third.endswith("changed: nothing")
    spanish = care_desk.chart(member=priya, client_id=client_id, language="es").plan.history
    assert spanish[0].startswith("Versión 1 · ") and spanish[0].endswith(" · primera versión")
    assert "calendario (Semanal × 6 desde 2026-11-02 → Semanal × 8 desde 2026-11-02)" in spanish[1]
    assert "cambios: " in spanish[1] and "diagnósticos (+M54.50)" in spanish[1]


def test_the_chart_is_audited_at_every_read_and_only_for_staff_where_the_client_was_seen(desk_db, clinic):
    priya = member(desk_db)
    client_id, _plan = plan_client(desk_db, clinic, priya)
    visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=7, pain=7, ratings=(3, 4))
    visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=0, pain=4, ratings=(6, 6))
    for _ in range(2):
        chart = care_desk.chart(member=priya, client_id=client_id, language="es")
    with db.read_session(desk_db) as session:
        audited = session.exec(select(AuditEvent).where(AuditEvent.action == "view_chart")).all()
    assert [(a.client_id, a.therapist_id) for a in audited] == [(client_id, priya.therapist_id)] * 2
    assert len(chart.visits) == 3 and chart.plan.visits_done == 2 and chart.plan.visits_planned == 6
    assert "Dolor ahora" in chart.visits[0].answers  # the intake in the reader's language
    verdicts = [(r["measure"], r["verdict"]) for r in chart.rows if r["measure"] != "stress"]
    assert verdicts == [
        ("nprs", "baseline"),
        ("psfs", "baseline"),
        ("nprs", "improved"),
        ("psfs", "improved"),
        ("groc", "improved"),  # "Better" since the last visit: asked from the plan's second visit
    ]
    assert chart.bands["groc"] == (-1.5, 1.5)  # the clinic file: "Better" or more counts
    assert len([r for r in chart.rows if r["measure"] == "stress"]) == 3  # every visit's stress
    downtown = member(desk_db, name="Dee", location="downtown-syracuse")
    with pytest.raises(NotAllowed):
        care_desk.chart(member=downtown, client_id=client_id)
    found = care_desk.search_clients(member=priya, query="ros d")
    assert [(f.client_id, f.name) for f in found] == [(client_id, "Rosa D.")]
    assert care_desk.search_clients(member=downtown, query="rosa") == []
    assert date.fromisoformat(found[0].last_visit)
