"""A progress report in real Chromium: the therapist's board says one is due at the plan's end,
the chart makes it, and the browser downloads the PDF (which opens and names the client)."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kiosk_core import db
from kiosk_core.care import notes, plans
from kiosk_core.models import utcnow
from tests.e2e.conftest import APP_IDLE, screenshot
from tests.e2e.test_staff import sign_in
from tests.e2e.test_tablet import TIMEOUT
from tests.factories import make_client, make_therapist
from tests.integration.care_setup import plan_form, visit_with_outcomes
from tests.integration.records_setup import note

pytestmark = pytest.mark.browser


def test_a_therapist_prints_a_progress_report_from_the_chart(server, browser, clinic):
    priya = make_therapist(server.engine, name="Priya Report", pin="286413", medical=True)
    client_id, _payload = make_client(server.engine, first_name="Zoë", last_name="Núñez", phone="3155550142")
    visit_with_outcomes(server.engine, clinic, client_id, priya, days_ago=21, pain=8)
    form = plan_form(starts_on=(utcnow() - timedelta(days=21)).date(), visits_planned=2)
    with db.write_session(server.engine) as session:
        plans.create_plan(session=session, client_id=client_id, therapist_id=priya, content=plans.checked_plan(form)[0])
    visits = [visit_with_outcomes(server.engine, clinic, client_id, priya, days_ago=days, pain=pain, ratings=rated)
              for days, pain, rated in ((14, 7, (3, 4)), (7, 4, (6, 7)))]  # fmt: skip
    with db.write_session(server.engine) as session:
        for index, visit_id in enumerate(visits):
            opened = notes.open_note(session=session, visit_id=visit_id, therapist_id=priya)
            notes.sign_note(session=session, note_id=opened.id, therapist_id=priya, content=note(4, index == 1))

    board = sign_in(browser, server, name="Priya Report")
    due = board.locator(".st-key-reports_due")
    expect(due.get_by_text("Progress report due (1)")).to_be_visible(timeout=TIMEOUT)
    expect(due.get_by_text("Zoë N. · 2 of 2 visits · the plan's end")).to_be_visible()
    screenshot(board, "board-progress-report-due")
    due.get_by_role("link", name="Open chart").click()
    expect(board.get_by_text("Paperwork")).to_be_visible(timeout=TIMEOUT)
    board.locator(".st-key-report_make button").click()
    expect(board.get_by_text("Progress report made (2 visits, English).")).to_be_visible(timeout=TIMEOUT)
    board.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    screenshot(board, "chart-progress-report")
    with board.expect_download(timeout=TIMEOUT) as download:
        board.locator(".st-key-report_download button").click()
    assert download.value.suggested_filename.endswith("-en.pdf")
    pdf = PdfReader(download.value.path())
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Progress report" in text and "Zoë Núñez" in text and "Improved" in text
