"""Undo: within the window a cancel, no-show, walk-out or put-back is put right, and the visit is
back in its place in line; after it, or after anything newer, it is refused (SQLite and PostgreSQL)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.errors import IllegalTransition, NotAllowed
from kiosk_core.models import AuditEvent, SessionPeriod, Visit
from kiosk_core.visits.undo import undo
from kiosk_core.vocabulary import VisitStatus
from tests.factories import make_client, make_therapist
from tests.integration.test_checkin import do_check_in
from tests.integration.test_queue import act, at, queue_now


def undo_at(engine, visit_id, therapist, moment, **kwargs):
    with db.write_session(engine) as session:
        return undo(session=session, visit_id=visit_id, therapist_id=therapist, now=moment, **kwargs)


def line_of_three(engine, clinic):
    return [do_check_in(engine, clinic, make_client(engine)[0], now=at(i)) for i in range(3)]


@pytest.mark.parametrize("action", ["cancel", "no_show", "walk_out"])
def test_undo_within_the_window_puts_a_waiting_client_back_in_their_place(engine, clinic, action):
    therapist = make_therapist(engine)
    first, second, third = line_of_three(engine, clinic)
    act(engine, second.visit_id, action, therapist, 10)
    assert [e.position for e in queue_now(engine, clinic, 10).values() if e.position] == [1, 2]
    done_at = at(10)
    undo_at(engine, second.visit_id, therapist, done_at + timedelta(seconds=settings.undo_seconds))  # the last second
    entries = queue_now(engine, clinic, 11)
    assert [entries[t.ticket_code].position for t in (first, second, third)] == [1, 2, 3]  # not the back
    with db.read_session(engine) as session:
        visit = session.get(Visit, second.visit_id)
        trail = session.exec(select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.visit_id == visit.id)).all()
    assert visit.status == VisitStatus.WAITING
    assert (visit.cancelled_at, visit.no_show_at, visit.closed_at, visit.closed_reason) == (None, None, None, "")
    assert trail[-2:] == [(action, ""), ("undo", action)]


@pytest.mark.parametrize("action", ["cancel", "no_show", "walk_out", "requeue"])
def test_undo_after_the_window_is_refused_and_changes_nothing(engine, clinic, action):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, ticket.visit_id, "call", therapist, 1)
    act(engine, ticket.visit_id, action, therapist, 2)
    late = at(2) + timedelta(seconds=settings.undo_seconds, milliseconds=1)
    with pytest.raises(IllegalTransition, match=f"Too late to undo: {ticket.ticket_code} was"):
        undo_at(engine, ticket.visit_id, therapist, late)
    assert queue_now(engine, clinic, 3)[ticket.ticket_code].status != VisitStatus.CALLED


def test_the_window_is_a_setting(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, ticket.visit_id, "cancel", therapist, 1)
    with pytest.raises(IllegalTransition, match="more than 5 seconds ago"):
        undo_at(engine, ticket.visit_id, therapist, at(1) + timedelta(seconds=6), window_seconds=5)
    undo_at(engine, ticket.visit_id, therapist, at(1) + timedelta(seconds=59), window_seconds=60)


def test_undoing_a_put_back_gives_the_client_back_to_their_therapist(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, ticket.visit_id, "call", therapist, 1)
    act(engine, ticket.visit_id, "requeue", therapist, 2)
    undo_at(engine, ticket.visit_id, therapist, at(2) + timedelta(seconds=3))
    entry = queue_now(engine, clinic, 3)[ticket.ticket_code]
    assert (entry.status, entry.therapist_id, entry.minutes_waiting) == (VisitStatus.CALLED, therapist, 1)


def test_undoing_a_cancel_mid_session_reopens_the_session(engine, clinic):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    for minutes, action in ((1, "call"), (2, "start"), (20, "cancel")):
        act(engine, ticket.visit_id, action, therapist, minutes)
    undo_at(engine, ticket.visit_id, therapist, at(20) + timedelta(seconds=4))
    act(engine, ticket.visit_id, "finish", therapist, 50)
    with db.read_session(engine) as session:
        visit = session.get(Visit, ticket.visit_id)
        periods = session.exec(select(SessionPeriod).where(SessionPeriod.visit_id == visit.id)).all()
    assert [(p.started_at, p.ended_at) for p in periods] == [(at(2), at(50))]
    assert (visit.status, visit.session_minutes, visit.cancelled_at) == (VisitStatus.DONE, 48, None)


def test_only_the_therapist_who_did_it_can_undo_and_only_once(engine, clinic):
    sam, jo = make_therapist(engine, name="Sam Chen"), make_therapist(engine, name="Jo Park")
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, ticket.visit_id, "no_show", sam, 1)
    with pytest.raises(NotAllowed, match=f"Only Sam Chen, who did it, can undo that for {ticket.ticket_code}"):
        undo_at(engine, ticket.visit_id, jo, at(1) + timedelta(seconds=2))
    undo_at(engine, ticket.visit_id, sam, at(1) + timedelta(seconds=3))
    with pytest.raises(IllegalTransition, match="nothing to undo"):
        undo_at(engine, ticket.visit_id, sam, at(1) + timedelta(seconds=4))


@pytest.mark.parametrize("action", ["call", "start", "finish", "pause"])
def test_other_actions_cannot_be_undone(engine, clinic, action):
    therapist = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    steps = ["call", "start", "pause"] if action == "pause" else ["call", "start", "finish"]
    for minutes, step in enumerate(steps[: steps.index(action) + 1], start=1):
        act(engine, ticket.visit_id, step, therapist, minutes)
    with pytest.raises(IllegalTransition, match="nothing to undo"):
        undo_at(engine, ticket.visit_id, therapist, at(4))


def test_anything_newer_ends_the_undo(engine, clinic):
    sam = make_therapist(engine)
    ticket = do_check_in(engine, clinic, make_client(engine)[0])
    act(engine, ticket.visit_id, "call", sam, 1)
    act(engine, ticket.visit_id, "requeue", sam, 2)
    act(engine, ticket.visit_id, "call", sam, 2.05)  # called again within the window
    with pytest.raises(IllegalTransition, match="nothing to undo"):
        undo_at(engine, ticket.visit_id, sam, at(2.1))


def test_a_client_who_checked_in_again_cannot_have_the_old_visit_back(engine, clinic):
    therapist = make_therapist(engine)
    client_id = make_client(engine)[0]
    ticket = do_check_in(engine, clinic, client_id)
    act(engine, ticket.visit_id, "cancel", therapist, 1)
    again = do_check_in(engine, clinic, client_id, now=at(1.1))
    with pytest.raises(IllegalTransition, match=f"the client has checked in again as {again.ticket_code}"):
        undo_at(engine, ticket.visit_id, therapist, at(1.15))
    with db.read_session(engine) as session:
        assert session.get(Visit, ticket.visit_id).status == VisitStatus.CANCELLED
