"""The board's shift bar (AppTest): signing in starts no shift; Start shift in a chosen room, a
held room asks before a takeover, End shift; the front desk and the poster take no room."""

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.models import AuditEvent, Shift
from tests.app.test_queue_page import buttons, markup, sign_in, staff_page, start_shift, visible
from tests.factories import make_therapist
from tests.factories import start_shift as shift_started


@pytest.fixture
def sam(app_db):
    return make_therapist(app_db, name="Sam Chen", pin="286413", medical=True)


def open_shifts(engine) -> list[tuple[int, str]]:
    with db.read_session(engine) as session:
        rows = session.exec(select(Shift).where(Shift.ended_at.is_(None)).order_by(Shift.id)).all()
        return [(s.therapist_id, s.room) for s in rows]


def test_signing_in_starts_no_shift_and_the_board_offers_one_with_the_rooms(app_db, sam):
    at = sign_in(staff_page(), sam, "286413")
    assert not at.exception
    assert open_shifts(app_db) == []
    assert "shift_start" in buttons(at) and "shift_end" not in buttons(at)
    assert at.segmented_control(key="shift_room").options == ["Room 1", "Room 2", "Room 3"]
    assert at.segmented_control(key="shift_room").value == "Room 1"  # the first free room
    start_shift(at, "Room 2")
    assert not at.exception
    assert open_shifts(app_db) == [(sam, "Room 2")]
    assert "On shift · Room 2" in visible(at)
    assert "North Syracuse · Room 2" in markup(at)  # the page's bar names the room too
    at.button(key="shift_end").click().run()
    assert open_shifts(app_db) == []
    assert "Your shift has ended." in visible(at)
    assert "shift_start" in buttons(at)


def test_a_held_room_names_who_holds_it_and_asks_before_taking_it_over(app_db, sam):
    dana = make_therapist(app_db, name="Dana Flores", pin="315724")
    shift_started(app_db, dana, room="Room 1")
    at = sign_in(staff_page(), sam, "286413")
    assert at.segmented_control(key="shift_room").value == "Room 2"  # Room 1 is Dana's
    start_shift(at, "Room 1")
    assert "Room 1 is held by Dana F. — take it over?" in visible(at)
    assert open_shifts(app_db) == [(dana, "Room 1")]  # nothing taken yet
    at.button(key="shift_keep").click().run()
    assert "take it over?" not in visible(at)
    start_shift(at, "Room 1")
    at.button(key="shift_take_over").click().run()
    assert not at.exception
    assert open_shifts(app_db) == [(sam, "Room 1")]
    with db.read_session(app_db) as session:
        assert session.exec(select(AuditEvent.therapist_id).where(AuditEvent.action == "room_taken_over")).all() == [
            sam
        ]


def test_the_front_desk_has_no_shift_bar(app_db):
    desk = make_therapist(app_db, name="Fran Desk", pin="315724", roles=("front_desk",))
    at = sign_in(staff_page(), desk, "315724")
    assert not at.exception
    assert "shift_start" not in buttons(at)


@pytest.mark.parametrize("page", ["pages/poster.py", "pages/reports.py", "pages/admin.py"])
def test_signing_in_elsewhere_takes_no_room(app_db, page):
    priya = make_therapist(app_db, name="Priya Shah", pin="447016", admin=True, roles=("therapist", "reporting"))
    at = sign_in(staff_page(page), priya, "447016")
    assert not at.exception
    assert open_shifts(app_db) == []
