"""The waits' caches (kiosk_core.waits.history) on both databases: the session lengths are
read again once a session finishes at the location, and a location's waits are computed once for
all its boards refreshing together; the answer is the same with the caches off."""

from datetime import timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.config import settings
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Client, Visit, utcnow
from kiosk_core.screens.tablet import check_in_now
from kiosk_core.visits.todays_queue import todays_queue
from kiosk_core.waits import history, location_waits
from tests.factories import intake, make_client, make_therapist, start_shift
from tests.integration.test_checkin import NORTH, do_check_in


def finished(engine, minutes: float, count: int, days_ago: int) -> None:
    """`count` finished therapeutic sessions of `minutes` at North, `days_ago` days back."""
    when = utcnow() - timedelta(days=days_ago)
    with db.write_session(engine) as session:
        location_id = location_by_slug(session, NORTH).id
        clients = [Client(first_name="Past", last_name="Client", phone="") for _ in range(count)]
        session.add_all(clients)
        session.flush()
        for n, client in enumerate(clients):
            session.add(
                Visit(
                    location_id=location_id,
                    client_id=client.id,
                    clinic_day=clinic_day(when),
                    queue="therapeutic",
                    routed_queue="therapeutic",
                    ticket_code=f"P-{days_ago}-{minutes:.0f}-{n}",
                    status="done",
                    intake_json={"goal": "relax"},
                    checked_in_at=when,
                    finished_at=when + timedelta(seconds=n),
                    session_minutes=minutes,
                )
            )


def median_now(engine, clinic) -> float:
    with db.read_session(engine) as session:
        location_id = location_by_slug(session, NORTH).id
        lengths = location_waits.recent_lengths(session=session, clinic=clinic, location_id=location_id, now=utcnow())
    return lengths["therapeutic"].quartiles[1]


def test_the_session_lengths_are_read_again_once_a_session_finishes(engine, clinic):
    finished(engine, 30, 25, days_ago=1)
    assert median_now(engine, clinic) == 30
    finished(engine, 30, 25, days_ago=2)  # past days change only by hand: kept for the bounded time
    assert median_now(engine, clinic) == 30
    finished(engine, 90, 60, days_ago=0)  # sessions finished today: read again
    assert median_now(engine, clinic) == 90


def test_the_session_lengths_are_read_again_after_their_time(engine, clinic, monkeypatch):
    finished(engine, 30, 25, days_ago=1)
    assert median_now(engine, clinic) == 30
    finished(engine, 90, 60, days_ago=2)
    monkeypatch.setattr(settings, "wait_history_seconds", 0)
    assert median_now(engine, clinic) == 90


@pytest.mark.parametrize("cached", [True, False])
def test_boards_refreshing_together_share_one_computation_and_the_same_answer(engine, clinic, monkeypatch, cached):
    monkeypatch.setattr(history, "enabled", cached)
    start_shift(engine, make_therapist(engine), room="Room 1")
    for _ in range(4):
        do_check_in(engine, clinic, make_client(engine)[0], now=utcnow())
    computed = []
    estimate = location_waits.estimate_waits
    monkeypatch.setattr(location_waits, "estimate_waits", lambda **kw: computed.append(1) or estimate(**kw))
    now = utcnow()
    boards = []
    for _ in range(3):  # three boards, each its own read
        with db.read_session(engine) as session:
            entries = todays_queue(session=session, clinic=clinic, location_slug=NORTH, now=now)
            boards.append([(e.ticket_code, e.expected_wait) for e in entries])
    assert boards[0] == boards[1] == boards[2]
    assert all(wait is not None and not wait.nobody_on_shift for _, wait in boards[0])
    assert len(computed) == (1 if cached else 3)
    do_check_in(engine, clinic, make_client(engine)[0], now=now)  # a new line: computed again
    with db.read_session(engine) as session:
        assert len(todays_queue(session=session, clinic=clinic, location_slug=NORTH, now=now)) == 5
        assert session.exec(select(Visit.id).where(Visit.status == "waiting")).all()
    assert len(computed) == (2 if cached else 4)


def test_the_place_read_carries_todays_sessions_as_the_board_reads_them(engine, clinic):
    """Today's finished sessions come in the place read's own row as text (one round trip): the
    minutes, even unround ones, and the wait they give are the board's, with two ahead."""
    unround = 47.833333333333336  # 47 min 50 s: more digits than SQLite's text of a REAL keeps
    finished(engine, unround, 12, days_ago=0)
    finished(engine, 20.25, 9, days_ago=0)
    start_shift(engine, make_therapist(engine), room="Room 1")
    for _ in range(2):
        do_check_in(engine, clinic, make_client(engine)[0], now=utcnow())
    ticket = check_in_now(clinic=clinic, location_slug=NORTH, client_id=make_client(engine)[0], intake=intake(),
                          engine=engine)  # fmt: skip
    with db.read_session(engine) as session:
        location_id = location_by_slug(session, NORTH).id
        read = location_waits.todays_lengths_read()
        row = location_waits.rows(session, read, {"location_id": location_id, "day": clinic_day(utcnow())})[0]
        entries = todays_queue(session=session, clinic=clinic, location_slug=NORTH, now=utcnow())
    medical, therapeutic = location_waits.todays_lengths(row)
    assert medical == () and therapeutic == pytest.approx([20.25] * 9 + [unround] * 12, rel=1e-12)
    (board,) = [entry.expected_wait for entry in entries if entry.ticket_code == ticket.ticket_code]
    assert ticket.position == 3 and ticket.wait == board
    # Two sessions ahead (20 and 48 minutes the day's quartiles, with the turnover), learnt from
    # today's: a range, not "any moment", the queue's default or the cap.
    assert (ticket.wait.low, ticket.wait.high, ticket.wait.ask_front_desk) == (50, 110, False)


@pytest.mark.parametrize(
    ("joined", "minutes"),
    [((None, None), ((), ())), (("50.0,1.0e-07", "3"), ((1e-07, 50.0), (3.0,))), (("", "2.5,1.5"), ((), (1.5, 2.5)))],
)
def test_todays_lengths_read_back_from_their_text(joined, minutes):
    assert location_waits.todays_lengths(joined) == minutes
