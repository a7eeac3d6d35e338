"""A client's date of birth and address, a therapist's credentials and NPI, kept for claims on
SQLite and PostgreSQL: read and changed only by staff who may, every read and change audited
(by field name, never the value), a wrong entry refused with nothing stored."""

from datetime import date

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import InvalidInput, NotAllowed
from kiosk_core.models import AuditEvent, Client, Therapist
from kiosk_core.screens import billing_details_desk
from kiosk_core.staff.authority import RoleNeeded
from tests.factories import make_client, make_therapist, signed_in
from tests.integration.care_setup import member, visit_with_outcomes

DOWNTOWN = "downtown-syracuse"


def _audit(engine, action: str) -> list[AuditEvent]:
    with db.read_session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_therapist_where_the_client_was_seen_keeps_their_birth_date_and_address(desk_db, clinic):
    priya = member(desk_db)
    client_id = make_client(desk_db, first_name="Zoë", last_name="Núñez")[0]
    visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=1)
    changed = billing_details_desk.save_client_details(
        member=priya, client_id=client_id, birth_date=date(1980, 4, 5), address="12 Main St\nSyracuse, NY 13212"
    )
    assert changed == ["birth_date", "address"]
    details = billing_details_desk.client_details(member=priya, client_id=client_id)
    assert (details.birth_date, details.address) == (date(1980, 4, 5), "12 Main St\nSyracuse, NY 13212")
    [saved] = _audit(desk_db, "client_details")
    assert (saved.client_id, saved.therapist_id, saved.detail) == (client_id, priya.therapist_id, "birth_date, address")
    assert len(_audit(desk_db, "view_client_details")) == 1
    again = billing_details_desk.save_client_details(
        member=priya, client_id=client_id, birth_date=date(1980, 4, 5), address="12 Main St\nSyracuse, NY 13212"
    )
    assert again == [] and len(_audit(desk_db, "client_details")) == 1  # nothing changed, nothing audited


def test_a_wrong_entry_is_refused_and_nothing_is_stored(desk_db, clinic):
    priya = member(desk_db)
    client_id = make_client(desk_db)[0]
    visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=1)
    with pytest.raises(InvalidInput) as refused:
        billing_details_desk.save_client_details(
            member=priya, client_id=client_id, birth_date=date(1970, 1, 1), address="12 Main\x00 St"
        )
    assert set(refused.value.problems) == {"address"}
    with db.read_session(desk_db) as session:
        client = session.get(Client, client_id)
        assert (client.birth_date, client.address) == (None, "")
    assert _audit(desk_db, "client_details") == []


def test_staff_where_the_client_was_never_seen_read_nothing(desk_db, clinic):
    priya = member(desk_db)
    elsewhere = member(desk_db, location=DOWNTOWN)
    client_id = make_client(desk_db)[0]
    visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=1)
    with pytest.raises(NotAllowed):
        billing_details_desk.client_details(member=elsewhere, client_id=client_id)
    with pytest.raises(NotAllowed):
        billing_details_desk.save_client_details(member=elsewhere, client_id=client_id, birth_date=None, address="x")
    assert _audit(desk_db, "view_client_details") == []


def test_an_admin_sets_a_therapists_credentials_and_npi_and_nobody_else_can(desk_db):
    admin = signed_in(desk_db, make_therapist(desk_db, admin=True))
    dana = make_therapist(desk_db, name="Dana Fox")
    changed = billing_details_desk.set_therapist_identity(
        member=admin, therapist_id=dana, credentials="LMT,  NCBTMB", npi="1000000004"
    )
    assert changed == ["credentials", "npi"]
    with db.read_session(desk_db) as session:
        row = session.get(Therapist, dana)
        assert (row.credentials, row.npi) == ("LMT, NCBTMB", "1000000004")
    [audited] = _audit(desk_db, "therapist_identity")
    assert audited.detail == f"therapist {dana}: credentials, npi"
    with pytest.raises(InvalidInput):
        billing_details_desk.set_therapist_identity(
            member=admin, therapist_id=dana, credentials="LMT", npi="1000000005"
        )
    with pytest.raises(RoleNeeded):
        billing_details_desk.set_therapist_identity(
            member=signed_in(desk_db, dana), therapist_id=dana, credentials="Dr.", npi=""
        )
    with db.read_session(desk_db) as session:
        assert session.get(Therapist, dana).npi == "1000000004"
