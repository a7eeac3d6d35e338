"""Serving a visit: medical training on every action that serves one, pause and resume with each
period kept, walk-outs, and the confirmation before acting on another therapist's client."""

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import IllegalTransition, InvalidInput, NotAllowed
from kiosk_core.models import AuditEvent, SessionPeriod, Visit
from kiosk_core.visits.actions import OthersClient, apply_action, reroute
from kiosk_core.vocabulary import VisitStatus
from tests.factories import make_client, make_therapist
from tests.integration.test_checkin import SCIATICA, do_check_in
from tests.integration.test_queue import act, at, queue_now


def visit_and_periods(engine, visit_id):
    with db.read_session(engine) as session:
        periods = session.exec(
            select(SessionPeriod).where(SessionPeriod.visit_id == visit_id).order_by(SessionPeriod.id)
        ).all()
        return session.get(Visit, visit_id), [(p.started_at, p.ended_at) for p in periods]


def test_start_of_a_medical_visit_needs_the_training_whoever_called_it(engine, clinic):
    trained, untrained = make_therapist(engine, medical=True), make_therapist(engine, medical=False)
    ticket = do_check_in(engine, clinic, make_client(engine)[0], SCIATICA)
    act(engine, ticket.visit_id, "call", trained, 1)
    refused = pytest.raises(NotAllowed, match="Only therapists trained in medical massage")
    with refused, db.write_session(engine) as session:
        apply_action(
            session=session,
            visit_id=ticket.visit_id,
            action="start",
            therapist_id=untrained,
            confirm_for=trained,  # confirming the colleague's client doesn't lift the training rule
            now=at(2),
        )
    assert queue_now(engine, clinic, 3)[ticket.ticket_code].status == VisitStatus.CALLED


def test_a_reroute_into_medical_then_started_needs_the_training(engine, clinic):
    untrained, trained = make_therapist(engine, medical=False), make_therapist(engine, medical=True)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])  # therapeutic
    act(engine, ticket.visit_id, "call", untrained, 1)
    with db.write_session(engine) as session:  # anyone may send a client to the medical queue
        reroute(
            session=session,
            visit_id=ticket.visit_id,
            to_queue="medical",
            reason="MRI report",
            therapist_id=untrained,
            now=at(2),
        )
    with pytest.raises(NotAllowed, match="trained in medical massage"):
        act(engine, ticket.visit_id, "call", untrained, 3)
    act(engine, ticket.visit_id, "call", trained, 4)
    act(engine, ticket.visit_id, "start", trained, 5)
    for minutes, action in ((6, "pause"), (7, "resume")):
        act(engine, ticket.visit_id, action, trained, minutes)
    act(engine, ticket.visit_id, "pause", trained, 8)
    with pytest.raises(NotAllowed, match="trained in medical massage"):  # resume serves too
        act(engine, ticket.visit_id, "resume", untrained, 9)


def test_pause_and_resume_keep_each_period_and_the_session_counts_only_them(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    for minutes, action in ((1, "call"), (2, "start"), (20, "pause"), (35, "resume"), (50, "pause"), (52, "resume")):
        act(engine, ticket.visit_id, action, therapist, minutes)
    assert queue_now(engine, clinic, 53)[ticket.ticket_code].status == VisitStatus.IN_SESSION
    act(engine, ticket.visit_id, "finish", therapist, 60)
    visit, periods = visit_and_periods(engine, ticket.visit_id)
    assert periods == [(at(2), at(20)), (at(35), at(50)), (at(52), at(60))]
    assert visit.session_minutes == 18 + 15 + 8 and visit.started_at == at(2) and visit.finished_at == at(60)
    with db.read_session(engine) as session:
        trail = session.exec(select(AuditEvent.action).where(AuditEvent.visit_id == visit.id)).all()
    assert trail == ["check_in", "call", "start", "pause", "resume", "pause", "resume", "finish"]


def test_finish_while_paused_and_a_double_tap_on_pause(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    for minutes, action in ((1, "call"), (2, "start"), (12, "pause"), (13, "pause")):
        act(engine, ticket.visit_id, action, therapist, minutes)
    act(engine, ticket.visit_id, "finish", therapist, 30)  # the client never came back
    visit, periods = visit_and_periods(engine, ticket.visit_id)
    assert periods == [(at(2), at(12))] and visit.session_minutes == 10 and visit.status == VisitStatus.DONE


def test_a_paused_client_is_still_checked_in(engine, clinic):
    """A paused visit is open: the client's second scan finds it rather than opening another."""
    therapist = make_therapist(engine)
    client_id = make_client(engine)[0]
    ticket = do_check_in(engine, clinic, client_id)
    for minutes, action in ((1, "call"), (2, "start"), (5, "pause")):
        act(engine, ticket.visit_id, action, therapist, minutes)
    again = do_check_in(engine, clinic, client_id, now=at(6))
    assert again.visit_id == ticket.visit_id and again.already_checked_in


def test_cancel_mid_session_counts_the_minutes_so_far(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    for minutes, action in ((1, "call"), (2, "start"), (14, "cancel")):
        act(engine, ticket.visit_id, action, therapist, minutes)
    visit, periods = visit_and_periods(engine, ticket.visit_id)
    assert visit.status == VisitStatus.CANCELLED and periods == [(at(2), at(14))] and visit.session_minutes == 12


def test_walk_out_is_its_own_status_with_an_optional_reason(engine, clinic):
    therapist = make_therapist(engine)
    waiting, called = (do_check_in(engine, clinic, make_client(engine)[0], now=at(i)) for i in range(2))
    with db.write_session(engine) as session:
        apply_action(
            session=session,
            visit_id=waiting.visit_id,
            action="walk_out",
            therapist_id=therapist,
            reason="  couldn't wait:\n had to pick up kids ",
            now=at(5),
        )
    act(engine, called.visit_id, "call", therapist, 6)
    act(engine, called.visit_id, "walk_out", therapist, 7)
    with db.read_session(engine) as session:
        first, second = session.get(Visit, waiting.visit_id), session.get(Visit, called.visit_id)
        detail = session.exec(select(AuditEvent.detail).where(AuditEvent.action == "walk_out")).all()
    assert (first.status, first.closed_at, first.closed_reason) == (
        VisitStatus.WALKED_OUT,
        at(5),
        "couldn't wait: had to pick up kids",
    )
    assert (second.status, second.closed_reason, second.cancelled_at, second.no_show_at) == (
        VisitStatus.WALKED_OUT,
        "",
        None,
        None,
    )
    assert detail == ["couldn't wait: had to pick up kids", ""]
    visit = do_check_in(engine, clinic, make_client(engine)[0], now=at(8)).visit_id
    with pytest.raises(InvalidInput, match="under 500"), db.write_session(engine) as session:
        apply_action(session=session, visit_id=visit, action="walk_out", therapist_id=therapist, reason="x" * 501)


def test_a_walk_out_once_in_session_is_refused(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    for minutes, action in ((1, "call"), (2, "start")):
        act(engine, ticket.visit_id, action, therapist, minutes)
    with pytest.raises(IllegalTransition, match="is in session, so it can't be marked as walked out"):
        act(engine, ticket.visit_id, "walk_out", therapist, 3)


@pytest.mark.parametrize("action", ["start", "requeue", "no_show", "walk_out", "cancel"])
def test_acting_on_another_therapists_client_asks_naming_them(engine, clinic, action):
    sam, jo = make_therapist(engine, name="Sam Chen"), make_therapist(engine, name="Jo Park")
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, ticket.visit_id, "call", sam, 1)
    with pytest.raises(OthersClient, match=f"{ticket.ticket_code} is Sam Chen's client.") as asked:
        act(engine, ticket.visit_id, action, jo, 2)
    assert asked.value.therapist_id == sam and queue_now(engine, clinic, 3)[ticket.ticket_code].therapist_id == sam
    with db.write_session(engine) as session:
        visit = apply_action(
            session=session, visit_id=ticket.visit_id, action=action, therapist_id=jo, confirm_for=sam, now=at(4)
        )
        assert visit.therapist_id == (jo if action == "start" else None if action == "requeue" else sam)


def test_a_confirmation_for_one_therapist_does_not_cover_another(engine, clinic):
    sam, jo, ana = (make_therapist(engine, name=n) for n in ("Sam Chen", "Jo Park", "Ana Ruiz"))
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, ticket.visit_id, "call", sam, 1)
    act(engine, ticket.visit_id, "requeue", sam, 2)
    act(engine, ticket.visit_id, "call", ana, 3)  # changed hands since Jo was asked about Sam
    with db.write_session(engine) as session, pytest.raises(OthersClient, match="Ana Ruiz's client"):
        apply_action(session=session, visit_id=ticket.visit_id, action="cancel", therapist_id=jo, confirm_for=sam)
