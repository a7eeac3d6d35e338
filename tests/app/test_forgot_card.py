"""A returning client without their card on the tablet, in AppTest: "Forgot your card?" and a
second registration both check them in as themselves, with nothing stored shown; a family
phone asks again; the admin merges a duplicate made before."""

from sqlmodel import func, select

from kiosk_core import db
from kiosk_core.models import Client, Visit
from tests.app.tablet import answer_about, finish_intake, open_app, register, texts
from tests.app.test_admin_page import admin_page
from tests.factories import intake, make_client, make_therapist, past_visit


def forgot(at, first="Rosa", last="Delgado", contact="(315) 555-0199"):
    at.button(key="to_forgot").click().run()
    for field, value in (("first_name", first), ("last_name", last), ("contact", contact)):
        at.text_input(key=f"forgot_{field}").input(value).run()
    at.button(key="forgot_next").click().run()
    return at


def clients(engine) -> int:
    with db.read_session(engine) as session:
        return session.exec(select(func.count()).select_from(Client)).one()


def test_a_client_who_forgot_the_card_checks_in_as_themselves_seeing_nothing_stored(app_db, clinic):
    rosa, _ = make_client(app_db, first_name="Rosa", last_name="Delgado", phone="3155550199")
    past_visit(app_db, clinic, rosa, intake(goal="treat_problem", other_condition="my left knee"), hours_ago=30)
    at = forgot(open_app(), first="rosa")
    assert not at.exception and at.session_state["screen"] == "intake"
    assert "last_answers" not in at.session_state and at.pills(key="q_goal").value is None  # asked fresh
    assert "knee" not in texts(at)
    answer_about(at)
    finish_intake(at)
    assert "Ask at the front desk for a new card for next time." in texts(at)
    assert "You're checked in, rosa!" in at.title[0].value  # the name as typed, never the stored "Rosa"
    with db.read_session(app_db) as session:
        assert len(session.exec(select(Visit).where(Visit.client_id == rosa, Visit.without_card)).all()) == 1
    assert clients(app_db) == 1


def test_details_nobody_registered_say_so_gently_and_keep_what_was_typed(app_db):
    make_client(app_db, first_name="Rosa", last_name="Delgado", phone="3155550199")
    at = forgot(open_app(), first="Maria")
    assert not at.exception and at.session_state["screen"] == "forgot"
    assert "We couldn't find you with those details." in texts(at)
    assert at.text_input(key="forgot_first_name").value == "Maria"


def test_a_number_that_is_none_is_said_under_its_field(app_db):
    at = forgot(open_app(), contact="555-01")
    assert not at.exception and "Enter a phone number with its area code" in "".join(h.value for h in at.html)


def test_registering_again_with_the_same_name_and_phone_is_the_same_client_with_no_card(app_db):
    rosa, _ = make_client(app_db, first_name="Rosa", last_name="Delgado", phone="3155550199")
    at = open_app()
    register(at, first_name="Rosa", last_name="Delgado", phone="315 555 0199")
    assert not at.exception and at.session_state["client_id"] == rosa
    assert "card_png" not in at.session_state and "Here's your card" not in texts(at)
    assert clients(app_db) == 1


def test_a_sibling_on_the_family_phone_is_asked_again_then_registered(app_db):
    make_client(app_db, first_name="Maria", last_name="Lopez", phone="3155550150")
    at = open_app()
    register(at, first_name="Mario", last_name="Lopez", phone="3155550150")
    assert "More than one person uses these details." in texts(at)
    at.text_input(key="reg_first_name_again").input("Mario").run()
    at.button(key="register_next").click().run()
    assert not at.exception and at.session_state["screen"] == "intake" and at.session_state.get("card_png")
    assert clients(app_db) == 2


def test_an_admin_merges_a_duplicate_after_ticking_the_check(app_db):
    admin = make_therapist(app_db, name="Priya Shah", pin="447016", admin=True)
    keep, _ = make_client(app_db, first_name="Rosa", last_name="Delgado", phone="3155550199")
    make_client(app_db, first_name="Rosa", last_name="Delgado", phone="3155550199")
    at = admin_page(admin, "447016")
    at.button(key="dup_list").click().run()
    assert "#2 Rosa Delgado" in texts(at) and "phone ending 0199" in texts(at)
    at.button(key="dup_merge_2").click().run()
    assert not at.exception and "tick the box" in at.error[0].value
    at.checkbox(key="dup_check_2").check().run()
    at.button(key="dup_merge_2").click().run()
    assert not at.exception and "Merged" in at.success[0].value
    with db.read_session(app_db) as session:
        assert session.get(Client, 2).merged_into_id == keep
