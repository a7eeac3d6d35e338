"""The app boots and shows each location's waiting counts."""

from streamlit.testing.v1 import AppTest

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from tests.app.conftest import APP
from tests.factories import intake, make_client


def test_the_app_boots_and_counts_who_is_waiting(app_db, clinic):
    client_id = make_client(app_db)[0]
    with db.write_session(app_db) as session:
        check_in(session=session, clinic=clinic, location_slug="north-syracuse", client_id=client_id, intake=intake())
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/status.py").run()
    assert not at.exception
    assert at.title[0].value == clinic.clinic.name
    assert [h.value for h in at.subheader] == ["North Syracuse", "Downtown Syracuse"]
    waiting = [m.value for m in at.metric]
    assert waiting == ["0", "1", "0", "0"]  # medical, therapeutic at North; then Downtown
