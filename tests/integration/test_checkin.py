"""Cards and check-in against a real database (each test runs on SQLite and PostgreSQL)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in, last_intake, open_visit
from kiosk_core.clients import cards
from kiosk_core.clients.registry import identify, reissue_card, revoke_cards
from kiosk_core.errors import NotFound
from kiosk_core.intake.answers import Goal
from kiosk_core.models import AuditEvent, Card, Visit
from kiosk_core.visits.actions import apply_action
from tests.factories import intake, make_client, make_therapist

NORTH, DOWNTOWN = "north-syracuse", "downtown-syracuse"
MORNING = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 9:00 in Syracuse
SCIATICA = intake(goal=Goal.TREAT_PROBLEM, conditions={"sciatica"}, has_diagnosis=True, body_areas={"lower_back"})


def do_check_in(engine, clinic, client_id, answers=None, *, where=NORTH, now=MORNING):
    with db.write_session(engine) as session:
        return check_in(
            session=session,
            clinic=clinic,
            location_slug=where,
            client_id=client_id,
            intake=answers or intake(),
            now=now,
        )


def test_a_card_identifies_its_client(engine):
    _client_id, payload = make_client(engine, first_name="Maria")
    with db.read_session(engine) as session:
        assert identify(session=session, payload=f"  {payload.lower()}\n").first_name == "Maria"
        stored = session.exec(select(Card.token_hash)).all()
    assert payload not in "".join(stored)


def test_a_forged_card_is_unknown(engine):
    make_client(engine)
    with db.read_session(engine) as session, pytest.raises(cards.UnknownCard):
        identify(session=session, payload=cards.new_payload())


def test_a_revoked_card_is_refused_and_the_new_one_works(engine):
    client_id, old = make_client(engine)
    with db.write_session(engine) as session:
        new = reissue_card(session=session, client_id=client_id, reason="lost")
    with db.read_session(engine) as session:
        with pytest.raises(cards.RevokedCard):
            identify(session=session, payload=old)
        assert identify(session=session, payload=new.payload).id == client_id


def test_revoke_without_reissue(engine):
    client_id, payload = make_client(engine)
    with db.write_session(engine) as session:
        assert revoke_cards(session=session, client_id=client_id, reason="shared a photo") == 1
    with db.read_session(engine) as session, pytest.raises(cards.RevokedCard):
        identify(session=session, payload=payload)


def test_revoking_an_unknown_client(engine):
    with db.write_session(engine) as session, pytest.raises(NotFound):
        revoke_cards(session=session, client_id=999)


def test_check_in_routes_and_numbers_tickets_per_queue(engine, clinic):
    relaxed = [make_client(engine)[0] for _ in range(2)]
    hurting = make_client(engine)[0]
    first = do_check_in(engine, clinic, relaxed[0])
    second = do_check_in(engine, clinic, hurting, SCIATICA, now=MORNING + timedelta(minutes=1))
    third = do_check_in(engine, clinic, relaxed[1], now=MORNING + timedelta(minutes=2))
    assert (first.ticket_code, second.ticket_code, third.ticket_code) == ("T-001", "M-001", "T-002")
    assert second.queue == "medical" and second.queue_label == "Medical massage"
    assert {"code": "medical_conditions", "conditions": ["sciatica"]} in second.reasons
    assert (first.position, third.position) == (1, 2)
    assert first.wait.nobody_on_shift and third.wait.nobody_on_shift  # no one signed in (see test_waits.py)
    assert not first.already_checked_in


def test_checking_in_twice_returns_the_same_visit(engine, clinic):
    client_id = make_client(engine)[0]
    first = do_check_in(engine, clinic, client_id)
    again = do_check_in(engine, clinic, client_id, SCIATICA, now=MORNING + timedelta(minutes=3))
    assert again.visit_id == first.visit_id and again.ticket_code == "T-001"
    assert again.already_checked_in
    with db.read_session(engine) as session:
        assert len(session.exec(select(Visit)).all()) == 1


def test_after_a_finished_visit_the_client_can_check_in_again(engine, clinic):
    client_id = make_client(engine)[0]
    therapist = make_therapist(engine)
    first = do_check_in(engine, clinic, client_id)
    with db.write_session(engine) as session:
        for step, action in enumerate(("call", "start", "finish"), start=1):
            apply_action(
                session=session,
                visit_id=first.visit_id,
                action=action,
                therapist_id=therapist,
                now=MORNING + timedelta(minutes=step),
            )
    second = do_check_in(engine, clinic, client_id, now=MORNING + timedelta(hours=2))
    assert second.visit_id != first.visit_id and second.ticket_code == "T-002"


def test_each_location_has_its_own_numbers_and_visits(engine, clinic):
    north = do_check_in(engine, clinic, make_client(engine)[0], where=NORTH)
    downtown = do_check_in(engine, clinic, make_client(engine)[0], where=DOWNTOWN, now=MORNING + timedelta(hours=1))
    assert north.visit_id != downtown.visit_id
    assert north.ticket_code == downtown.ticket_code == "T-001"


def test_numbers_start_again_at_midnight_in_new_york(engine, clinic):
    late, early = make_client(engine)[0], make_client(engine)[0]
    before = do_check_in(engine, clinic, late, now=datetime(2026, 11, 24, 4, 59, tzinfo=UTC))  # 23:59
    after = do_check_in(engine, clinic, early, now=datetime(2026, 11, 24, 5, 0, tzinfo=UTC))  # 00:00
    assert before.ticket_code == after.ticket_code == "T-001"
    with db.read_session(engine) as session:
        days = sorted(v.clinic_day for v in session.exec(select(Visit)))
    assert days == [date(2026, 11, 23), date(2026, 11, 24)]


def test_the_autumn_dst_day_is_one_clinic_day(engine, clinic):
    first, second = make_client(engine)[0], make_client(engine)[0]
    do_check_in(engine, clinic, first, now=datetime(2026, 11, 1, 5, 30, tzinfo=UTC))  # 01:30 EDT
    repeat = do_check_in(engine, clinic, second, now=datetime(2026, 11, 1, 6, 30, tzinfo=UTC))  # 01:30 EST
    assert repeat.ticket_code == "T-002"


def test_unknown_location_and_client(engine, clinic):
    client_id = make_client(engine)[0]
    with pytest.raises(NotFound, match="isn't set up"):
        do_check_in(engine, clinic, client_id, where="syracuse-airport")
    with pytest.raises(NotFound):
        do_check_in(engine, clinic, 4242)


def test_a_failed_check_in_leaves_nothing_behind(engine, clinic):
    with pytest.raises(NotFound):
        do_check_in(engine, clinic, 4242)
    with db.read_session(engine) as session:
        assert session.exec(select(Visit)).all() == []


def test_same_as_last_time(engine, clinic):
    client_id = make_client(engine)[0]
    with db.read_session(engine) as session:
        assert last_intake(session=session, client_id=client_id) is None
    do_check_in(engine, clinic, client_id, SCIATICA)
    with db.read_session(engine) as session:
        assert last_intake(session=session, client_id=client_id) == SCIATICA


def test_check_in_is_audited(engine, clinic):
    client_id = make_client(engine)[0]
    ticket = do_check_in(engine, clinic, client_id)
    with db.read_session(engine) as session:
        actions = [(e.action, e.client_id) for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert ("register", client_id) in actions and ("check_in", client_id) in actions
    assert ticket.visit_id


def test_red_flags_are_stored_with_the_visit(engine, clinic):
    client_id = make_client(engine)[0]
    ticket = do_check_in(engine, clinic, client_id, intake(safety={"pregnant": True}))
    assert ticket.needs_review
    with db.read_session(engine) as session:
        visit = session.get(Visit, ticket.visit_id)
    assert visit.flags == [{"code": "pregnant"}] and visit.language == "en"


def test_open_visit_says_whether_it_created_in_one_unit_of_work(engine, clinic):
    client_id = make_client(engine)[0]
    request = {"clinic": clinic, "location_slug": NORTH, "client_id": client_id, "intake": intake(), "now": MORNING}
    with db.write_session(engine) as session:
        first = open_visit(session=session, **request)
        again = open_visit(session=session, **request)
    assert first.created and not again.created and again.visit.id == first.visit.id


def test_a_red_flag_added_on_a_second_check_in_is_kept(engine, clinic):
    client_id = make_client(engine)[0]
    first = do_check_in(engine, clinic, client_id)
    assert not first.needs_review
    again = do_check_in(
        engine, clinic, client_id, intake(safety={"blood_thinners": True}), now=MORNING + timedelta(minutes=1)
    )
    assert again.visit_id == first.visit_id and again.needs_review
    with db.read_session(engine) as session:
        visit = session.get(Visit, first.visit_id)
        added = session.exec(select(AuditEvent).where(AuditEvent.action == "flags_added")).one()
    assert {"code": "blood_thinners"} in visit.flags and added.detail == "blood_thinners"


def test_same_as_last_time_ages_an_old_injury(engine, clinic):
    client_id = make_client(engine)[0]
    do_check_in(engine, clinic, client_id, intake(injury="last_3_days"))
    with db.read_session(engine) as session:
        later = last_intake(session=session, client_id=client_id, today=MORNING.date() + timedelta(days=30))
    assert later.injury == "last_6_weeks"
