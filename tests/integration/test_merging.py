"""Merging duplicate clients on SQLite and PostgreSQL: the likely pairs, every related row moved
to the record kept, the tombstone that keeps old cards working, the audit, the refusals, and a
merge killed half-way that leaves both records as they were."""

import os
import subprocess
import sys
import textwrap

import pytest
from sqlmodel import func, select

from kiosk_core import db
from kiosk_core.checkin import ticket_links
from kiosk_core.clients.merging import Gone, NotAPair, OpenVisit, merge_clients
from kiosk_core.clients.registry import identify
from kiosk_core.models import AuditEvent, Card, Client, TicketLink, Visit
from kiosk_core.screens import care_desk, duplicates_desk, lost_card_desk
from kiosk_core.visits.actions import apply_action
from kiosk_core.vocabulary import VisitAction
from tests.factories import make_client, make_therapist
from tests.integration import care_setup
from tests.integration.test_admin import member
from tests.integration.test_checkin import MORNING, do_check_in


@pytest.fixture
def live(engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


@pytest.fixture
def admin(live):
    return member(live, make_therapist(live, name="Priya Shah", admin=True))


def twice_registered(engine, clinic):
    """Rosa registered twice (before the kiosk recognised her), each time with a card and a
    visit, finished, with a phone ticket link."""
    ids, payloads = [], []
    therapist = make_therapist(engine)
    for email in ("", "rosa@example.com"):
        client_id, payload = make_client(
            engine, first_name="Rosa", last_name="Delgado", phone="3155550199", email=email
        )
        ticket = do_check_in(engine, clinic, client_id, now=MORNING if not ids else MORNING.replace(day=24))
        with db.write_session(engine) as session:
            ticket_links.issue_link(
                session=session, visit_id=ticket.visit_id, day=session.get(Visit, ticket.visit_id).clinic_day
            )
            for action in (VisitAction.CALL, VisitAction.START, VisitAction.FINISH):
                apply_action(session=session, visit_id=ticket.visit_id, action=action, therapist_id=therapist)
        ids.append(client_id)
        payloads.append(payload)
    return ids, payloads


def owned(engine, client_id: int) -> dict[str, int]:
    with db.read_session(engine) as session:
        return {
            "visits": session.exec(select(func.count()).where(Visit.client_id == client_id)).one(),
            "cards": session.exec(select(func.count()).where(Card.client_id == client_id)).one(),
            "links": session.exec(
                select(func.count()).select_from(TicketLink).join(Visit).where(Visit.client_id == client_id)
            ).one(),
        }


def test_a_duplicate_is_listed_and_merged_with_everything_it_owns(live, clinic, admin):
    (keep, merged), payloads = twice_registered(live, clinic)
    make_client(live, first_name="Ana", last_name="Delgado", phone="3155550199")  # her sister: not a pair
    (pair,) = duplicates_desk.likely_duplicates(member=admin)
    assert {pair.keep.client_id, pair.merge.client_id} == {keep, merged}
    assert pair.keep.contact == "phone ending 0199"  # never the whole number
    said = duplicates_desk.merge(member=admin, keep_id=keep, merge_id=merged, checked=True)
    assert "Old cards of both still work" in said
    assert owned(live, keep) == {"visits": 2, "cards": 2, "links": 2}
    assert owned(live, merged) == {"visits": 0, "cards": 0, "links": 0}
    with db.read_session(live) as session:
        tombstone, kept = session.get(Client, merged), session.get(Client, keep)
        assert tombstone.merged_into_id == keep and kept.email == "rosa@example.com"  # the contact it lacked
        assert {identify(session=session, payload=p).id for p in payloads} == {keep}
        details = session.exec(select(AuditEvent.detail).where(AuditEvent.action == "merge_clients")).all()
    assert details == [f"#{merged} merged into #{keep}: card 1, visit 1"]
    assert duplicates_desk.likely_duplicates(member=admin) == []


def test_a_card_of_a_record_merged_twice_finds_the_survivor(live, clinic):
    ids = [make_client(live, first_name="Sam", last_name="Lee", phone="3155550150")[0] for _ in range(3)]
    with db.write_session(live) as session:
        merge_clients(session=session, keep_id=ids[1], merge_id=ids[0])
    with db.write_session(live) as session:
        merge_clients(session=session, keep_id=ids[2], merge_id=ids[1])
    with db.read_session(live) as session:
        assert session.get(Client, ids[0]).merged_into_id == ids[2]  # one link, not a chain


def test_a_merge_is_refused_with_its_reason(live, clinic, admin):
    rosa, _ = make_client(live, first_name="Rosa", last_name="Delgado", phone="3155550199")
    again, _ = make_client(live, first_name="Rosa", last_name="Delgado", phone="3155550199")
    stranger, _ = make_client(live, first_name="Rosa", last_name="Delgado", phone="3155550177")
    with pytest.raises(duplicates_desk.NotChecked):
        duplicates_desk.merge(member=admin, keep_id=rosa, merge_id=again, checked=False)
    with pytest.raises(NotAPair):
        duplicates_desk.merge(member=admin, keep_id=rosa, merge_id=stranger, checked=True)
    do_check_in(live, clinic, again)  # open now
    with pytest.raises(OpenVisit, match="checked in right now"):
        duplicates_desk.merge(member=admin, keep_id=rosa, merge_id=again, checked=True)
    assert owned(live, again)["visits"] == 1
    third, _ = make_client(live, first_name="Rosa", last_name="Delgado", phone="3155550199")
    duplicates_desk.merge(member=admin, keep_id=rosa, merge_id=third, checked=True)
    with pytest.raises(Gone, match="merged already"):  # a second admin, or a double tap
        duplicates_desk.merge(member=admin, keep_id=rosa, merge_id=third, checked=True)


def test_a_therapist_who_is_no_admin_cannot_list_or_merge(live, clinic):
    therapist = member(live, make_therapist(live))
    with pytest.raises(Exception, match="admin role"):
        duplicates_desk.likely_duplicates(member=therapist)


KILLED_MID_MERGE = """
import os, sys
from kiosk_core import db
from kiosk_core.clients import merging
engine = db.make_engine(sys.argv[1])
moves = []
with db.write_session(engine) as session:
    db.begin_writes(session)
    original = session.execute
    def execute(statement, *args, **kwargs):
        result = original(statement, *args, **kwargs)
        moves.append(statement)
        if len(moves) == 2:  # two tables' rows moved, the rest not yet: the power goes
            os._exit(9)
        return result
    session.execute = execute
    merging.merge_clients(session=session, keep_id=int(sys.argv[2]), merge_id=int(sys.argv[3]))
"""


def test_a_merge_killed_half_way_leaves_both_records_whole(sqlite_engine, clinic):
    (keep, merged), _ = twice_registered(sqlite_engine, clinic)
    before = (owned(sqlite_engine, keep), owned(sqlite_engine, merged))
    url = sqlite_engine.url.render_as_string(hide_password=False)
    script = textwrap.dedent(KILLED_MID_MERGE)
    killed = subprocess.run([sys.executable, "-c", script, url, str(keep), str(merged)], env=os.environ, check=False)
    assert killed.returncode == 9
    assert (owned(sqlite_engine, keep), owned(sqlite_engine, merged)) == before
    with db.read_session(sqlite_engine) as session:
        assert session.get(Client, merged).merged_into_id is None


def test_the_lost_card_lookup_finds_the_survivor_not_the_tombstone(live, clinic, admin):
    keep, _ = make_client(live, first_name="Rosa", last_name="Delgado", phone="3155550199")
    merged, _ = make_client(live, first_name="Rosa", last_name="Delgado", phone="3155550199")
    duplicates_desk.merge(member=admin, keep_id=keep, merge_id=merged, checked=True)
    assert [m.client_id for m in lost_card_desk.find_client(member=admin, contact="3155550199").matches] == [keep]


def test_a_merged_client_keeps_one_chart_with_the_plan_and_its_outcomes(live, clinic):
    priya = care_setup.member(live)
    keep, _ = make_client(live, first_name="Rosa", last_name="Delgado", phone="3155550199")
    merged, _plan = care_setup.plan_client(live, clinic, priya)  # Rosa again, with her plan
    with db.read_session(live) as session:
        phone = session.get(Client, merged).phone
    with db.write_session(live) as session:
        session.get(Client, keep).phone = phone
    with db.write_session(live) as session:
        moved = merge_clients(session=session, keep_id=keep, merge_id=merged)
    assert moved["careplan"] == 1 and moved["careplanversion"] >= 1
    chart = care_desk.chart(member=priya, client_id=keep)
    assert chart.plan is not None and chart.visits
