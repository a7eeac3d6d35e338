"""Check-in on the client's own phone (the poster's ?location=...&device=phone) and the ticket's
way onto a phone from the tablet, through AppTest."""

import base64
import io
import re

import pytest
import zxingcpp
from PIL import Image
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from kiosk_core import db
from kiosk_core.checkin.device_limits import Device, Kind, limits
from kiosk_core.config import settings
from kiosk_core.models import RateCount, Tablet, Visit, utcnow
from kiosk_core.screens import own_phone
from tests.app.conftest import APP
from tests.app.tablet import answer_about, checked_in, finish_intake, open_app, scan, texts, ticket_html
from tests.factories import make_client

ADDRESS = re.compile(r"https://kiosk\.example\.com/ticket\?t=([a-z2-7]{20})")


@pytest.fixture(autouse=True)
def public(monkeypatch):
    monkeypatch.setattr(settings, "public_url", "https://kiosk.example.com")


def open_phone(location: str = "north-syracuse") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["location"] = location
    at.query_params["device"] = "phone"
    return at.run()


def marker(at) -> dict[str, str]:
    """What the page tells its watcher in the browser (idle reset, focus)."""
    html = next(h.value for h in at.html if "id='kiosk-marker'" in h.value)
    return dict(re.findall(r'data-kiosk-(\w+)="([^"]*)"', html))


def counts(engine) -> dict[str, int]:
    with db.read_session(engine) as session:
        return {row.key: row.count for row in session.exec(select(RateCount))}


def test_a_phone_checks_in_like_the_tablet_and_gets_a_button_to_its_live_ticket(app_db, clinic):
    _, payload = make_client(app_db, first_name="Rosa")
    at = checked_in(open_phone(), payload)
    assert not at.exception
    assert at.session_state["screen"] == "result" and "T-001" in ticket_html(at)
    button = at.get("link_button")[0].proto
    assert button.label == "Follow my place in line"
    token = ADDRESS.fullmatch(button.url).group(1)
    assert own_phone.live_ticket(token, clinic=clinic).first_name == "Rosa"
    device = Device(phone_id=at.session_state["phone_device_id"])
    assert counts(app_db) == {key: 1 for key, _ in limits(Kind.CHECK_IN, "north-syracuse", device)}
    assert "poster-code" not in texts(at) and "phone-link-code" not in texts(at)  # no code to scan on a phone


def test_past_the_limit_the_phone_is_told_kindly_and_keeps_every_answer(app_db, monkeypatch):
    monkeypatch.setattr(settings, "phone_checkins_per_device", 1)
    _, payload = make_client(app_db)
    at = scan(open_phone(), payload)
    answer_about(at)
    own_phone.allow(
        kind=Kind.CHECK_IN, location_slug="north-syracuse", device=Device(phone_id=at.session_state["phone_device_id"])
    )
    finish_intake(at)
    assert not at.exception
    assert "Lots of check-ins from phones right now." in texts(at)
    assert "use the tablet in the lobby" in texts(at)
    assert at.session_state["screen"] == "intake" and at.pills(key="q_safety").value == ["none"]
    assert at.session_state["draft"].answers["goal"] == "relax"
    with db.read_session(app_db) as session:
        assert session.exec(select(Visit)).all() == []


def test_in_spanish_the_refusal_is_in_spanish(app_db, monkeypatch):
    monkeypatch.setattr(settings, "phone_checkins_per_location", 1)
    own_phone.allow(kind=Kind.CHECK_IN, location_slug="north-syracuse", device=Device(phone_id="another-phone"))
    _, payload = make_client(app_db)
    at = open_phone()
    at.button(key="language").click().run()
    scan(at, payload)
    answer_about(at)
    finish_intake(at)
    assert "Hay muchos registros desde teléfonos" in texts(at)


def test_the_tablet_shows_a_code_and_a_short_address_for_the_clients_phone(app_db, clinic):
    _, payload = make_client(app_db, first_name="Rosa")
    at = checked_in(open_app(), payload)
    markup = ticket_html(at)
    code = re.search(r'class="phone-link-code" src="data:image/png;base64,([^"]+)" alt="([^"]+)"', markup)
    assert code.group(2) == "QR code: scan it with your phone to follow your place in line"
    address = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(code.group(1)))))[0].text
    token = ADDRESS.fullmatch(address).group(1)
    grouped = "-".join(token[i : i + 5] for i in range(0, 20, 5))
    assert f">kiosk.example.com/ticket?t={grouped}<" in markup  # to type: no https://, the token in fives
    assert own_phone.live_ticket(grouped, clinic=clinic).ticket_code == "T-001"
    assert own_phone.live_ticket(token, clinic=clinic).ticket_code == "T-001"
    assert counts(app_db) == {}  # the lobby tablet is never limited
    at.run()  # a rerun of the ticket screen keeps its link
    assert grouped in ticket_html(at)


def test_on_a_phone_answers_are_kept_longer_and_no_field_pops_the_keyboard(app_db, monkeypatch):
    monkeypatch.setattr(settings, "phone_idle_reset_seconds", 900)
    tablet, on_phone = open_app(), open_phone()
    assert marker(tablet)["focus"] == "scan" and marker(on_phone)["focus"] == ""
    _, payload = make_client(app_db)
    for at in (tablet, on_phone):
        scan(at, payload)
        answer_about(at)
    assert (marker(tablet)["idle"], marker(tablet)["warn"]) == ("60", "15")
    assert (marker(on_phone)["idle"], marker(on_phone)["warn"]) == ("900", "60")
    finish_intake(on_phone)
    assert on_phone.session_state["screen"] == "result" and marker(on_phone)["idle"] == "900"


def test_the_phone_welcome_says_check_in_from_your_phone_with_no_scanner_field(app_db):
    at = open_phone()
    assert not at.exception
    assert "Check in from your phone" in texts(at) and "scanner" not in texts(at)
    assert not [field for field in at.text_input if field.key == "scan"]
    assert at.button(key="to_forgot").label == "Forgot your card?"
    assert at.button(key="to_camera").label == "Use the camera"
    at.button(key="to_forgot").click().run()
    assert at.session_state["screen"] == "forgot"  # the screen that finds a client without a card


def test_the_phone_opens_in_the_phones_language_and_starts_over_in_it(app_db, monkeypatch):
    monkeypatch.setattr("ui.tablet_screens.phone_welcome.phone_language", lambda: "es")
    at = open_phone()
    assert "Registre su llegada desde su teléfono" in texts(at)
    assert at.button(key="to_register").label == "Empezar aquí" and at.button(key="language").label == "English"
    assert marker(at)["idle"] == "0"  # its own language's Welcome has nothing to forget
    at.button(key="to_register").click().run()
    assert marker(at)["focus"] == ""  # on a phone the form takes no focus: no keyboard over it
    at.button(key="register_back").click().run()  # starts over: a fresh session
    at.run()
    assert at.session_state["lang"] == "es" and "Registre su llegada desde su teléfono" in texts(at)
    at.button(key="language").click().run()
    assert "Check in from your phone" in texts(at) and marker(at)["idle"] != "0"


def test_the_tablets_address_without_its_token_is_a_phone(app_db, monkeypatch):
    """Issue 21, finding 2: the limit was switched on by `device=phone` in the address; a phone
    that dropped it checked in as the lobby tablet, unlimited. Now only the enrolled token counts."""
    monkeypatch.setattr(settings, "phone_checkins_per_location", 1)
    first = checked_in(open_app(enrolled=False), make_client(app_db)[1])  # the tablet's address, no token
    assert first.session_state["screen"] == "result" and marker(first)["focus"] == ""  # a phone's manners
    second = checked_in(open_app(enrolled=False), make_client(app_db)[1])
    assert "Lots of check-ins from phones right now." in texts(second)
    third = checked_in(open_app(), make_client(app_db)[1])  # the enrolled tablet: never limited
    assert third.session_state["screen"] == "result"


def test_a_revoked_tablet_is_a_phone_from_its_next_check_in(app_db, monkeypatch):
    monkeypatch.setattr(settings, "phone_checkins_per_location", 1)
    own_phone.allow(kind=Kind.CHECK_IN, location_slug="north-syracuse", device=Device(phone_id="another-phone"))
    at = open_app()
    with db.write_session(app_db) as session:
        for tablet in session.exec(select(Tablet)):
            tablet.revoked_at = utcnow()
            session.add(tablet)
    _, payload = make_client(app_db)
    checked_in(at, payload)
    assert "Lots of check-ins from phones right now." in texts(at)


def register_once(at, n: int) -> str:
    at.button(key="to_register").click().run()
    for field, value in (("first_name", "Ana"), ("last_name", f"Ruiz{'abcdefgh'[n]}"), ("phone", f"31555{n:05d}")):
        at.text_input(key=f"reg_{field}").set_value(value)
    at.button(key="register_next").click().run()
    return at.session_state["screen"]


def test_a_phones_registrations_are_limited_and_the_tablets_are_not(app_db, monkeypatch):
    monkeypatch.setattr(settings, "phone_checkins_per_location", 1)
    assert register_once(open_phone(), 1) == "intake"
    refused = open_phone()
    assert register_once(refused, 2) == "register"
    assert "Lots of check-ins from phones right now." in texts(refused)
    assert refused.text_input(key="reg_last_name").value == "Ruizc"  # nothing typed is lost
    assert [register_once(open_app(), n) for n in (3, 4)] == ["intake", "intake"]
