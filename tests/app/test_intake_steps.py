"""The intake steps, "Same as last time" and the ticket, through AppTest."""

import dataclasses

from sqlmodel import select

from kiosk_core import db
from kiosk_core.i18n import translate
from kiosk_core.intake import questions
from kiosk_core.intake.answers import Intake
from kiosk_core.intake.shapes import Kind, Option, Question
from kiosk_core.models import Visit
from tests.app.tablet import CLIENT_KEYS, answer_about, checked_in, finish_intake, open_app, scan, texts, ticket_html
from tests.factories import make_client


def only_visit(engine) -> Visit:
    with db.read_session(engine) as session:
        return session.exec(select(Visit)).one()


def test_safety_chips_survive_back_and_next_and_reach_the_ticket(app_db):
    """The bug that lost red flags: tap two safety chips, Back, Next, check in."""
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    at.pills(key="q_areas").set_value(["neck"]).run()
    at.button(key="body_next").click().run()
    at.button(key="care_next").click().run()
    at.pills(key="q_safety").set_value(["pregnant", "blood_thinners"]).run()
    at.button(key="safety_back").click().run()
    at.button(key="care_next").click().run()
    assert at.pills(key="q_safety").value == ["pregnant", "blood_thinners"]
    at.button(key="safety_next").click().run()
    assert "A therapist will have a quick word with you" in texts(at)
    assert {f["code"] for f in only_visit(app_db).flags} == {"pregnant", "blood_thinners"}


def test_every_answer_survives_back_and_next(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at, goal="wellness", pain=3, stress=8)
    at.pills(key="q_areas").set_value(["neck", "shoulders"]).run()
    at.pills(key="q_conditions__1").set_value(["sciatica"]).run()
    at.text_input(key="q_other_condition").input("sore wrist").run()
    at.button(key="body_next").click().run()
    at.pills(key="q_care").set_value(["referral"]).run()
    at.pills(key="q_injury").set_value("last_year").run()
    at.button(key="care_back").click().run()
    at.button(key="body_back").click().run()
    assert at.pills(key="q_goal").value == "wellness"
    assert at.segmented_control(key="q_stress").value == 8
    at.button(key="about_next").click().run()
    assert at.pills(key="q_areas").value == ["neck", "shoulders"]
    assert at.pills(key="q_conditions__1").value == ["sciatica"]
    assert at.text_input(key="q_other_condition").value == "sore wrist"
    at.button(key="body_next").click().run()
    assert at.pills(key="q_care").value == ["referral"]
    assert at.pills(key="q_injury").value == "last_year"


def test_a_skipped_safety_screen_never_reads_as_none_apply(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at, safety=())
    assert not at.exception
    assert at.session_state["screen"] == "intake"
    assert "None of these apply" in texts(at)
    with db.read_session(app_db) as session:
        assert session.exec(select(Visit)).all() == []


def test_none_of_these_apply_and_a_safety_answer_exclude_each_other(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at, safety=("pregnant",))
    at.session_state["screen"] = "intake"
    at.run()
    at.pills(key="q_safety").set_value(["pregnant", "none"]).run()
    assert at.pills(key="q_safety").value == ["none"]
    at.pills(key="q_safety").set_value(["none", "skin_problem"]).run()
    assert at.pills(key="q_safety").value == ["skin_problem"]


def test_full_body_and_an_area_exclude_each_other(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    at.pills(key="q_areas").set_value(["neck"]).run()
    at.pills(key="q_areas").set_value(["neck", "full_body"]).run()
    assert at.pills(key="q_areas").value == ["full_body"]


def test_the_intake_asks_for_what_it_needs_beside_each_question(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    at.button(key="about_next").click().run()
    assert "Please tell us what brings you in today." in texts(at)
    assert 'data-error-for="q_pain"' in texts(at)
    at.pills(key="q_goal").set_value("relax").run()
    at.button(key="about_next").click().run()
    assert "0 to 10" in texts(at)
    assert at.session_state["draft"].step == "about"
    at.segmented_control(key="q_pain").set_value(3).run()
    assert len(at.warning) == 1  # the stress is still missing
    at.segmented_control(key="q_stress").set_value(3).run()  # all it asked for: its warning goes before Next
    assert len(at.warning) == 0 and 'data-error-for="q_' not in texts(at)


def test_tapping_the_chosen_chip_again_keeps_it(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    at.pills(key="q_goal").set_value("relax").run()
    at.pills(key="q_goal").set_value(None).run()
    assert at.pills(key="q_goal").value == "relax"


def test_a_pasted_text_longer_than_its_limit_keeps_the_first_part_and_says_so(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    at.text_input(key="q_other_condition").input("ache " * 100).run()
    assert at.text_input(key="q_other_condition").value == ("ache " * 100)[:200]
    assert "We kept the first 200 characters." in texts(at)


def test_a_red_flag_is_mentioned_gently(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at, safety=("pregnant",))
    assert "A therapist will have a quick word with you before your massage." in texts(at)
    assert "pregnan" not in texts(at).lower()


def test_done_forgets_the_client(app_db):
    _, payload = make_client(app_db, first_name="Linda")
    at = checked_in(open_app(), payload)
    at.button(key="result_done").click().run()
    assert not at.exception
    assert "Welcome to North Syracuse" in texts(at)
    assert "Linda" not in texts(at)
    assert not any(key in at.session_state for key in CLIENT_KEYS)


def returning(app_db, **client) -> str:
    """A client with one finished visit (relax, full body, pain 2, stress 7, sciatica); returns the card payload."""
    client_id, payload = make_client(app_db, **client)
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at, conditions={"back_and_neck": ["sciatica"]})
    with db.write_session(app_db) as session:
        visit = session.exec(select(Visit).where(Visit.client_id == client_id)).one()
        visit.status = "done"
        session.add(visit)
    return payload


def test_same_as_last_time_asks_todays_pain_stress_and_safety_fresh(app_db):
    at = scan(open_app(), returning(app_db, first_name="Maria", last_name="Gonzalez"))
    assert at.session_state["screen"] == "same"
    assert at.title[0].value == "Welcome back, Maria!"
    assert "Gonzalez" not in texts(at)
    assert "Sciatica" in texts(at)
    assert at.segmented_control(key="q_pain").value is None  # nothing from last time on today's questions
    at.button(key="same_yes").click().run()
    assert at.session_state["screen"] == "same"  # pain and stress first
    at.segmented_control(key="q_pain").set_value(4).run()
    at.segmented_control(key="q_stress").set_value(3).run()
    at.button(key="same_yes").click().run()
    assert at.session_state["draft"].step == "safety"
    assert at.pills(key="q_safety").value == []
    at.pills(key="q_safety").set_value(["none"]).run()
    at.button(key="safety_next").click().run()
    assert not at.exception
    with db.read_session(app_db) as session:
        latest = session.exec(select(Visit).order_by(Visit.id.desc())).first()
    intake = Intake.from_stored(latest.intake_json)
    assert (intake.pain, intake.stress, intake.conditions) == (4, 3, {"sciatica"})


def test_change_answers_keeps_last_time_but_not_today(app_db):
    at = scan(open_app(), returning(app_db))
    at.button(key="same_change").click().run()
    assert at.pills(key="q_goal").value == "relax"
    assert at.segmented_control(key="q_pain").value is None


def test_not_me_leaves_at_once(app_db):
    at = scan(open_app(), returning(app_db, first_name="Ben"))
    at.button(key="same_not_me").click().run()
    assert "Welcome to North Syracuse" in texts(at)
    assert "Ben" not in texts(at)


def test_the_same_client_twice_today_gets_the_same_ticket(app_db):
    _, payload = make_client(app_db)
    checked_in(open_app(), payload)
    at = checked_in(open_app(), payload)
    assert "You're already checked in" in at.title[0].value
    assert "T-001" in ticket_html(at)


def test_a_failure_behind_the_scenes_shows_a_calm_message_and_keeps_the_answers(app_db, monkeypatch):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)

    def database_down(**_):
        raise RuntimeError("connection refused")

    monkeypatch.setattr("kiosk_core.screens.tablet.check_in_client", database_down)
    finish_intake(at)
    assert not at.exception
    assert "Please ask at the front desk." in texts(at)
    assert "connection refused" not in texts(at)
    assert at.session_state["draft"].step == "safety"
    assert at.session_state["draft"].answers["stress"] == 7


def test_a_double_tap_on_check_me_in_shows_the_same_ticket(app_db):
    _, payload = make_client(app_db)
    at = checked_in(open_app(), payload)
    at.session_state["screen"] = "intake"  # the second tap lands on the screen the first one left
    at.run()
    at.button(key="safety_next").click().run()
    assert "You're checked in" in at.title[0].value  # not "already": the first tap's ticket
    with db.read_session(app_db) as session:
        assert len(session.exec(select(Visit)).all()) == 1


def test_the_whole_intake_in_spanish_records_the_language(app_db):
    _, payload = make_client(app_db)
    at = open_app()
    at.button(key="language").click().run()
    checked_in(at, payload)
    assert not at.exception
    assert translate("es", "Your ticket") in ticket_html(at)
    assert "You want to relax" not in texts(at)
    assert only_visit(app_db).language == "es"


def test_a_question_added_to_the_catalog_is_asked_and_kept(app_db, monkeypatch):
    """Adding a question is an edit of the catalog (and its translations) only."""
    pressure = Question(
        "pressure",
        Kind.ONE,
        "What pressure do you like?",
        (Option("light", "Light"), Option("medium", "Medium"), Option("firm", "Firm")),
        required=True,
        staff_label="Pressure",
    )
    monkeypatch.setattr(questions, "CATALOG", questions.CATALOG.with_question("care", pressure))
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    at.pills(key="q_areas").set_value(["neck"]).run()
    at.button(key="body_next").click().run()
    assert "What pressure do you like?" in [p.label for p in at.pills]
    at.button(key="care_next").click().run()
    assert at.session_state["draft"].step == "care"  # required: asked before going on
    at.pills(key="q_pressure").set_value("firm").run()
    at.button(key="care_next").click().run()
    at.pills(key="q_safety").set_value(["none"]).run()
    at.button(key="safety_next").click().run()
    assert not at.exception
    assert Intake.from_stored(only_visit(app_db).intake_json).more == {"pressure": "firm"}
    assert dataclasses.is_dataclass(pressure)


def test_a_fever_asks_the_client_to_stop_by_the_front_desk_without_saying_why(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at, safety=("fever_or_contagious",))
    assert "please stop by the front desk" in texts(at)
    assert "Please take a seat" not in texts(at)
    assert "fever" not in texts(at).lower()


def test_a_client_checked_in_downtown_moves_the_visit_here_in_one_tap(app_db):
    _, payload = make_client(app_db, first_name="Eva")
    checked_in(open_app("downtown-syracuse"), payload)
    at = scan(open_app("north-syracuse"), payload)
    assert at.session_state["screen"] == "elsewhere"
    assert "Downtown Syracuse" in texts(at) and "T-001" in texts(at)
    at.button(key="elsewhere_move").click().run()
    assert not at.exception
    assert "You're checked in, Eva!" in at.title[0].value
    with db.read_session(app_db) as session:
        statuses = [v.status for v in session.exec(select(Visit).order_by(Visit.id))]
    assert statuses == ["moved", "waiting"]
