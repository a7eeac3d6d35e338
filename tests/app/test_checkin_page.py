"""The lobby tablet's Welcome, registration, scanner and camera, through AppTest."""

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.clients import cards
from kiosk_core.clients.registry import reissue_card
from kiosk_core.i18n import translate
from kiosk_core.models import Client
from tests.app.tablet import answer_about, finish_intake, jpeg_of, open_app, register, scan, texts, ticket_html
from tests.factories import make_client


def test_welcome_shows_the_clinic_and_the_location(app_db):
    at = open_app()
    assert not at.exception
    assert at.title[0].value == "Hand in Health Massage"
    assert "Welcome to North Syracuse" in texts(at)
    assert at.button(key="to_register").label == "Start here"
    assert at.button(key="language").label == "Español"


@pytest.mark.parametrize("location", [None, "", "syracuse-airport", "../admin"])
def test_an_unknown_or_missing_location_shows_a_setup_message(app_db, location):
    at = open_app(location)
    assert not at.exception
    assert at.title[0].value == "This tablet isn't set up yet"
    assert "north-syracuse" not in texts(at) and "North Syracuse" not in texts(at)  # names no location
    assert not at.text_input  # no way to check in from here


def test_each_tablet_reads_its_own_location(app_db):
    assert "Welcome to Downtown Syracuse" in texts(open_app("downtown-syracuse"))
    assert "Welcome to North Syracuse" in texts(open_app("north-syracuse"))


def test_a_new_walk_in_registers_gets_a_card_and_a_ticket(app_db):
    at = open_app()
    register(at)
    assert not at.exception
    assert "Here's your card for next time" in texts(at)
    assert 'alt="Your clinic card: a QR code to scan on your next visit"' in texts(at)
    assert cards.decode_picture(at.session_state["card_png"]).startswith("KQ1")
    assert "Hi Nina!" in at.title[0].value
    answer_about(at)
    finish_intake(at)
    assert not at.exception
    assert at.session_state["screen"] == "result"
    assert "You're checked in, Nina!" in at.title[0].value
    assert "T-001" in ticket_html(at)
    assert "You're next" in texts(at)
    with db.read_session(app_db) as session:
        client = session.exec(select(Client)).one()
        assert (client.first_name, client.phone) == ("Nina", "+13155550142")


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"first_name": ""}, "This is required"),
        ({"last_name": "R2D2"}, "Use letters"),
        ({"phone": "12"}, "with its area code"),
        ({"phone": "", "email": ""}, "Give a phone number or an e-mail"),
        ({"email": "nina@"}, "E-mail like"),
        ({"email": "nina\x00@example.com"}, "special characters"),
    ],
)
def test_registration_says_what_to_fix_beside_the_field_and_keeps_what_was_typed(app_db, fields, words):
    at = open_app()
    register(at, **fields)
    assert not at.exception
    assert at.session_state["screen"] == "register"
    assert "Please check the fields marked below." in texts(at)
    assert words.lower() in texts(at).lower()
    assert 'class="field-error"' in texts(at)
    assert at.text_input(key="reg_last_name").value == fields.get("last_name", "Alvarez")
    with db.read_session(app_db) as session:
        assert session.exec(select(Client)).all() == []


def test_a_pasted_name_longer_than_the_field_keeps_its_first_part_and_says_so(app_db):
    at = open_app()
    at.button(key="to_register").click().run()
    at.text_input(key="reg_first_name").input("N" * 10_000).run()
    assert at.text_input(key="reg_first_name").value == "N" * 60
    assert "We kept the first 60 characters." in texts(at)


def test_a_double_tap_on_continue_registers_once(app_db):
    at = open_app()
    register(at)
    at.session_state["screen"] = "register"  # the second tap lands on the screen the first one left
    at.run()
    at.button(key="register_next").click().run()
    assert at.session_state["screen"] == "intake"
    with db.read_session(app_db) as session:
        assert len(session.exec(select(Client)).all()) == 1


def test_the_camera_identifies_a_card(app_db):
    _, payload = make_client(app_db, first_name="Tom")
    at = open_app()
    at.button(key="to_camera").click().run()
    at.button(key="camera_photo").click().run()  # the photo, not the live scan (AppTest has no browser)
    at.camera_input(key="camera_0").set_value(("card.jpg", jpeg_of(payload), "image/jpeg")).run()
    assert not at.exception
    assert at.session_state["first_name"] == "Tom"
    assert "Hi Tom!" in at.title[0].value


def test_an_unreadable_picture_asks_for_another_try_with_a_fresh_camera(app_db):
    at = open_app()
    at.button(key="to_camera").click().run()
    at.button(key="camera_photo").click().run()
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
        ("KQ1\x00", "couldn't read that"),
    ],
)
def test_bad_scans_get_a_friendly_message(app_db, typed, words):
    at = scan(open_app(), typed)
    assert not at.exception
    assert words in texts(at)
    assert "screen" not in at.session_state  # still at Welcome
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


def test_one_tap_switches_the_welcome_to_spanish_and_back(app_db):
    at = open_app()
    at.button(key="language").click().run()
    assert translate("es", "Welcome to {location}", location="North Syracuse") in texts(at)
    assert at.button(key="language").label == "English"
    assert at.button(key="to_register").label != "Start here"
    at.button(key="language").click().run()
    assert "Welcome to North Syracuse" in texts(at)


def test_a_card_error_is_said_in_spanish(app_db):
    at = open_app()
    at.button(key="language").click().run()
    scan(at, "https://example.com/coupon")
    assert "isn't one of our cards" not in texts(at)
    assert at.warning[0].value
