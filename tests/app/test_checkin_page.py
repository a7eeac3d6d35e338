"""The lobby tablet, step by step, through AppTest (widgets found by their keys)."""

import io
import time

import pytest
from PIL import Image
from sqlmodel import select

from kiosk_core import cards, db
from kiosk_core.clients import reissue_card
from kiosk_core.models import Client, Visit
from tests.app.conftest import open_app
from tests.factories import make_client

CLIENT_KEYS = ("client_id", "first_name", "last_answers", "answers", "ticket", "card_png", "goal", "pain", "step")


def jpeg_of(payload: str | None) -> bytes:
    picture = Image.new("RGB", (640, 480), (128, 128, 128))
    if payload:
        picture.paste(cards.qr_image(payload).resize((300, 300)), (170, 90))
    out = io.BytesIO()
    picture.save(out, format="JPEG")
    return out.getvalue()


def texts(at) -> str:
    """Everything a person can read on the page."""
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "warning", "info", "caption")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts)


def scan(at, typed: str):
    at.text_input(key="scan").input(typed).run()
    return at


def answer_about(at, goal="relax", pain=2, stress=7):
    at.pills(key="goal").set_value(goal).run()
    at.segmented_control(key="pain").set_value(pain).run()
    at.segmented_control(key="stress").set_value(stress).run()
    at.button(key="about_next").click().run()


def finish_intake(at, *, areas=("full_body",), conditions=None, safety=()):
    at.pills(key="areas").set_value(list(areas)).run()
    for group, chosen in (conditions or {}).items():
        at.pills(key=f"cond_{group}").set_value(chosen).run()
    at.button(key="body_next").click().run()
    at.button(key="health_next").click().run()
    if safety:
        at.pills(key="safety").set_value(list(safety)).run()
    at.button(key="safety_next").click().run()


def register(at, **fields):
    at.button(key="to_register").click().run()
    values = {"first_name": "Nina", "last_name": "Alvarez", "phone": "315 555 0142", "email": "", **fields}
    for field, value in values.items():
        at.text_input(key=f"reg_{field}").input(value).run()
    at.button(key="register_next").click().run()


def test_welcome_shows_the_clinic_and_the_location(app_db):
    at = open_app()
    assert not at.exception
    assert at.title[0].value == "Hand in Health Massage"
    assert "Welcome to North Syracuse" in texts(at)
    assert at.button(key="to_register").label == "Start here"
    assert at.text_input(key="scan").label == "Card scanner"


@pytest.mark.parametrize("location", [None, "", "syracuse-airport", "../admin"])
def test_an_unknown_or_missing_location_shows_a_setup_message(app_db, location):
    at = open_app(location)
    assert not at.exception
    assert at.title[0].value == "This tablet isn't set up yet"
    assert "?location=north-syracuse" in texts(at)
    assert not at.text_input  # no way to check in from here


def test_each_tablet_reads_its_own_location(app_db):
    assert "Welcome to Downtown Syracuse" in texts(open_app("downtown-syracuse"))
    assert "Welcome to North Syracuse" in texts(open_app("north-syracuse"))


def test_a_new_walk_in_registers_gets_a_card_and_a_ticket(app_db):
    at = open_app()
    register(at)
    assert not at.exception
    assert "Here's your card for next time" in texts(at)
    card = at.session_state["card_png"]
    assert cards.decode_picture(card).startswith("KQ1")
    assert "Hi Nina!" in at.title[0].value
    answer_about(at)
    finish_intake(at)
    assert not at.exception
    assert at.session_state["step"] == "result"
    assert "You're checked in, Nina!" in at.title[0].value
    assert "T-001" in "".join(h.value for h in at.html)
    assert "You're next" in texts(at)
    with db.read_session(app_db) as session:
        client = session.exec(select(Client)).one()
        assert (client.first_name, client.phone) == ("Nina", "3155550142")


@pytest.mark.parametrize(
    ("fields", "problem_field", "words"),
    [
        ({"first_name": ""}, "first_name", "this is required"),
        ({"last_name": "R2D2"}, "last_name", "use letters"),
        ({"phone": "12"}, "phone", "10-digit"),
        ({"phone": "", "email": ""}, "form", "phone number or an e-mail"),
        ({"email": "nina@"}, "email", "e-mail like"),
    ],
)
def test_registration_says_what_to_fix_and_keeps_what_was_typed(app_db, fields, problem_field, words):
    at = open_app()
    register(at, **fields)
    assert not at.exception
    assert at.session_state["step"] == "register"
    assert words in texts(at)
    assert at.text_input(key="reg_last_name").value == fields.get("last_name", "Alvarez")
    with db.read_session(app_db) as session:
        assert session.exec(select(Client)).all() == []


def test_registration_limits_lengths(app_db):
    at = open_app()
    at.button(key="to_register").click().run()
    assert at.text_input(key="reg_first_name").max_chars == 60
    assert at.text_input(key="reg_email").max_chars == 254


def test_a_double_tap_on_continue_registers_once(app_db):
    at = open_app()
    register(at)
    at.session_state["step"] = "register"  # the second tap lands on the screen the first one left
    at.run()
    at.button(key="register_next").click().run()
    assert at.session_state["step"] == "about"
    with db.read_session(app_db) as session:
        assert len(session.exec(select(Client)).all()) == 1


def test_a_returning_client_scans_and_checks_in_with_same_as_last_time(app_db, clinic):
    _, payload = make_client(app_db, first_name="Maria", last_name="Gonzalez")
    first = open_app()
    scan(first, payload)
    assert first.session_state["step"] == "about"  # no earlier visit: the full intake
    answer_about(first, goal="treat_problem", pain=7, stress=4)
    finish_intake(first, areas=("lower_back",), conditions={"back_and_neck": ["sciatica"]})
    assert "M-001" in "".join(h.value for h in first.html)
    with db.write_session(app_db) as session:
        visit = session.exec(select(Visit)).one()
        visit.status = "done"
        session.add(visit)

    again = open_app()
    scan(again, f"  {payload}\n")
    assert again.session_state["step"] == "same"
    assert again.title[0].value == "Welcome back, Maria!"
    assert "Gonzalez" not in texts(again)
    assert "Sciatica" in texts(again)
    again.button(key="same_yes").click().run()
    again.button(key="safety_next").click().run()
    assert not again.exception
    assert "M-002" in "".join(h.value for h in again.html)


def test_the_camera_identifies_a_card(app_db):
    _, payload = make_client(app_db, first_name="Tom")
    at = open_app()
    at.button(key="to_camera").click().run()
    at.camera_input(key="camera_0").set_value(("card.jpg", jpeg_of(payload), "image/jpeg")).run()
    assert not at.exception
    assert at.session_state["first_name"] == "Tom"
    assert "Hi Tom!" in at.title[0].value


def test_an_unreadable_picture_asks_for_another_try_with_a_fresh_camera(app_db):
    at = open_app()
    at.button(key="to_camera").click().run()
    at.camera_input(key="camera_0").set_value(("card.jpg", jpeg_of(None), "image/jpeg")).run()
    assert not at.exception
    assert "We couldn't read that. Hold the card flat and a little closer." in texts(at)
    assert at.camera_input(key="camera_1")  # a new, empty camera for the retry


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("https://example.com/coupon", "isn't one of our cards"),
        ("KQ1" + "A" * 26, "couldn't read that"),
        ("x" * 10_000, "isn't one of our cards"),
    ],
)
def test_bad_scans_get_a_friendly_message(app_db, typed, words):
    at = scan(open_app(), typed)
    assert not at.exception
    assert words in texts(at)
    assert "step" not in at.session_state  # still at Welcome
    assert at.text_input(key="scan").value == ""


def test_an_unknown_card_offers_a_way_on(app_db):
    at = scan(open_app(), cards.new_payload())
    assert "We don't recognise that card. If this is your first visit, tap Start here" in texts(at)


def test_a_revoked_card_sends_the_client_to_the_front_desk(app_db):
    client_id, old = make_client(app_db)
    with db.write_session(app_db) as session:
        reissue_card(session=session, client_id=client_id)
    at = scan(open_app(), old)
    assert "That card is no longer active. Please see the front desk" in texts(at)


def test_answers_survive_back_and_next(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at, goal="wellness", pain=3, stress=8)
    at.pills(key="areas").set_value(["neck", "shoulders"]).run()
    at.button(key="body_back").click().run()
    assert at.pills(key="goal").value == "wellness"
    assert at.segmented_control(key="stress").value == 8
    at.button(key="about_next").click().run()
    assert sorted(at.pills(key="areas").value) == ["neck", "shoulders"]


def test_the_intake_asks_for_what_it_needs(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    at.button(key="about_next").click().run()
    assert "Please tell us what brings you in today." in texts(at)
    at.pills(key="goal").set_value("relax").run()
    at.button(key="about_next").click().run()
    assert "0 to 10" in texts(at)
    assert at.session_state["step"] == "about"


def test_full_body_and_areas_together_are_questioned(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    at.pills(key="areas").set_value(["full_body", "neck"]).run()
    at.button(key="body_next").click().run()
    assert "either Full body or the areas" in texts(at)


def test_a_red_flag_is_mentioned_gently(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at, safety=("pregnant",))
    assert "A therapist will have a quick word with you before your massage." in texts(at)
    assert "pregnan" not in texts(at).lower()


def test_done_forgets_the_client(app_db):
    _, payload = make_client(app_db, first_name="Linda")
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at)
    at.button(key="result_done").click().run()
    assert not at.exception
    assert "Welcome to North Syracuse" in texts(at)
    assert "Linda" not in texts(at)
    assert not any(key in at.session_state for key in CLIENT_KEYS)


def test_idle_mid_flow_goes_back_to_welcome_with_nothing_left(app_db):
    _, payload = make_client(app_db, first_name="Kevin")
    at = scan(open_app(), payload)
    answer_about(at)
    at.session_state["last_touch"] = time.monotonic() - 61
    at.run()
    assert "Welcome to North Syracuse" in texts(at)
    assert "Kevin" not in texts(at)
    assert not any(key in at.session_state for key in CLIENT_KEYS)


def test_the_result_clears_itself_sooner(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at)
    at.session_state["last_touch"] = time.monotonic() - 11
    at.run()
    assert "Welcome to North Syracuse" in texts(at)


def test_a_short_pause_resets_nothing(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    at.session_state["last_touch"] = time.monotonic() - 30
    at.run()
    assert at.session_state["step"] == "about"


def test_the_same_client_twice_today_gets_the_same_ticket(app_db):
    _, payload = make_client(app_db)
    for _ in range(2):
        at = scan(open_app(), payload)
        if at.session_state["step"] == "same":
            at.button(key="same_yes").click().run()
        else:
            answer_about(at)
            at.button(key="body_next").click().run()
            at.button(key="health_next").click().run()
        at.button(key="safety_next").click().run()
    assert "You're already checked in" in at.title[0].value
    assert "T-001" in "".join(h.value for h in at.html)


def test_a_failure_behind_the_scenes_shows_a_calm_message_and_keeps_the_answers(app_db, monkeypatch):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)

    def database_down(**_):
        raise RuntimeError("connection refused")

    monkeypatch.setattr("kiosk_core.tablet.check_in_client", database_down)
    at.button(key="body_next").click().run()
    at.button(key="health_next").click().run()
    at.button(key="safety_next").click().run()
    assert not at.exception
    assert "Please ask at the front desk." in texts(at)
    assert "connection refused" not in texts(at)
    assert at.session_state["step"] == "safety"
    assert at.session_state["answers"]["stress"] == 7


def returning(app_db, **client) -> str:
    """A client with one finished visit (relax, pain 2, stress 7); returns the card payload."""
    client_id, payload = make_client(app_db, **client)
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at)
    with db.write_session(app_db) as session:
        visit = session.exec(select(Visit).where(Visit.client_id == client_id)).one()
        visit.status = "done"
        session.add(visit)
    return payload


def test_same_as_last_time_asks_todays_pain_and_stress(app_db):
    at = scan(open_app(), returning(app_db))
    assert at.segmented_control(key="pain").value == 2  # last time's, to change with one tap
    at.segmented_control(key="stress").set_value(3).run()
    at.button(key="same_yes").click().run()
    assert at.session_state["answers"]["stress"] == 3


def test_not_me_leaves_at_once(app_db):
    at = scan(open_app(), returning(app_db, first_name="Ben"))
    at.button(key="same_not_me").click().run()
    assert "Welcome to North Syracuse" in texts(at)
    assert "Ben" not in texts(at)


def test_a_double_tap_on_check_me_in_shows_the_same_ticket(app_db):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    finish_intake(at)
    at.session_state["step"] = "safety"  # the second tap lands on the screen the first one left
    at.run()
    at.button(key="safety_next").click().run()
    assert "You're checked in" in at.title[0].value  # not "already": the first tap's ticket
    with db.read_session(app_db) as session:
        assert len(session.exec(select(Visit)).all()) == 1
