"""The lobby display (newest call first, where to go, recently called, the words it will say) and
the room a therapist picks at sign-in, with AppTest."""

import json
import re
from datetime import timedelta

from sqlmodel import select

from kiosk_core import db
from kiosk_core.models import Shift, Visit, utcnow
from kiosk_core.visits.actions import apply_action
from tests.app.test_display_and_reports import display, everything_on
from tests.app.test_queue_page import arrive, markup, sign_in, staff_page
from tests.app.test_queue_page import start_shift as start_board_shift
from tests.factories import make_therapist, start_shift


def act(engine, visit_id, action, therapist, minutes_ago=0.0):
    with db.write_session(engine) as session:
        apply_action(
            session=session,
            visit_id=visit_id,
            action=action,
            therapist_id=therapist,
            now=utcnow() - timedelta(minutes=minutes_ago),
        )


def spoken_data(at) -> list[dict]:
    """The calls the page hands its caller script (ui/lobby_caller.js)."""
    [script] = [h.value for h in at.html if "window.lobbyCalls" in h.value]
    return json.loads(re.search(r"window\.lobbyCalls = (\[.*?\]);", script).group(1))


def test_the_newest_call_comes_first_with_where_to_go_and_nothing_about_anyone(app_db, clinic):
    priya = make_therapist(app_db, name="Priya Patel")
    jo = make_therapist(app_db, name="Jo Moss")
    start_shift(app_db, priya, room="Room 2")
    start_shift(app_db, jo)  # no room: clients are sent to Jo by first name
    first = arrive(app_db, clinic, first_name="Zed", last_name="Gonzalez")
    second = arrive(app_db, clinic, first_name="Amy", last_name="Okonkwo")
    act(app_db, first, "call", priya, minutes_ago=2)
    act(app_db, second, "call", jo, minutes_ago=1)
    at = display()
    assert not at.exception
    page = everything_on(at)
    assert page.index("T-002") < page.index("T-001")  # newest first
    assert "→ See Jo" in page and "→ Room 2" in page
    for private in ("Zed", "Gonzalez", "Amy", "Okonkwo", "Priya", "Patel", "Moss"):
        assert private not in page
    calls = spoken_data(at)
    assert [c["text"] for c in calls] == ["Ticket T 2, please see Jo.", "Ticket T 1, please go to room 2."]
    assert [c["lang"] for c in calls] == ["en-US", "en-US"]
    assert 50 <= calls[1]["age"] <= 200 and calls[0]["id"] != calls[1]["id"]


def test_a_spanish_speaking_client_is_called_in_spanish(app_db, clinic):
    priya = make_therapist(app_db)
    start_shift(app_db, priya, room="Room 2")
    visit_id = arrive(app_db, clinic)
    with db.write_session(app_db) as session:
        session.get(Visit, visit_id).language = "es"
    act(app_db, visit_id, "call", priya)
    at = display()
    [call] = spoken_data(at)
    assert (call["text"], call["lang"]) == ("Turno T 1, por favor pase a la sala 2.", "es-US")
    assert call["age"] < 60  # a display opened now says it
    assert "Room 2 · Sala 2" in everything_on(at)  # the client's own words on screen too


def test_recently_called_lists_the_calls_gone_in_and_the_voice_says_only_current_ones(app_db, clinic):
    priya = make_therapist(app_db)
    start_shift(app_db, priya, room="Room 1")
    visits = [arrive(app_db, clinic) for _ in range(3)]
    act(app_db, visits[0], "call", priya, minutes_ago=20)
    act(app_db, visits[0], "start", priya, minutes_ago=20)  # 20 minutes ago: no longer recent
    act(app_db, visits[1], "call", priya, minutes_ago=5)
    act(app_db, visits[1], "start", priya, minutes_ago=4)
    at = display()
    page = everything_on(at)
    assert "Recently called" in page and "T-002" in page and "T-001" not in page
    assert "Please take a seat" in page
    assert spoken_data(at) == []  # nothing to say: nobody is being called now
    act(app_db, visits[2], "call", priya)
    at = display()
    assert [c["text"] for c in spoken_data(at)] == ["Ticket T 3, please go to room 1."]


def test_the_room_is_chosen_at_start_shift_not_at_sign_in_and_a_sign_out_ends_no_shift(app_db, clinic):
    sam = make_therapist(app_db, name="Sam Chen", pin="286413")
    kim = make_therapist(app_db, name="Kim Lee", pin="315724")
    start_shift(app_db, kim, room="Room 1")
    at = staff_page()
    at.selectbox(key="signin_name").set_value(sam).run()
    assert not [w for w in at.segmented_control if w.key.startswith("signin_room")]
    sign_in(at, sam, "286413")
    rooms = at.segmented_control(key="shift_room")
    assert rooms.value == "Room 2"  # Room 1 is Kim's
    assert rooms.options == ["Room 1 (Kim L.)", "Room 2", "Room 3"]
    start_board_shift(at, "Room 3")
    assert not at.exception
    assert "Sam Chen</b> · North Syracuse · Room 3" in markup(at)
    at.button(key="sign_out").click().run()
    with db.read_session(app_db) as session:
        shift = session.exec(select(Shift).where(Shift.therapist_id == sam)).one()
    assert (shift.room, shift.ended_at) == ("Room 3", None)  # End shift ends it, or its board stopping


def test_a_call_whose_therapist_signed_out_leaves_the_tv(app_db, clinic):
    priya, jo = make_therapist(app_db), make_therapist(app_db)
    shift = start_shift(app_db, priya, room="Room 1")
    start_shift(app_db, jo, room="Room 2")
    first, second = arrive(app_db, clinic), arrive(app_db, clinic)
    act(app_db, first, "call", priya, minutes_ago=12)
    act(app_db, second, "call", jo, minutes_ago=1)
    assert "T-001" in everything_on(display())
    with db.write_session(app_db) as session:
        session.get(Shift, shift).ended_at = utcnow()  # Priya signed out ten minutes ago
    page = everything_on(display())
    assert "T-001" not in page and "T-002" in page
    assert [c["text"] for c in spoken_data(display())] == ["Ticket T 2, please go to room 2."]


def test_a_server_behind_slows_the_tv_down_and_the_tv_still_draws(app_db, clinic, monkeypatch):
    from kiosk_core.screens import refresh_pace

    priya = make_therapist(app_db, name="Priya Patel")
    start_shift(app_db, priya, room="Room 2")
    act(app_db, arrive(app_db, clinic, first_name="Zed", last_name="Gonzalez"), "call", priya)
    monkeypatch.setattr(refresh_pace.settings, "refresh_pacing", True)
    slow = refresh_pace.RefreshPace()
    monkeypatch.setattr("ui.paced_refresh.PACE", slow)
    monkeypatch.setattr(slow, "_level", len(refresh_pace.MULTIPLES) - 1)
    at = display()
    assert not at.exception
    assert "T-001" in everything_on(at)
    [multiple] = [at.session_state[key] for key in at.session_state if str(key).startswith("paced_refresh_")]
    assert multiple == refresh_pace.MULTIPLES[-1]  # the TV's timer asks every 16 s, not 2
