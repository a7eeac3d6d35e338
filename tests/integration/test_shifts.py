"""Shifts from "Start shift" to "End shift" (or a takeover, a stale board, the day's end, a
deactivation), never from a sign-in; one therapist a room, also when two tap at once; the room a
called client is sent to, and what the lobby display shows and says, on both databases."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput
from kiosk_core.locations import location_by_slug
from kiosk_core.models import AuditEvent, Shift, Visit, utcnow
from kiosk_core.screens import admin_desk, shift_desk, staff_desk
from kiosk_core.staff import shifts
from kiosk_core.visits.actions import apply_action
from kiosk_core.visits.tv_calls import spoken_ticket
from tests.factories import make_client, make_therapist, signed_in, start_shift
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


def test_signing_in_takes_no_room_and_no_capacity(desk_engine, clinic):
    """Reports, the poster, the admin screen: a sign-in anywhere is not a shift."""
    sam = make_therapist(desk_engine, name="Sam Chen", pin="286413", roles=("therapist", "reporting"))
    member = staff_desk.sign_in(therapist_id=sam, pin="286413", location_slug=NORTH)
    staff_desk.build_report(start=utcnow().date(), end=utcnow().date(), location_slug=NORTH, member=member)
    assert shifts_of(desk_engine, sam) == []
    assert working_at(desk_engine, utcnow()) == []
    ticket = do_check_in(desk_engine, clinic, make_client(desk_engine)[0], now=utcnow())
    assert ticket.wait.nobody_on_shift
    assert shift_desk.shift_bar(member=member).held == {}
    staff_desk.sign_out(member)
    assert shifts_of(desk_engine, sam) == []


def test_start_shift_in_a_room_and_end_it(desk_engine):
    sam = make_therapist(desk_engine, name="Sam Chen")
    member = signed_in(desk_engine, sam, shift=False)
    assert not shift_desk.shift_bar(member=member).on_shift
    assert shift_desk.start_shift(member=member, room="Room 2") == "Your shift has started in Room 2."
    bar = shift_desk.shift_bar(member=member)
    assert (bar.on_shift, bar.room, bar.rooms) == (True, "Room 2", ["Room 1", "Room 2", "Room 3"])
    assert staff_desk.access(member=member).room == "Room 2"
    assert working_at(desk_engine, utcnow()) == ["Sam Chen"]
    assert shift_desk.end_shift(member=member) == "Your shift has ended."
    [shift] = shifts_of(desk_engine, sam)
    assert shift.room == "Room 2" and shift.end_reason == "ended"
    assert working_at(desk_engine, utcnow()) == []
    assert not shift_desk.shift_bar(member=member).on_shift  # still signed in, off shift


@pytest.mark.parametrize("room", ["", "Room 9"])
def test_a_location_with_rooms_needs_one_of_them(desk_engine, room):
    sam = make_therapist(desk_engine)
    with pytest.raises(InvalidInput, match="Please choose the room"):
        shift_desk.start_shift(member=signed_in(desk_engine, sam, shift=False), room=room)
    assert shifts_of(desk_engine, sam) == []


def test_a_room_held_asks_and_a_takeover_ends_the_others_shift_audited(desk_engine):
    dana = make_therapist(desk_engine, name="Dana Flores")
    sam = make_therapist(desk_engine, name="Sam Chen")
    dana_screen = signed_in(desk_engine, dana, room="Room 2")
    sam_screen = signed_in(desk_engine, sam, shift=False)
    assert shift_desk.shift_bar(member=sam_screen).held == {"Room 2": (dana, "Dana F.")}
    with pytest.raises(shifts.RoomHeld, match=r"Room 2 is held by Dana F\. — take it over\?") as asked:
        shift_desk.start_shift(member=sam_screen, room="Room 2")
    assert asked.value.holder_id == dana
    assert working_at(desk_engine, utcnow()) == ["Dana Flores"]
    shift_desk.start_shift(member=sam_screen, room="Room 2", take_over_from=dana)
    assert working_at(desk_engine, utcnow()) == ["Sam Chen"]
    [taken] = shifts_of(desk_engine, dana)
    assert taken.end_reason == "taken_over"
    assert not shift_desk.shift_bar(member=dana_screen).on_shift  # Dana's board offers Start shift again
    with db.read_session(desk_engine) as session:
        [audit] = session.exec(select(AuditEvent).where(AuditEvent.action == "room_taken_over")).all()
    assert audit.therapist_id == sam and "Room 2 from Dana Flores" in audit.detail


def test_a_takeover_confirmed_for_someone_else_asks_again(desk_engine):
    dana, kim, sam = (make_therapist(desk_engine) for _ in range(3))
    start_shift(desk_engine, dana, room="Room 1")
    with pytest.raises(shifts.RoomHeld):
        shift_desk.start_shift(member=signed_in(desk_engine, sam, shift=False), room="Room 1", take_over_from=kim)


def test_starting_a_shift_elsewhere_ends_the_one_here(engine):
    sam = make_therapist(engine, locations=(NORTH, "downtown-syracuse"))
    start_shift(engine, sam, room="Room 1", now=MORNING)
    start_shift(engine, sam, location="downtown-syracuse", room="Room 2", now=MORNING + timedelta(minutes=5))
    first, second = shifts_of(engine, sam)
    assert (first.ended_at, first.end_reason) == (MORNING + timedelta(minutes=5), "next_shift")
    assert second.ended_at is None
    assert working_at(engine, MORNING + timedelta(minutes=6)) == []  # one place at a time
    assert len(working_at(engine, MORNING + timedelta(minutes=6), "downtown-syracuse")) == 1


def test_a_shift_whose_board_stopped_is_out_at_once_and_ended_as_stale_at_the_next_read(desk_engine, clinic):
    dana, sam = make_therapist(desk_engine, name="Dana Flores"), make_therapist(desk_engine)
    long_ago = utcnow() - timedelta(minutes=settings.shift_stale_minutes + 1)
    start_shift(desk_engine, dana, room="Room 2", now=long_ago)
    assert working_at(desk_engine, utcnow()) == []  # before anything is written
    assert do_check_in(desk_engine, clinic, make_client(desk_engine)[0], now=utcnow()).wait.nobody_on_shift
    sam_screen = signed_in(desk_engine, sam, shift=False)
    assert shift_desk.shift_bar(member=sam_screen).held == {}  # the next read by anyone
    [stale] = shifts_of(desk_engine, dana)
    assert (stale.end_reason, stale.ended_at) == ("stale", long_ago)
    shift_desk.start_shift(member=sam_screen, room="Room 2")  # free, no question asked


def test_the_boards_refresh_beats_at_most_once_a_minute(desk_engine):
    sam = make_therapist(desk_engine)
    member = signed_in(desk_engine, sam, room="Room 1")
    started = shifts_of(desk_engine, sam)[0].seen_at
    for seconds in (2, 4, 30, 58):
        shift_desk.shift_bar(member=member, now=started + timedelta(seconds=seconds))
        assert shifts_of(desk_engine, sam)[0].seen_at == started
    shift_desk.shift_bar(member=member, now=started + timedelta(seconds=61))
    assert shifts_of(desk_engine, sam)[0].seen_at == started + timedelta(seconds=61)


def test_deactivating_a_member_ends_their_shift(desk_engine):
    admin = signed_in(desk_engine, make_therapist(desk_engine, admin=True, roles=()), shift=False)
    sam = make_therapist(desk_engine, name="Sam Chen")
    start_shift(desk_engine, sam, room="Room 1")
    admin_desk.set_active(member=admin, therapist_id=sam, active=False)
    assert [s.end_reason for s in shifts_of(desk_engine, sam)] == ["deactivated"]


@pytest.mark.parametrize(
    ("roles", "places", "ended"),
    [(["front_desk"], ["north-syracuse"], ["role_changed"]), (["therapist"], ["downtown-syracuse"], ["role_changed"]),
     (["therapist", "reporting"], ["north-syracuse"], [])],
)  # fmt: skip
def test_a_change_that_leaves_no_right_to_work_there_ends_the_shift(desk_engine, roles, places, ended):
    admin = signed_in(desk_engine, make_therapist(desk_engine, admin=True, roles=()), shift=False)
    sam = make_therapist(desk_engine, name="Sam Chen")
    start_shift(desk_engine, sam, room="Room 1")
    admin_desk.update_therapist(member=admin, therapist_id=sam, location_slugs=places, medical_trained=True,
                                is_admin=False, roles=roles)  # fmt: skip
    assert [s.end_reason for s in shifts_of(desk_engine, sam) if s.ended_at] == ended


def test_a_call_needs_a_shift(desk_engine, clinic):
    visit_id = do_check_in(desk_engine, clinic, make_client(desk_engine)[0], now=utcnow()).visit_id
    member = signed_in(desk_engine, make_therapist(desk_engine), shift=False)
    with pytest.raises(shifts.NotOnShift):
        staff_desk.act(member=member, visit_id=visit_id, action="call")
    with pytest.raises(shifts.NotOnShift):
        staff_desk.call_next_client(member=member, queue="therapeutic")
    shift_desk.start_shift(member=member, room="Room 1")
    assert staff_desk.act(member=member, visit_id=visit_id, action="call") == "T-001 called."


@pytest.mark.parametrize("how", ["ended", "stale"])
def test_a_call_whose_therapists_shift_ended_leaves_the_tv(engine, clinic, how):
    priya = make_therapist(engine)
    start_shift(engine, priya, room="Room 1", now=MORNING)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    call(engine, ticket.visit_id, priya, 1)
    assert [c.ticket for c in lobby_now(engine, 2).now_calling] == ["T-001"]
    if how == "ended":
        with db.write_session(engine) as session:
            shifts.end_shift(session=session, therapist_id=priya, reason="ended", now=MORNING + timedelta(minutes=3))
        assert lobby_now(engine, 4).now_calling == []
    else:
        assert lobby_now(engine, settings.shift_stale_minutes + 1).now_calling == []


def test_a_shift_left_open_never_counts_the_next_day_and_ends_at_its_days_end(engine):
    sam, kim = make_therapist(engine), make_therapist(engine)
    start_shift(engine, sam, room="Room 1", now=MORNING)
    assert len(working_at(engine, MORNING + timedelta(minutes=5))) == 1
    tomorrow = MORNING + timedelta(days=1)
    assert working_at(engine, tomorrow) == []  # before anyone writes anything
    start_shift(engine, kim, room="Room 2", now=tomorrow)  # anyone's next start closes it
    [crashed] = shifts_of(engine, sam)
    assert (crashed.ended_at, crashed.end_reason) == (MORNING, "stale")


def test_an_end_after_the_day_ended_is_at_the_days_end(engine):
    sam = make_therapist(engine)
    start_shift(engine, sam, room="Room 1", now=MORNING)
    with db.write_session(engine) as session:
        shifts.end_shift(session=session, therapist_id=sam, reason="ended", now=MORNING + timedelta(days=1))
    [shift] = shifts_of(engine, sam)
    assert (shift.ended_at, shift.end_reason) == (MIDNIGHT, "day_end")


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
