"""A client with an active care plan rates their activities (and, from the second visit, the
change since the last) at the tablet, right after pain, fresh each visit, in their language."""

from datetime import timedelta

from sqlmodel import select

from kiosk_core import db
from kiosk_core.care.tables import Outcome
from kiosk_core.models import utcnow
from kiosk_core.screens import care_desk
from tests.app.tablet import answer_about, finish_intake, open_app, scan, texts
from tests.factories import make_client
from tests.integration.care_setup import member, plan_form, visit_with_outcomes


def plan_client(engine, clinic, *, visits: int) -> str:
    """A client with a plan and `visits` earlier visits (the first before the plan); returns the card."""
    priya = member(engine)
    client_id, payload = make_client(engine, first_name="Rosa")
    visit_with_outcomes(engine, clinic, client_id, priya.therapist_id, days_ago=14)
    form = plan_form(
        activities=["sitting 30 minutes", "lifting *my* child"], starts_on=(utcnow() - timedelta(13)).date()
    )
    care_desk.save_plan(member=priya, client_id=client_id, form=form)
    for n in range(visits - 1):
        visit_with_outcomes(engine, clinic, client_id, priya.therapist_id, days_ago=7 - n)
    return payload


def outcomes(engine) -> list[tuple[str, str, int]]:
    with db.read_session(engine) as session:
        rows = session.exec(select(Outcome).order_by(Outcome.id)).all()
    return [(r.measure, r.item, r.value) for r in rows]


def test_a_plan_clients_first_visit_asks_each_activity_fresh_in_spanish(app_db, clinic):
    payload = plan_client(app_db, clinic, visits=1)
    at = open_app()
    at.button(key="language").click().run()
    scan(at, payload)
    assert at.session_state["screen"] == "same"
    assert at.segmented_control(key="q_psfs_act1").value is None  # asked fresh, never pre-filled
    assert "¿Qué tan bien puede hacer esto hoy?" in texts(at)
    assert "lifting *my* child" in texts(at)  # the activity as typed, not Markdown
    assert not [w for w in at.pills if w.key == "q_groc"]  # no change to rate before a first rating
    at.segmented_control(key="q_pain").set_value(5).run()
    at.segmented_control(key="q_stress").set_value(4).run()
    at.button(key="same_yes").click().run()
    assert at.session_state["screen"] == "same"  # the activities are required
    at.segmented_control(key="q_psfs_act1").set_value(3).run()
    at.segmented_control(key="q_psfs_act2").set_value(6).run()
    at.button(key="same_yes").click().run()
    at.pills(key="q_safety").set_value(["none"]).run()
    at.button(key="safety_next").click().run()
    assert not at.exception
    assert outcomes(app_db) == [("psfs", "act1", 3), ("psfs", "act2", 6)]


def test_from_the_second_visit_the_change_since_the_last_is_asked(app_db, clinic):
    payload = plan_client(app_db, clinic, visits=2)
    at = scan(open_app(), payload)
    at.button(key="same_change").click().run()  # the whole intake: the outcomes are on its first step
    for key, value in (("q_psfs_act1", 5), ("q_psfs_act2", 7)):
        at.segmented_control(key=key).set_value(value).run()
    at.pills(key="q_groc").set_value("better").run()
    answer_about(at, goal="treat_problem", pain=4, stress=3)
    finish_intake(at, areas=("lower_back",))
    assert not at.exception and at.session_state["screen"] == "result"
    assert outcomes(app_db)[-3:] == [("psfs", "act1", 5), ("psfs", "act2", 7), ("groc", "", 2)]


def test_a_client_without_a_plan_is_asked_nothing_more(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    assert not [w for w in at.segmented_control if w.key.startswith("q_psfs")]
    finish_intake(at)
    assert at.session_state["screen"] == "result" and outcomes(app_db) == []
