"""The chart's "Date of birth and address (for claims)" through AppTest: closed, nothing is read;
opened, the read is audited; a wrong address is said under the form and nothing is stored; a
good one is saved."""

from datetime import date

from kiosk_core import db
from kiosk_core.models import Client
from tests.app.test_care_pages import audited, opened, visible
from tests.factories import make_client
from tests.integration.care_setup import member, visit_with_outcomes


def test_a_therapist_keeps_a_clients_birth_date_and_address_from_the_chart(app_db, clinic):
    priya = member(app_db)
    client_id = make_client(app_db, first_name="Zoë", last_name="Núñez")[0]
    visit_with_outcomes(app_db, clinic, client_id, priya.therapist_id, days_ago=1)
    at = opened("pages/chart.py", priya.therapist_id, client=client_id)
    assert not at.exception and audited(app_db, "view_client_details") == 0  # closed: nothing read
    at.toggle(key="details_open").set_value(True).run()
    assert not at.exception and "claims need one" in visible(at)
    assert audited(app_db, "view_client_details") == 1
    at.date_input(key="details_born").set_value(date(1980, 4, 5))
    at.text_area(key="details_address").input("12 Main St\x00")
    at.button(key="details_save").click().run()
    assert not at.exception and "Address: please remove special characters" in visible(at)
    with db.read_session(app_db) as session:
        assert session.get(Client, client_id).birth_date is None
    at.text_area(key="details_address").input("12 Main St\nSyracuse, NY 13212")
    at.button(key="details_save").click().run()
    assert not at.exception and "Saved: Date of birth, Address." in visible(at)
    with db.read_session(app_db) as session:
        client = session.get(Client, client_id)
        assert (client.birth_date, client.address) == (date(1980, 4, 5), "12 Main St\nSyracuse, NY 13212")
    assert "claims need one" not in visible(at)
