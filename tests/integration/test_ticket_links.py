"""The live ticket behind a phone link, on SQLite and PostgreSQL: only the hash kept, the visit
as it moves along, and the link's end at the end of the clinic day (DST days too)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin import ticket_links
from kiosk_core.checkin.ticket_links import ExpiredLink, GarbledLink, UnknownLink, issue_link, live_ticket
from kiosk_core.models import TicketLink, Visit
from kiosk_core.screens import tablet
from kiosk_core.screens.own_phone import live_ticket as look_up
from kiosk_core.visits.actions import apply_action
from tests.factories import make_client, make_therapist
from tests.integration.test_checkin import MORNING, do_check_in


def linked(engine, clinic, *, now=MORNING, **client):
    """A client checked in at `now` with a link to their ticket: (ticket, token)."""
    ticket = do_check_in(engine, clinic, make_client(engine, **client)[0], now=now)
    return ticket, tablet.ticket_link(visit_id=ticket.visit_id, engine=engine)


def seen(engine, clinic, token, now=MORNING + timedelta(minutes=1)):
    with db.read_session(engine) as session:
        return live_ticket(session=session, clinic=clinic, token=token, now=now)


def act(engine, visit_id, action, therapist, *, room=None):
    with db.write_session(engine) as session:
        apply_action(session=session, visit_id=visit_id, action=action, therapist_id=therapist, now=MORNING)
        if room is not None:  # as recorded at call time from the therapist's shift
            session.get(Visit, visit_id).room = room


def test_the_database_keeps_only_the_tokens_hash(engine, clinic):
    ticket, token = linked(engine, clinic)
    with db.read_session(engine) as session:
        rows = session.exec(select(TicketLink)).all()
    assert [(row.visit_id, row.token_hash) for row in rows] == [(ticket.visit_id, ticket_links.token_hash(token))]
    assert token not in rows[0].token_hash


def test_the_link_shows_the_ticket_the_first_name_and_the_place_in_line(engine, clinic):
    linked(engine, clinic, first_name="Ana")
    second, token = linked(engine, clinic, first_name="Rosa", now=MORNING + timedelta(seconds=30))
    shown = seen(engine, clinic, token)
    assert (shown.ticket_code, shown.first_name, shown.queue_label) == (
        second.ticket_code,
        "Rosa",
        "Therapeutic massage",
    )
    assert (shown.state, shown.position, shown.room, shown.therapist_first_name) == ("waiting", 2, "", "")
    assert shown.wait is not None
    assert look_up(token.upper(), clinic=clinic, now=MORNING + timedelta(minutes=1), engine=engine) == shown


def test_called_the_link_says_where_to_go_then_follows_the_visit_to_its_end(engine, clinic):
    ticket, token = linked(engine, clinic, first_name="Ana")
    therapist = make_therapist(engine, name="Priya Patel")
    act(engine, ticket.visit_id, "call", therapist)
    shown = seen(engine, clinic, token)
    assert (shown.state, shown.position, shown.therapist_first_name, shown.room) == ("called", None, "Priya", "")
    act(engine, ticket.visit_id, "requeue", therapist)
    act(engine, ticket.visit_id, "call", therapist, room="Room 3")
    assert (seen(engine, clinic, token).state, seen(engine, clinic, token).room) == ("called", "Room 3")
    act(engine, ticket.visit_id, "start", therapist)
    assert (seen(engine, clinic, token).state, seen(engine, clinic, token).room) == ("with_therapist", "")
    act(engine, ticket.visit_id, "finish", therapist)
    assert seen(engine, clinic, token).state == "finished"


def test_a_cancelled_visit_is_no_longer_in_line(engine, clinic):
    ticket, token = linked(engine, clinic)
    act(engine, ticket.visit_id, "cancel", make_therapist(engine))
    assert seen(engine, clinic, token).state == "closed"


def test_two_links_to_one_visit_both_work_and_other_tokens_open_nothing(engine, clinic):
    ticket, token = linked(engine, clinic)
    again = tablet.ticket_link(visit_id=ticket.visit_id, engine=engine)
    assert again != token and seen(engine, clinic, again).ticket_code == ticket.ticket_code
    with pytest.raises(UnknownLink):
        seen(engine, clinic, ticket_links.new_token())
    with pytest.raises(GarbledLink):
        seen(engine, clinic, token[:-1])


@pytest.mark.parametrize(
    ("checked_in", "last_moment"),
    [
        (datetime(2026, 11, 23, 14, 0, tzinfo=UTC), datetime(2026, 11, 24, 5, 0, tzinfo=UTC)),  # an EST day
        (datetime(2026, 3, 8, 15, 0, tzinfo=UTC), datetime(2026, 3, 9, 4, 0, tzinfo=UTC)),  # spring forward: 23 h
        (datetime(2026, 11, 1, 23, 0, tzinfo=UTC), datetime(2026, 11, 2, 5, 0, tzinfo=UTC)),  # fall back: 25 h
        (datetime(2026, 11, 2, 4, 30, tzinfo=UTC), datetime(2026, 11, 2, 5, 0, tzinfo=UTC)),  # 23:30 EST
    ],
)
def test_a_link_works_until_the_end_of_its_clinic_day_and_not_after(engine, clinic, checked_in, last_moment):
    ticket, token = linked(engine, clinic, now=checked_in)
    assert seen(engine, clinic, token, now=last_moment - timedelta(microseconds=1)).ticket_code == ticket.ticket_code
    with pytest.raises(ExpiredLink):
        seen(engine, clinic, token, now=last_moment)


def test_the_link_is_for_the_visits_day_even_when_made_after_midnight(engine, clinic):
    """A ticket shown at 23:59:59 and linked a moment later still ends with its own day."""
    ticket = do_check_in(engine, clinic, make_client(engine)[0], now=datetime(2026, 11, 24, 4, 59, 59, tzinfo=UTC))
    with db.write_session(engine) as session:
        day = session.get(Visit, ticket.visit_id).clinic_day
        token = issue_link(session=session, visit_id=ticket.visit_id, day=day)
        expires = session.exec(select(TicketLink.expires_at)).one()
    assert expires == datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    with pytest.raises(ExpiredLink):
        seen(engine, clinic, token, now=datetime(2026, 11, 24, 5, 0, 1, tzinfo=UTC))
