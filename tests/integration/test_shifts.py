"""Shifts from sign-in to sign-out (or the idle sign-out, or the day's end after a crash), the
room a called client is sent to, and what the lobby display shows and says, on both databases."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import InvalidInput
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Shift, Visit, utcnow
from kiosk_core.screens import staff_desk
from kiosk_core.staff import shifts
from kiosk_core.visits.actions import apply_action
from kiosk_core.visits.tv_calls import spoken_ticket
from tests.factories import make_client, make_therapist, start_shift
from tests.integration.test_checkin import MORNING, NORTH, do_check_in

EVENING = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 21:00 in Syracuse, the same clinic day as MORNING
MIDNIGHT = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # the end of MORNING's clinic day


@pytest.fixture
def desk_engine(engine, monkeypatch):
    """desk's calls (which open their own sessions) on the test's database."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


def shifts_of(engine, therapist_id) -> list[Shift]:
    with db.read_session(engine) as session:
        return list(session.exec(select(Shift).where(Shift.therapist_id == therapist_id).order_by(Shift.id)))


def working_at(engine, now, location=NORTH) -> list[str]:
    with db.read_session(engine) as session:
        location_id = location_by_slug(session, location).id
        return [t.name for _, t in shifts.on_shift(session=session, location_id=location_id, now=now)]


def test_sign_in_starts_a_shift_in_the_chosen_room_and_sign_out_ends_it(desk_engine):
    sam = make_therapist(desk_engine, name="Sam Chen", pin="286413")
    member = staff_desk.sign_in(therapist_id=sam, pin="286413", location_slug=NORTH, room="Room 2")
    assert (member.room, member.shift_id) == ("Room 2", shifts_of(desk_engine, sam)[0].id)
    assert working_at(desk_engine, utcnow()) == ["Sam Chen"]
    staff_desk.sign_out(member)
    [shift] = shifts_of(desk_engine, sam)
    assert shift.room == "Room 2" and shift.end_reason == "sign_out"
    assert shift.started_at <= shift.ended_at <= utcnow()
    assert working_at(desk_engine, utcnow()) == []


def test_the_idle_sign_out_ends_the_shift_as_idle(desk_engine):
    sam = make_therapist(desk_engine, pin="286413")
    staff_desk.sign_out(
        staff_desk.sign_in(therapist_id=sam, pin="286413", location_slug=NORTH, room="Room 1"), reason="idle"
    )
    assert [s.end_reason for s in shifts_of(desk_engine, sam)] == ["idle"]


@pytest.mark.parametrize("room", ["", "Room 9"])
def test_a_location_with_rooms_needs_one_of_them(desk_engine, room):
    sam = make_therapist(desk_engine, pin="286413")
    with pytest.raises(InvalidInput, match="Please choose the room"):
        staff_desk.sign_in(therapist_id=sam, pin="286413", location_slug=NORTH, room=room)
    assert shifts_of(desk_engine, sam) == []


def test_a_wrong_pin_starts_no_shift(desk_engine):
    sam = make_therapist(desk_engine, pin="286413")
    with pytest.raises(Exception, match="PIN isn't right"):
        staff_desk.sign_in(therapist_id=sam, pin="117035", location_slug=NORTH, room="Room 1")
    assert shifts_of(desk_engine, sam) == []


def test_a_shift_left_open_by_a_crash_ends_at_the_next_sign_in(engine):
    sam = make_therapist(engine, locations=(NORTH, "downtown-syracuse"))
    start_shift(engine, sam, room="Room 1", now=MORNING)
    start_shift(engine, sam, location="downtown-syracuse", room="Room 2", now=MORNING + timedelta(hours=3))
    first, second = shifts_of(engine, sam)
    assert (first.ended_at, first.end_reason) == (MORNING + timedelta(hours=3), "next_sign_in")
    assert second.ended_at is None
    assert working_at(engine, MORNING + timedelta(hours=4)) == []  # one place at a time
    assert len(working_at(engine, MORNING + timedelta(hours=4), "downtown-syracuse")) == 1


def test_a_shift_left_open_by_a_crash_never_counts_the_next_day_and_ends_at_its_days_end(engine):
    sam, kim = make_therapist(engine), make_therapist(engine)
    start_shift(engine, sam, room="Room 1", now=MORNING)
    assert len(working_at(engine, EVENING)) == 1
    tomorrow = MORNING + timedelta(days=1)
    assert working_at(engine, tomorrow) == []  # before anyone writes anything
    start_shift(engine, kim, room="Room 2", now=tomorrow)  # anyone's next sign-in closes it
    [crashed] = shifts_of(engine, sam)
    assert (crashed.ended_at, crashed.end_reason) == (MIDNIGHT, "day_end")


def test_a_sign_out_after_the_day_ended_ends_the_shift_at_the_days_end(engine):
    sam = make_therapist(engine)
    shift_id = start_shift(engine, sam, room="Room 1", now=MORNING)
    with db.write_session(engine) as session:
        shifts.end_shift(session=session, shift_id=shift_id, reason="idle", now=MORNING + timedelta(days=1))
    [shift] = shifts_of(engine, sam)
    assert (shift.ended_at, shift.end_reason) == (MIDNIGHT, "day_end")


def test_an_ended_shift_is_not_ended_again(engine):
    sam = make_therapist(engine)
    first = start_shift(engine, sam, room="Room 1", now=MORNING)
    start_shift(engine, sam, room="Room 1", now=MORNING + timedelta(hours=1))  # a second tab
    with db.write_session(engine) as session:  # the first tab signs out later
        shifts.end_shift(session=session, shift_id=first, reason="sign_out", now=MORNING + timedelta(hours=2))
    assert [(s.end_reason, s.ended_at is None) for s in shifts_of(engine, sam)] == [
        ("next_sign_in", False),
        ("", True),
    ]


def call(engine, visit_id, therapist, minutes):
    with db.write_session(engine) as session:
        return apply_action(
            session=session,
            visit_id=visit_id,
            action="call",
            therapist_id=therapist,
            now=MORNING + timedelta(minutes=minutes),
        )


def lobby_now(engine, minutes):
    with db.read_session(engine) as session:
        location = location_by_slug(session, NORTH)
        return staff_desk.tv_calls.lobby_board(
            session=session, location_id=location.id, location_name="North", now=MORNING + timedelta(minutes=minutes)
        )


def test_a_call_sends_the_client_to_the_room_or_else_the_therapist(engine, clinic):
    priya = make_therapist(engine, name="Priya Patel")
    jo = make_therapist(engine, name="Jo Ann Moss")
    start_shift(engine, priya, room="Room 2", now=MORNING)
    start_shift(engine, jo, now=MORNING)  # on shift with no room: clients are sent to Jo by name
    first = do_check_in(engine, clinic, make_client(engine)[0])
    second = do_check_in(engine, clinic, make_client(engine)[0], now=MORNING + timedelta(minutes=1))
    spanish = do_check_in(engine, clinic, make_client(engine)[0], now=MORNING + timedelta(minutes=2))
    with db.write_session(engine) as session:
        session.get(Visit, spanish.visit_id).language = "es"
    call(engine, first.visit_id, priya, 3)
    call(engine, second.visit_id, jo, 4)  # Jo has no room to send anyone to
    with db.read_session(engine) as session:
        assert session.get(Visit, first.visit_id).room == "Room 2"
        assert session.get(Visit, second.visit_id).room == ""
    lobby = lobby_now(engine, 5)
    assert [c.ticket for c in lobby.now_calling] == ["T-002", "T-001"]  # newest first
    assert [c.spoken() for c in lobby.now_calling] == [
        "Ticket T 2, please see Jo.",
        "Ticket T 1, please go to room 2.",
    ]
    assert lobby.waiting == {"medical": 0, "therapeutic": 1}
    call(engine, spanish.visit_id, priya, 6)
    assert lobby_now(engine, 7).now_calling[0].spoken() == "Turno T 3, por favor pase a la sala 2."
    assert lobby_now(engine, 7).now_calling[0].voice_language == "es-US"


def test_recently_called_keeps_the_last_calls_of_a_quarter_hour(engine, clinic):
    priya = make_therapist(engine)
    start_shift(engine, priya, room="Room 1", now=MORNING)
    tickets = [do_check_in(engine, clinic, make_client(engine)[0]) for _ in range(3)]
    for n, ticket in enumerate(tickets):
        call(engine, ticket.visit_id, priya, n)
        with db.write_session(engine) as session:
            apply_action(
                session=session,
                visit_id=ticket.visit_id,
                action="start",
                therapist_id=priya,
                now=MORNING + timedelta(minutes=n),
            )
    lobby = lobby_now(engine, 15.5)
    assert lobby.now_calling == []
    assert [c.ticket for c in lobby.recently_called] == ["T-003", "T-002"]  # T-001's call is 15.5 minutes old
    assert lobby.recently_called[0].where_words("es") == "Sala 1"


@pytest.mark.parametrize(
    ("code", "said"), [("T-012", "T 12"), ("M-001", "M 1"), ("MT-1234", "M T 1234"), ("odd", "o d d")]
)
def test_tickets_are_spelled_for_a_voice(code, said):
    assert spoken_ticket(code) == said
