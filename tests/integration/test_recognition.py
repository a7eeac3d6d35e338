"""A returning client without their card, on SQLite and PostgreSQL: recognised at registration
and by "Forgot your card?" as the same client (no new client, card or visit), never shown what
is stored, never guessed between two people on a family phone; lookups counted per device."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlmodel import func, select

from kiosk_core import db
from kiosk_core.checkin.check_in import OpenAlready
from kiosk_core.clients.recognition import AskAtDesk, AskFirstName, NotRecognised, Recognised
from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput
from kiosk_core.intake.draft import Draft
from kiosk_core.models import AuditEvent, Card, Client, Visit
from kiosk_core.screens import forgot_card, own_phone, tablet
from kiosk_core.screens.own_phone import Device, TooManyFromPhones
from tests.factories import enrol_tablet, intake, make_client

NORTH = "north-syracuse"
ROSA = {"first_name": "Rosa", "last_name": "Delgado", "phone": "315-555-0199"}


@pytest.fixture
def live(engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


def counts(engine) -> tuple[int, int, int]:
    with db.read_session(engine) as session:
        return tuple(session.exec(select(func.count()).select_from(t)).one() for t in (Client, Card, Visit))


def check_in(clinic, found, **kwargs):
    draft = Draft(answers=intake(safety=["none"]).answers())
    return tablet.check_in_client(
        clinic=clinic, location_slug=NORTH, client_id=found.client_id, draft=draft, without_card=True, **kwargs
    )


PHONE = Device(phone_id="phone-1")


def find(clinic, device=PHONE, **form):
    return forgot_card.find_without_card(form, clinic=clinic, location_slug=NORTH, device=device)


@pytest.mark.parametrize(
    "again",
    [
        {"first_name": "rosa", "last_name": "DELGADO", "phone": "(315) 555 0199"},
        {"first_name": "Rosa", "last_name": "Delgado", "phone": "+1 315 555 0199"},
        {"first_name": "Rosa", "last_name": "Delgada", "email": "rosa@example.com"},  # a typo, by e-mail
        {"first_name": "Rósa", "last_name": "Del–gado", "phone": "315.555.0199"},
    ],
)
def test_registering_again_is_the_same_client_with_no_new_card(live, clinic, again):
    first = tablet.register_walk_in({**ROSA, "email": "Rosa@Example.com"}, clinic=clinic)
    before = counts(live)
    found = tablet.register_walk_in(again, clinic=clinic)
    assert found == Recognised(client_id=first.client_id, first_name=again["first_name"].strip())
    assert counts(live) == before  # no client, no card
    ticket = check_in(clinic, found)
    with db.read_session(live) as session:
        visit = session.get(Visit, ticket.visit_id)
        assert (visit.client_id, visit.without_card) == (first.client_id, True)
        audited = session.exec(select(AuditEvent.detail).where(AuditEvent.action == "recognised_without_card")).all()
    assert audited == ["at registration"]


def test_what_a_stranger_typing_a_name_and_number_learns_is_nothing_stored(live, clinic):
    client_id, _ = make_client(live, first_name="Rosa", last_name="Delgado", phone="3155550199", email="r@example.com")
    found = find(clinic, first_name="Rosa", last_name="Delgado", contact="315 555 0199")
    # Only the id the tablet keeps and the name as typed: no last answers, visit, card or contact.
    assert set(vars(found)) == {"client_id", "first_name"} and found.client_id == client_id


def test_a_client_open_today_is_not_shown_their_ticket_without_the_card(live, clinic):
    first = tablet.register_walk_in(ROSA, clinic=clinic)
    check_in(clinic, first)
    found = find(clinic, first_name="Rosa", last_name="Delgado", contact="3155550199")
    before = counts(live)
    with pytest.raises(OpenAlready, match="front desk"):
        check_in(clinic, found)
    assert counts(live) == before  # no second visit the same day


@pytest.mark.parametrize(
    "form",
    [
        {"first_name": "Rosa", "last_name": "Delgado", "contact": "3155550100"},  # a number nobody has
        {"first_name": "Maria", "last_name": "Delgado", "contact": "3155550199"},  # Rosa's number, another name
        {"first_name": "Rosa", "last_name": "Delgado", "contact": "nobody@example.com"},
    ],
)
def test_not_being_recognised_reads_the_same_whether_or_not_the_number_is_known(live, clinic, form):
    make_client(live, **ROSA)
    with pytest.raises(NotRecognised) as refused:
        find(clinic, **form)
    assert str(refused.value) == str(NotRecognised().said)


def test_two_records_of_one_person_on_one_phone_are_never_guessed_between(live, clinic):
    make_client(live, first_name="Sam", last_name="Lee", phone="3155550150")
    make_client(live, first_name="Sam", last_name="Lee", phone="3155550150")  # a duplicate from before
    with pytest.raises(AskAtDesk):
        find(clinic, first_name="Sam", last_name="Lee", contact="3155550150")
    ana, _ = make_client(live, first_name="Ana", last_name="Lee", phone="3155550150")
    assert find(clinic, first_name="Ana", last_name="Lee", contact="3155550150").client_id == ana


def test_a_first_name_only_close_is_asked_again_and_a_sibling_is_a_new_client(live, clinic):
    maria = tablet.register_walk_in({**ROSA, "first_name": "Maria"}, clinic=clinic)
    mario = {**ROSA, "first_name": "Mario"}  # her brother, on the family phone
    with pytest.raises(AskFirstName):
        find(clinic, **{**mario, "contact": mario.pop("phone")})
    with pytest.raises(AskFirstName):
        tablet.register_walk_in({**ROSA, "first_name": "Mario"}, clinic=clinic)
    before = counts(live)
    again = tablet.register_walk_in({**ROSA, "first_name": "Mario"}, clinic=clinic, first_name_again="Mario")
    assert again.client_id != maria.client_id and counts(live)[0] == before[0] + 1
    typo = tablet.register_walk_in({**ROSA, "first_name": "Marla"}, clinic=clinic, first_name_again="María")
    assert typo == Recognised(client_id=maria.client_id, first_name="Marla")


def test_a_field_to_fix_is_named_and_nothing_is_counted(live, clinic, monkeypatch):
    monkeypatch.setattr(settings, "card_lookups_per_device", 1)
    for _ in range(3):
        with pytest.raises(InvalidInput) as refused:
            find(clinic, first_name="Rosa", last_name="Delgado", contact="555-01")
        assert set(refused.value.problems) == {"contact"}


def test_lookups_are_limited_per_device_found_or_not_and_other_phones_still_get_in(live, clinic, monkeypatch):
    monkeypatch.setattr(settings, "phone_checkins_per_device", 2)
    make_client(live, **ROSA)
    form = {"first_name": "Rosa", "last_name": "Delgado", "contact": "3155550100"}
    for _ in range(2):
        with pytest.raises(NotRecognised):
            find(clinic, **form)
    with pytest.raises(TooManyFromPhones):
        find(clinic, **{**form, "contact": "3155550199"})  # even the right number, from this phone, now
    found = find(clinic, device=Device(phone_id="phone-2"), **{**form, "contact": "3155550199"})
    assert found.first_name == "Rosa"


def test_an_enrolled_tablets_lookups_are_counted_too(live, clinic, monkeypatch):
    monkeypatch.setattr(settings, "card_lookups_per_device", 1)
    token = enrol_tablet(live)
    form = {"first_name": "Rosa", "last_name": "Delgado", "contact": "3155550100"}
    with pytest.raises(NotRecognised):
        find(clinic, device=Device(tablet_token=token), **form)
    with pytest.raises(forgot_card.TooManyLookups):
        find(clinic, device=Device(tablet_token=token), **form)


def test_two_tablets_registering_one_person_at_once_make_one_client(live, clinic):
    start = Barrier(4)

    def register(_):
        start.wait()
        return tablet.register_walk_in(ROSA, clinic=clinic)

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(register, range(4)))
    assert len({result.client_id for result in results}) == 1
    assert counts(live)[:2] == (1, 1)


def test_the_phone_ticket_of_a_visit_without_a_card_names_nobody(live, clinic):
    make_client(live, first_name="María", last_name="Delgado", phone="3155550199")
    found = find(clinic, first_name="maria", last_name="delgado", contact="3155550199")
    ticket = check_in(clinic, found)
    token = tablet.ticket_link(visit_id=ticket.visit_id)
    live_ticket = own_phone.live_ticket(token, clinic=clinic)
    assert live_ticket.first_name == ""  # "María" would tell "maria" her record is there
