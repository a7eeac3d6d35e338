"""Today's queue and the visit transitions, on SQLite and PostgreSQL."""

from datetime import datetime, timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import IllegalTransition, InvalidInput, NotAllowed, NotFound
from kiosk_core.models import AuditEvent, Visit
from kiosk_core.visits.actions import apply_action, call_next, reroute
from kiosk_core.visits.todays_queue import todays_queue
from kiosk_core.vocabulary import VisitStatus
from tests.factories import make_client, make_therapist
from tests.integration.test_checkin import MORNING, NORTH, SCIATICA, do_check_in


def at(minutes: float) -> datetime:
    return MORNING + timedelta(minutes=minutes)


def act(engine, visit_id, action, therapist, minutes):
    with db.write_session(engine) as session:
        return apply_action(session=session, visit_id=visit_id, action=action, therapist_id=therapist, now=at(minutes))


def queue_now(engine, clinic, minutes):
    with db.read_session(engine) as session:
        return {
            e.ticket_code: e for e in todays_queue(session=session, clinic=clinic, location_slug=NORTH, now=at(minutes))
        }


def test_the_whole_journey_records_every_time_and_who(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    for minutes, action in ((5, "call"), (7, "start"), (60, "finish")):
        act(engine, ticket.visit_id, action, therapist, minutes)
    with db.read_session(engine) as session:
        visit = session.get(Visit, ticket.visit_id)
        audit = session.exec(select(AuditEvent.action).where(AuditEvent.visit_id == visit.id)).all()
    assert visit.status == VisitStatus.DONE and visit.therapist_id == therapist
    assert (visit.called_at, visit.started_at, visit.finished_at) == (at(5), at(7), at(60))
    assert audit == ["check_in", "call", "start", "finish"]


def test_finishing_a_visit_never_called_is_refused_clearly(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    with pytest.raises(IllegalTransition, match="T-001 is still waiting, so it can't be finished"):
        act(engine, ticket.visit_id, "finish", therapist, 1)
    assert queue_now(engine, clinic, 2)["T-001"].status == VisitStatus.WAITING


def test_a_double_tap_is_harmless(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, ticket.visit_id, "call", therapist, 1)
    again = act(engine, ticket.visit_id, "call", therapist, 2)
    assert again.called_at == at(1)


def test_only_medically_trained_therapists_call_from_the_medical_queue(engine, clinic):
    relaxation_only = make_therapist(engine, medical=False)
    trained = make_therapist(engine, medical=True)
    ticket = do_check_in(engine, clinic, make_client(engine)[0], SCIATICA)
    with db.write_session(engine) as session, pytest.raises(NotAllowed, match="trained in medical massage"):
        call_next(session=session, location_slug=NORTH, queue="medical", therapist_id=relaxation_only, now=at(1))
    with pytest.raises(NotAllowed):
        act(engine, ticket.visit_id, "call", relaxation_only, 1)
    with db.write_session(engine) as session:
        called = call_next(session=session, location_slug=NORTH, queue="medical", therapist_id=trained, now=at(2))
    assert called.id == ticket.visit_id


def test_therapists_act_only_where_they_work(engine, clinic):
    downtown_only = make_therapist(engine, locations=("downtown-syracuse",))
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    with pytest.raises(NotAllowed, match="doesn't work at this location"):
        act(engine, ticket.visit_id, "call", downtown_only, 1)


def test_call_next_takes_the_longest_waiting_and_says_when_no_one_is_left(engine, clinic):
    therapist = make_therapist(engine)
    first = do_check_in(engine, clinic, make_client(engine)[0])
    second = do_check_in(engine, clinic, make_client(engine)[0], now=at(1))
    called = []
    for minutes in (2, 3):
        with db.write_session(engine) as session:
            visit = call_next(
                session=session, location_slug=NORTH, queue="therapeutic", therapist_id=therapist, now=at(minutes)
            )
            called.append(visit.id)
    assert called == [first.visit_id, second.visit_id]
    with db.write_session(engine) as session, pytest.raises(NotFound, match="No one is waiting"):
        call_next(session=session, location_slug=NORTH, queue="therapeutic", therapist_id=therapist, now=at(4))


def test_reroute_keeps_the_ticket_and_the_place_and_needs_a_reason(engine, clinic):
    therapist = make_therapist(engine)
    early = do_check_in(engine, clinic, make_client(engine)[0])
    do_check_in(engine, clinic, make_client(engine)[0], SCIATICA, now=at(1))
    with db.write_session(engine) as session, pytest.raises(InvalidInput, match="say why"):
        reroute(session=session, visit_id=early.visit_id, to_queue="medical", reason="  ", therapist_id=therapist)
    with db.write_session(engine) as session:
        reroute(
            session=session,
            visit_id=early.visit_id,
            to_queue="medical",
            reason="Brought an MRI report",
            therapist_id=therapist,
            now=at(2),
        )
    entries = queue_now(engine, clinic, 3)
    assert entries["T-001"].queue == "medical" and entries["T-001"].position == 1
    assert entries["M-001"].position == 2
    with db.read_session(engine) as session:
        visit = session.get(Visit, early.visit_id)
        assert (visit.routed_queue, visit.reroute_reason) == ("therapeutic", "Brought an MRI report")
    with db.write_session(engine) as session, pytest.raises(IllegalTransition, match="already in the medical"):
        reroute(session=session, visit_id=early.visit_id, to_queue="medical", reason="again", therapist_id=therapist)


def test_a_finished_visit_cannot_be_rerouted(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, ticket.visit_id, "cancel", therapist, 1)
    with db.write_session(engine) as session, pytest.raises(IllegalTransition, match="was cancelled"):
        reroute(session=session, visit_id=ticket.visit_id, to_queue="medical", reason="x", therapist_id=therapist)


def test_requeue_no_show_and_cancel(engine, clinic):
    therapist = make_therapist(engine)
    a, b = (do_check_in(engine, clinic, make_client(engine)[0], now=at(i)) for i in range(2))
    act(engine, a.visit_id, "call", therapist, 2)
    act(engine, a.visit_id, "requeue", therapist, 3)
    act(engine, b.visit_id, "no_show", therapist, 4)
    entries = queue_now(engine, clinic, 5)
    assert entries[a.ticket_code].status == VisitStatus.WAITING and entries[a.ticket_code].therapist_id is None
    assert entries[b.ticket_code].status == VisitStatus.NO_SHOW and entries[b.ticket_code].position is None


def test_the_queue_shows_first_name_and_last_initial_only(engine, clinic):
    do_check_in(engine, clinic, make_client(engine, first_name="Linda", last_name="Park")[0])
    entry = queue_now(engine, clinic, 1)["T-001"]
    assert (entry.first_name, entry.last_initial) == ("Linda", "P")


def test_yesterdays_visits_are_not_in_todays_queue(engine, clinic):
    do_check_in(engine, clinic, make_client(engine)[0], now=MORNING - timedelta(days=1))
    assert queue_now(engine, clinic, 0) == {}


def test_a_visit_that_does_not_exist(engine, clinic):
    therapist = make_therapist(engine)
    with pytest.raises(NotFound):
        act(engine, 12345, "call", therapist, 0)
