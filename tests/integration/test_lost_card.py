"""The front desk's "lost my card" on SQLite and PostgreSQL: exact-match lookup by phone or
e-mail, showing only first name, last initial and last visit; revoke, or revoke and reissue,
after checking the contact with the client; admins only; each lookup and card action audited."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, replace
from threading import Barrier

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.clients import cards
from kiosk_core.clients.registry import identify
from kiosk_core.errors import NotAllowed
from kiosk_core.models import AuditEvent, Card, Location
from kiosk_core.screens import lost_card_desk
from kiosk_core.staff import admin_duty
from tests.factories import make_client, make_therapist
from tests.integration.test_admin import member
from tests.integration.test_checkin import MORNING, do_check_in

PHONE = "3155550199"


@pytest.fixture
def desk_db(engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


@pytest.fixture
def priya(desk_db):
    return member(desk_db, make_therapist(desk_db, name="Priya Shah", pin="447016", admin=True))


@pytest.fixture
def rosa(desk_db, clinic):
    """Rosa Delgado, with a card and a visit on MORNING's clinic day."""
    client_id, payload = make_client(
        desk_db, first_name="Rosa", last_name="Delgado", phone=PHONE, email="Rosa.D@Example.com"
    )
    do_check_in(desk_db, clinic, client_id)
    return client_id, payload


def audit_rows(engine, action: str) -> list[tuple[int | None, str | None, int | None, str]]:
    """(who, where, which client, what) of each row of one action."""
    with db.read_session(engine) as session:
        rows = session.exec(
            select(AuditEvent, Location.slug)
            .join(Location, Location.id == AuditEvent.location_id, isouter=True)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id)
        ).all()
    return [(e.therapist_id, slug, e.client_id, e.detail) for e, slug in rows]


@pytest.mark.parametrize("typed", ["3155550199", "(315) 555-0199", "+1 315 555 0199", " 315.555.0199 "])
def test_a_phone_number_finds_its_client_however_it_is_typed(desk_db, priya, rosa, typed):
    found = lost_card_desk.find_client(member=priya, contact=typed)
    (match,) = found.matches
    assert (match.client_id, match.name, match.last_visit, match.card_active) == (
        rosa[0],
        "Rosa D.",
        MORNING.date(),
        True,
    )
    # What the screen gets to show: no last name, no contact details, no birth date.
    assert set(asdict(match)) == {"client_id", "name", "last_visit", "card_id", "card_active"}
    assert audit_rows(desk_db, "lookup_client") == [
        (priya.therapist_id, "north-syracuse", rosa[0], f"by phone ending 0199: 1 found (#{rosa[0]})")
    ]


def test_an_e_mail_finds_its_client_whatever_the_case(desk_db, priya, rosa):
    (match,) = lost_card_desk.find_client(member=priya, contact="ROSA.d@example.COM").matches
    assert match.client_id == rosa[0]
    assert audit_rows(desk_db, "lookup_client")[0][3] == f"by e-mail r…@example.com: 1 found (#{rosa[0]})"


@pytest.mark.parametrize(
    "typed",
    ["3155550198", "rosa.d@example.co", "osa.d@example.com", "%@example.com", "_osa.d@example.com"],
)
def test_only_an_exact_match_is_found(desk_db, priya, rosa, typed):
    assert lost_card_desk.find_client(member=priya, contact=typed).matches == []
    ((_, _, client, detail),) = audit_rows(desk_db, "lookup_client")
    assert client is None and detail.endswith(": 0 found")


@pytest.mark.parametrize(
    "typed", ["", "   ", "5550199", "555", "31555501990", "Rosa", "Delgado", "rosa@", "315555\x000199"]
)
def test_a_part_of_a_number_a_name_or_junk_is_refused_not_searched(desk_db, priya, rosa, typed):
    with pytest.raises(admin_duty.BadEntry):
        lost_card_desk.find_client(member=priya, contact=typed)
    assert audit_rows(desk_db, "lookup_client") == []


def test_a_shared_phone_finds_each_client_and_audits_them_all(desk_db, priya, rosa):
    son, _ = make_client(desk_db, first_name="Leo", last_name="Delgado", phone=PHONE)
    found = lost_card_desk.find_client(member=priya, contact=PHONE)
    assert [(m.name, m.last_visit) for m in found.matches] == [("Rosa D.", MORNING.date()), ("Leo D.", None)]
    assert audit_rows(desk_db, "lookup_client")[0][2:] == (None, f"by phone ending 0199: 2 found (#{rosa[0]}, #{son})")


def test_only_an_admin_looks_up_or_changes_a_card(desk_db, priya, rosa):
    therapist = member(desk_db, make_therapist(desk_db, name="Dana Fox"))
    for who in (None, therapist):
        with pytest.raises(NotAllowed):  # signed out, or a therapist without the admin or front desk role
            lost_card_desk.find_client(member=who, contact=PHONE)
        with pytest.raises(NotAllowed):
            lost_card_desk.reissue_card(
                member=who, contact=PHONE, client_id=rosa[0], card_id=1, checked_with_client=True, clinic_name="X"
            )
    assert audit_rows(desk_db, "lookup_client") == [] and audit_rows(desk_db, "issue_card") == []


def reissue(priya, match, contact=PHONE, checked=True):
    return lost_card_desk.reissue_card(
        member=priya,
        contact=contact,
        client_id=match.client_id,
        card_id=match.card_id,
        checked_with_client=checked,
        clinic_name="Syracuse Massage",
    )


def test_reissue_revokes_the_old_card_and_the_new_one_works(desk_db, priya, rosa):
    client_id, old = rosa
    (match,) = lost_card_desk.find_client(member=priya, contact=PHONE).matches
    new = reissue(priya, match)
    assert new.name == "Rosa D."
    payload = cards.decode_picture(new.png)  # the card on screen scans
    with db.read_session(desk_db) as session:
        assert identify(session=session, payload=payload).id == client_id
        with pytest.raises(cards.RevokedCard):
            identify(session=session, payload=old)
    why = "lost card; found by phone ending 0199, checked with the client"
    assert audit_rows(desk_db, "revoke_cards") == [(priya.therapist_id, "north-syracuse", client_id, why)]
    assert audit_rows(desk_db, "issue_card") == [(priya.therapist_id, "north-syracuse", client_id, "")]


def test_nothing_changes_until_the_contact_is_checked_with_the_client(desk_db, priya, rosa):
    (match,) = lost_card_desk.find_client(member=priya, contact=PHONE).matches
    with pytest.raises(lost_card_desk.NotChecked):
        reissue(priya, match, checked=False)
    with db.read_session(desk_db) as session:
        assert identify(session=session, payload=rosa[1]).id == rosa[0]
    assert audit_rows(desk_db, "revoke_cards") == []


def test_a_second_tap_or_a_second_admin_does_not_revoke_the_card_just_made(desk_db, priya, rosa):
    (match,) = lost_card_desk.find_client(member=priya, contact=PHONE).matches
    first = reissue(priya, match)
    with pytest.raises(lost_card_desk.LookUpAgain):
        reissue(priya, match)  # the same lookup: the card it saw is gone
    with pytest.raises(lost_card_desk.LookUpAgain):
        lost_card_desk.revoke_card(
            member=priya, contact=PHONE, client_id=rosa[0], card_id=match.card_id, checked_with_client=True
        )
    with db.read_session(desk_db) as session:
        assert identify(session=session, payload=cards.decode_picture(first.png)).id == rosa[0]
        assert len(session.exec(select(Card).where(Card.client_id == rosa[0])).all()) == 2


def test_a_card_action_needs_the_contact_the_client_was_found_by(desk_db, priya, rosa):
    other, _ = make_client(desk_db, first_name="Ann", last_name="Lee", phone="3155550100")
    (match,) = lost_card_desk.find_client(member=priya, contact=PHONE).matches
    with pytest.raises(lost_card_desk.LookUpAgain, match="isn't registered with this phone"):
        reissue(priya, match, contact="3155550100")  # Rosa's id with Ann's phone
    with pytest.raises(lost_card_desk.LookUpAgain):
        reissue(priya, replace(match, client_id=other))  # Ann's id with Rosa's phone
    assert audit_rows(desk_db, "revoke_cards") == []


def test_revoke_alone_stops_the_card_and_a_new_lookup_can_reissue(desk_db, priya, rosa):
    (match,) = lost_card_desk.find_client(member=priya, contact="rosa.d@example.com").matches
    said = lost_card_desk.revoke_card(
        member=priya, contact="rosa.d@example.com", client_id=rosa[0], card_id=match.card_id, checked_with_client=True
    )
    assert said == "Rosa D.'s card is revoked: it no longer works at check-in."
    with db.read_session(desk_db) as session, pytest.raises(cards.RevokedCard):
        identify(session=session, payload=rosa[1])
    why = "lost card; found by e-mail r…@example.com, checked with the client"
    assert audit_rows(desk_db, "revoke_cards") == [(priya.therapist_id, "north-syracuse", rosa[0], why)]
    (again,) = lost_card_desk.find_client(member=priya, contact=PHONE).matches
    assert again.card_active is False
    assert reissue(priya, again).name == "Rosa D."


def test_two_admins_reissuing_at_the_same_moment_leave_one_working_card(desk_db, priya, rosa):
    (match,) = lost_card_desk.find_client(member=priya, contact=PHONE).matches
    start = Barrier(2)

    def tap(_):
        start.wait()
        try:
            return reissue(priya, match).png
        except lost_card_desk.LookUpAgain:
            return None

    with ThreadPoolExecutor(2) as pool:
        made = [png for png in pool.map(tap, range(2)) if png]
    assert len(made) == 1
    with db.read_session(desk_db) as session:
        active = session.exec(select(Card).where(Card.client_id == rosa[0], Card.revoked_at.is_(None))).all()
        assert len(active) == 1
        assert identify(session=session, payload=cards.decode_picture(made[0])).id == rosa[0]
