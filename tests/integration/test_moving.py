"""One open visit per client and clinic day, across locations; moving it in one tap."""

import threading

import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin.moving import CheckedInElsewhere
from kiosk_core.config import settings
from kiosk_core.models import AuditEvent, Visit
from kiosk_core.screens import tablet
from kiosk_core.screens.tablet import check_in_now
from kiosk_core.vocabulary import VisitStatus
from tests.factories import intake, make_client

NORTH, DOWNTOWN = "north-syracuse", "downtown-syracuse"


@pytest.fixture
def live(engine, monkeypatch):
    """The tablet services read the process's engine: point it at the test database."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


def visits(engine) -> list[Visit]:
    with db.read_session(engine) as session:
        return session.exec(select(Visit).order_by(Visit.id)).all()


def test_a_check_in_at_a_second_location_says_where_the_client_already_is(live, clinic):
    client_id, _ = make_client(live)
    first = check_in_now(clinic=clinic, location_slug=NORTH, client_id=client_id, intake=intake(), engine=live)
    with pytest.raises(CheckedInElsewhere) as raised:
        check_in_now(clinic=clinic, location_slug=DOWNTOWN, client_id=client_id, intake=intake(), engine=live)
    assert "North Syracuse" in str(raised.value) and first.ticket_code in str(raised.value)
    assert tablet.visit_elsewhere(client_id=client_id, location_slug=DOWNTOWN).ticket_code == first.ticket_code
    assert tablet.visit_elsewhere(client_id=client_id, location_slug=NORTH) is None


def test_moving_closes_the_old_visit_and_opens_one_here_with_the_same_answers(live, clinic):
    client_id, _ = make_client(live)
    answers = intake(safety={"pregnant"}, pain=5)
    old = check_in_now(clinic=clinic, location_slug=NORTH, client_id=client_id, intake=answers, engine=live)
    moved = tablet.move_visit_here(clinic=clinic, client_id=client_id, location_slug=DOWNTOWN)
    again = tablet.move_visit_here(clinic=clinic, client_id=client_id, location_slug=DOWNTOWN)  # a double tap
    assert again.visit_id == moved.visit_id
    before, after = visits(live)
    assert (before.id, before.status) == (old.visit_id, VisitStatus.MOVED)
    assert (after.status, after.flags, after.intake_json) == (VisitStatus.WAITING, before.flags, before.intake_json)
    assert moved.ticket_code == "T-001" and moved.needs_review
    with db.read_session(live) as session:
        actions = [e.action for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions.count("moved_out") == 1 and actions.count("moved_in") == 1


def test_the_database_allows_one_open_visit_a_day_across_locations(live, clinic):
    client_id, _ = make_client(live)
    check_in_now(clinic=clinic, location_slug=NORTH, client_id=client_id, intake=intake(), engine=live)
    first = visits(live)[0]
    copy = {c: getattr(first, c) for c in Visit.model_fields if c not in ("id", "ticket_code", "location_id")}
    with pytest.raises(sa.exc.IntegrityError), db.write_session(live) as session:
        location_id = 2 if first.location_id == 1 else 1
        session.add(Visit(**copy, location_id=location_id, ticket_code="T-999"))


def test_a_move_racing_a_check_in_here_leaves_one_open_visit(live, clinic, monkeypatch):
    monkeypatch.setattr(settings, "write_retry_seconds", 30)
    client_id, _ = make_client(live)
    check_in_now(clinic=clinic, location_slug=NORTH, client_id=client_id, intake=intake(), engine=live)
    start, outcomes = threading.Barrier(2), []

    def race(work):
        start.wait()
        try:
            outcomes.append(work())
        except CheckedInElsewhere as error:
            outcomes.append(error)

    move = threading.Thread(
        target=race, args=(lambda: tablet.move_visit_here(clinic=clinic, client_id=client_id, location_slug=DOWNTOWN),)
    )
    check = threading.Thread(
        target=race,
        args=(
            lambda: check_in_now(
                clinic=clinic, location_slug=DOWNTOWN, client_id=client_id, intake=intake(), engine=live
            ),
        ),
    )
    for thread in (move, check):
        thread.start()
    for thread in (move, check):
        thread.join()
    open_visits = [v for v in visits(live) if v.status == VisitStatus.WAITING]
    assert len(open_visits) == 1 and open_visits[0].location_id != visits(live)[0].location_id
    assert len(outcomes) == 2


def test_a_visit_in_session_elsewhere_is_not_moved(live, clinic):
    from kiosk_core.visits.actions import apply_action
    from tests.factories import make_therapist

    client_id, _ = make_client(live)
    therapist = make_therapist(live)
    old = check_in_now(
        clinic=clinic, location_slug=NORTH, client_id=client_id, intake=intake(safety={"none"}), engine=live
    )
    for action in ("call", "start"):
        with db.write_session(live) as session:
            apply_action(session=session, visit_id=old.visit_id, action=action, therapist_id=therapist)
    with pytest.raises(CheckedInElsewhere):
        tablet.move_visit_here(clinic=clinic, client_id=client_id, location_slug=DOWNTOWN)
    assert [v.status for v in visits(live)] == [VisitStatus.IN_SESSION]
