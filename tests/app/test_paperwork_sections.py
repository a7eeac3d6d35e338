"""The chart's paperwork and the reports page's FHIR download through AppTest: a therapist makes
a progress report and is offered the PDF (recorded and audited); the FHIR record is offered on
the chart to the reporting role only; the reports page offers the days as FHIR; nothing raises."""

from sqlmodel import select

from kiosk_core import db
from kiosk_core.models import AuditEvent
from kiosk_core.records.tables import ProgressReport
from tests.app.test_care_pages import opened
from tests.app.test_queue_page import sign_in, staff_page, visible
from tests.factories import make_therapist
from tests.integration.care_setup import member
from tests.integration.records_setup import treated_client


def labels(at) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


def test_a_therapist_makes_a_progress_report_from_the_chart(app_db, clinic):
    priya = member(app_db)
    client_id, plan_id, _visits = treated_client(app_db, clinic, priya, pains=(7, 5))
    at = opened("pages/chart.py", priya.therapist_id, client=client_id)
    assert not at.exception and "Paperwork" in visible(at)
    assert labels(at) == []  # no PDF before it is made; no FHIR for a therapist without the reporting role
    at.radio(key="report_language").set_value("en").run()
    at.button(key="report_make").click().run()
    assert not at.exception and "Progress report made (2 visits, English)." in visible(at)
    assert labels(at) == ["Download the progress report (PDF)"]
    with db.read_session(app_db) as session:
        assert [r.plan_id for r in session.exec(select(ProgressReport)).all()] == [plan_id]
        assert session.exec(select(AuditEvent).where(AuditEvent.action == "progress_report")).first() is not None


def test_the_chart_offers_the_fhir_record_to_the_reporting_role(app_db, clinic):
    priya = member(app_db)
    client_id, _plan, _visits = treated_client(app_db, clinic, priya, pains=(6,))
    reporting = make_therapist(app_db, name="Rey Ortiz", roles=("therapist", "reporting"))
    at = opened("pages/chart.py", reporting, client=client_id)
    assert not at.exception
    assert "Download this client's record (FHIR R4, JSON)" in labels(at)


def test_the_reports_page_offers_the_days_as_fhir(app_db, clinic):
    sam = make_therapist(app_db, name="Sam Chen", pin="286413", roles=("reporting",))
    at = sign_in(staff_page("pages/reports.py"), sam, "286413")
    assert not at.exception
    assert "Download these days as FHIR R4 (JSON)" in labels(at)
