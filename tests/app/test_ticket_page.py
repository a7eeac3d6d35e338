"""The live ticket page on a client's phone (/ticket?t=...), through AppTest: only the ticket,
the first name, the queue, the place and the wait; "It's your turn" and where to go; a calm
word for a link that opens nothing; the client's language. (The refresh by itself is tested in
Chromium: run_every never fires in AppTest.)"""

from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

import pytest
from streamlit.testing.v1 import AppTest

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.errors import Unavailable
from kiosk_core.models import Client, TicketLink, Visit, utcnow
from kiosk_core.screens import own_phone, tablet
from kiosk_core.visits.actions import apply_action
from tests.app.test_queue_page import visible
from tests.factories import intake, make_client, make_therapist

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "ticket.py")


def linked(engine, clinic, *, language="en", **client) -> tuple[int, str]:
    client_id = make_client(engine, **client)[0]
    with db.write_session(engine) as session:
        visit_id = check_in(
            session=session,
            clinic=clinic,
            location_slug="north-syracuse",
            client_id=client_id,
            intake=intake(),
            language=language,
        ).visit_id
    return visit_id, tablet.ticket_link(visit_id=visit_id, engine=engine)


def phone(token: str | None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    if token is not None:
        at.query_params["t"] = token
    return at.run()


def call(engine, visit_id, *, room="", therapist_name="Priya Patel"):
    therapist = make_therapist(engine, name=therapist_name)
    with db.write_session(engine) as session:
        apply_action(session=session, visit_id=visit_id, action="call", therapist_id=therapist, now=utcnow())
        session.get(Visit, visit_id).room = room


def test_the_page_shows_the_ticket_the_first_name_the_place_and_the_wait(app_db, clinic):
    linked(app_db, clinic, first_name="Ana", last_name="Quintero")
    _, token = linked(app_db, clinic, first_name="Rosa", last_name="Delgado")
    at = phone(token)
    assert not at.exception
    shown = visible(at)
    for words in ("Hi, Rosa", "Your ticket", "T-002", "Therapeutic massage", "1 person ahead of you", "Keep it open"):
        assert words in shown
    assert "Expected wait" in shown or "ask at the front desk" in shown
    assert "Delgado" not in shown and "Ana" not in shown and "3155" not in shown


def test_in_spanish_for_a_client_who_checked_in_in_spanish(app_db, clinic):
    _, token = linked(app_db, clinic, language="es", first_name="Rosa")
    shown = visible(phone(token))
    assert "Hola, Rosa" in shown and "Su turno" in shown and "Sigue usted" in shown
    assert "Your ticket" not in shown


@pytest.mark.parametrize(
    ("room", "therapist", "where"),
    [
        ("Room 3", "Priya Patel", "Please go to Room 3."),
        ("", "Priya Patel", "Priya is ready for you. Please go to the front desk."),
    ],
)
def test_called_it_says_its_your_turn_and_where_to_go(app_db, clinic, room, therapist, where):
    visit_id, token = linked(app_db, clinic, first_name="Rosa")
    call(app_db, visit_id, room=room, therapist_name=therapist)
    at = phone(token)
    shown = visible(at)
    assert "It's your turn, Rosa!" in shown and where in shown and "T-001" in shown
    assert 'role="alert"' in "".join(h.value for h in at.html)


def test_called_with_no_one_named_it_sends_the_client_to_the_front_desk(app_db, clinic):
    visit_id, token = linked(app_db, clinic, first_name="Rosa")
    call(app_db, visit_id)
    with db.write_session(app_db) as session:
        session.get(Visit, visit_id).therapist_id = None
    assert "Please go to the front desk." in visible(phone(token))


def test_a_room_is_named_in_the_clients_language(app_db, clinic):
    visit_id, token = linked(app_db, clinic, language="es", first_name="Rosa")
    call(app_db, visit_id, room="Room 3")
    shown = visible(phone(token))
    assert "¡Es su turno, Rosa!" in shown and "Sala 3" in shown


@pytest.mark.parametrize(
    ("token", "words"),
    [
        (None, "This link looks incomplete"),
        ("", "This link looks incomplete"),
        ("abc", "This link looks incomplete"),
        ("<script>alert(1)</script>", "This link looks incomplete"),
        ("x" * 5000, "This link looks incomplete"),
        ("abcdefghijklmnopqrst", "We couldn't find this ticket"),
    ],
)
def test_a_link_that_opens_nothing_gets_a_calm_word(app_db, token, words):
    at = phone(token)
    assert not at.exception
    assert words in visible(at) and "<script>" not in "".join(h.value for h in at.html if 'class="live"' in h.value)


def test_an_expired_link_says_so(app_db, clinic):
    _, token = linked(app_db, clinic)
    with db.write_session(app_db) as session:
        session.exec(TicketLink.__table__.update().values(expires_at=utcnow() - timedelta(seconds=1)))
    at = phone(token)
    assert not at.exception
    assert "This ticket was for an earlier day" in visible(at) and "T-001" not in visible(at)


def test_a_name_is_shown_as_typed_never_as_markup(app_db, clinic):
    visit_id, token = linked(app_db, clinic, first_name="Rosa")
    with db.write_session(app_db) as session:
        session.get(Client, session.get(Visit, visit_id).client_id).first_name = "<b>Ro</b></script>"
    at = phone(token)
    markup = "".join(h.value for h in at.html)
    assert "<b>Ro</b>" not in markup and "&lt;b&gt;Ro&lt;/b&gt;" in markup
    assert '</script>";' not in markup  # the page title's script can't be ended by a name


def test_the_database_away_says_reconnecting_not_an_error(app_db, clinic):
    _, token = linked(app_db, clinic)
    with patch.object(own_phone, "live_ticket", side_effect=Unavailable()):
        at = phone(token)
    assert not at.exception
    assert "Reconnecting" in visible(at)


def test_anything_unexpected_is_a_calm_word_never_a_traceback(app_db, clinic):
    _, token = linked(app_db, clinic)
    with patch.object(own_phone, "live_ticket", side_effect=RuntimeError("a bug")):
        at = phone(token)
    assert not at.exception
    assert "Something went wrong. Please ask at the front desk." in visible(at) and "a bug" not in visible(at)
