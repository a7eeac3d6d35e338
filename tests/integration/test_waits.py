"""The expected wait fed from the database (kiosk_core.waits.location_waits): who is on shift, sessions in
progress without their pauses, session lengths of recent days at the location and queue; on the
tablet's ticket (read after commit) and the queue board, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Visit
from kiosk_core.screens.tablet import check_in_now
from kiosk_core.staff.shifts import end_shift
from kiosk_core.visits.todays_queue import todays_queue
from kiosk_core.vocabulary import VisitStatus
from kiosk_core.waits.estimate import WaitEstimate
from tests.factories import intake, make_client, make_therapist, start_shift
from tests.integration.test_checkin import MORNING, NORTH, SCIATICA, do_check_in
from tests.integration.test_queue import act, at

NOBODY = WaitEstimate(low=None, high=None, ask_front_desk=True, nobody_on_shift=True)


@pytest.fixture(autouse=True)
def boards_refreshing(monkeypatch):
    """These clinic hours pass on a fixed clock with no board refreshing: shifts stay live all
    day here (tests/integration/test_shifts.py checks that a stale one is out)."""
    monkeypatch.setattr(settings, "shift_stale_minutes", 24 * 60)


def board_waits(engine, clinic, minutes) -> dict[str, WaitEstimate | None]:
    with db.read_session(engine) as session:
        entries = todays_queue(session=session, clinic=clinic, location_slug=NORTH, now=at(minutes))
    return {e.ticket_code: e.expected_wait for e in entries}


def finished_sessions(engine, minutes: float, count: int, *, days_ago: int, queue="therapeutic", where=NORTH):
    """`count` visits of `days_ago` days back, finished after `minutes` of massage."""
    client_id = make_client(engine)[0]
    with db.write_session(engine) as session:
        location_id = location_by_slug(session, where).id
        day = (MORNING - timedelta(days=days_ago)).date()
        for n in range(count):
            session.add(
                Visit(
                    location_id=location_id,
                    client_id=client_id,
                    clinic_day=day,
                    queue=queue,
                    routed_queue=queue,
                    ticket_code=f"X-{n:03d}",
                    status=VisitStatus.DONE,
                    intake_json=intake().stored(),
                    session_minutes=minutes,
                )
            )


def test_with_nobody_on_shift_there_is_no_figure(engine, clinic):
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    assert (ticket.position, ticket.wait) == (1, NOBODY)


def test_a_free_therapist_on_shift_takes_the_first_client_at_once(engine, clinic):
    start_shift(engine, make_therapist(engine), room="Room 1", now=MORNING)
    first = do_check_in(engine, clinic, make_client(engine)[0])
    second = do_check_in(engine, clinic, make_client(engine)[0], now=at(1))
    assert first.wait == WaitEstimate(low=0, high=0)
    # Then a whole session first: the default 50 minutes give or take 15%, and 5 minutes' turnover.
    assert (second.position, second.wait) == (2, WaitEstimate(low=45, high=65))


def test_two_therapists_on_shift_halve_the_line(engine, clinic):
    for room in ("Room 1", "Room 2"):
        start_shift(engine, make_therapist(engine), room=room, now=MORNING)
    tickets = [do_check_in(engine, clinic, make_client(engine)[0], now=at(n)) for n in range(3)]
    assert [t.wait.high for t in tickets] == [0, 0, 65]


def test_a_signed_out_therapist_no_longer_counts(engine, clinic):
    sam = make_therapist(engine)
    start_shift(engine, sam, room="Room 1", now=MORNING)
    with db.write_session(engine) as session:
        end_shift(session=session, therapist_id=sam, reason="ended", now=at(1))
    assert do_check_in(engine, clinic, make_client(engine)[0], now=at(2)).wait == NOBODY


def test_only_a_medical_trained_therapist_may_serve_the_medical_queue(engine, clinic):
    start_shift(engine, make_therapist(engine, medical=False), room="Room 1", now=MORNING)
    medical = do_check_in(engine, clinic, make_client(engine)[0], SCIATICA)
    therapeutic = do_check_in(engine, clinic, make_client(engine)[0], now=at(1))
    assert medical.wait == NOBODY
    assert therapeutic.wait == WaitEstimate(low=0, high=0)


def test_a_pause_is_not_counted_as_massage_time(engine, clinic):
    sam = make_therapist(engine)
    start_shift(engine, sam, room="Room 1", now=MORNING)
    busy = do_check_in(engine, clinic, make_client(engine)[0])
    for minutes, action in ((0, "call"), (0, "start"), (10, "pause"), (30, "resume")):
        act(engine, busy.visit_id, action, sam, minutes)
    waiting = do_check_in(engine, clinic, make_client(engine)[0], now=at(39))
    # 20 minutes of massage so far (not 40): 22.5 to 37.5 minutes left, and 5 of turnover.
    assert board_waits(engine, clinic, 40)[waiting.ticket_code] == WaitEstimate(low=25, high=45)


def test_session_lengths_are_learned_from_recent_days_at_the_location(engine, clinic):
    finished_sessions(engine, 30, clinic.waits.min_sessions, days_ago=3)
    finished_sessions(engine, 90, 40, days_ago=clinic.waits.recent_days)  # too long ago
    finished_sessions(engine, 90, 40, days_ago=1, where="downtown-syracuse")  # elsewhere
    finished_sessions(engine, 90, 40, days_ago=1, queue="medical")  # the other queue
    sam = make_therapist(engine)
    start_shift(engine, sam, room="Room 1", now=MORNING)
    busy = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, busy.visit_id, "call", sam, 0)
    waiting = do_check_in(engine, clinic, make_client(engine)[0], now=at(1))
    assert waiting.wait == WaitEstimate(low=35, high=35)  # a whole 30-minute session, then 5 of turnover
    assert board_waits(engine, clinic, 1)[waiting.ticket_code] == WaitEstimate(low=35, high=35)


def test_past_the_cap_the_client_is_asked_to_see_the_front_desk(engine, clinic):
    start_shift(engine, make_therapist(engine), room="Room 1", now=MORNING)
    tickets = [do_check_in(engine, clinic, make_client(engine)[0], now=at(n)) for n in range(4)]
    last = tickets[-1].wait
    assert last.over_cap and last.high == clinic.waits.ask_front_desk_minutes


def test_the_tablets_ticket_reads_the_wait_after_commit(engine, clinic):
    start_shift(engine, make_therapist(engine), room="Room 1", now=MORNING)
    first = check_in_now(
        clinic=clinic,
        location_slug=NORTH,
        client_id=make_client(engine)[0],
        intake=intake(),
        now=MORNING,
        engine=engine,
    )
    second = check_in_now(
        clinic=clinic, location_slug=NORTH, client_id=make_client(engine)[0], intake=intake(), now=at(1), engine=engine
    )
    assert (first.wait, second.wait) == (WaitEstimate(low=0, high=0), WaitEstimate(low=45, high=65))
    assert board_waits(engine, clinic, 1) == {first.ticket_code: first.wait, second.ticket_code: second.wait}
