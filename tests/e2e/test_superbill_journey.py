"""A therapist prints a superbill in real Chromium: finds the plan client from "Clients", taps
"Superbill" for their signed medical visit and downloads a PDF that names them (letters DejaVu
Sans carries: "Nguyễn") with the visit's CPT codes, units and charges."""

import io
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kiosk_core import db
from kiosk_core.care import notes, plans
from kiosk_core.models import utcnow
from tests.e2e.checks import audit
from tests.e2e.conftest import APP_IDLE, screenshot
from tests.e2e.test_staff import sign_in
from tests.e2e.test_tablet import TIMEOUT
from tests.factories import make_client, make_therapist
from tests.integration.care_setup import plan_form, visit_with_outcomes
from tests.integration.test_superbills import NOTE

pytestmark = pytest.mark.browser


def test_a_therapist_prints_a_superbill_from_the_chart(server, browser, clinic, tmp_path, axe_source):
    nora = make_therapist(server.engine, name="Nora Quinn", pin="731902", medical=True)
    client_id, _payload = make_client(server.engine, first_name="Thị", last_name="Nguyễn", phone="3155550923")
    when = utcnow() - timedelta(days=14)
    visit_with_outcomes(server.engine, clinic, client_id, nora, days_ago=14, pain=8)
    with db.write_session(server.engine) as session:
        content = plans.checked_plan(plan_form(starts_on=when.date()))[0]
        plans.create_plan(session=session, client_id=client_id, therapist_id=nora, content=content, now=when)
    visit_id = visit_with_outcomes(server.engine, clinic, client_id, nora, days_ago=7, pain=6, ratings=(4, 5))
    with db.write_session(server.engine) as session:
        note = notes.open_note(session=session, visit_id=visit_id, therapist_id=nora)
        notes.sign_note(session=session, note_id=note.id, therapist_id=nora, content=NOTE)

    page = sign_in(browser, server, name="Nora Quinn", pin="731902")
    page.get_by_role("link", name="Clients").click()
    page.get_by_label("Find a client seen here (first or last name)").fill("Nguy")
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Open chart").click()
    expect(page.get_by_role("heading", name="Thị Nguyễn")).to_be_visible(timeout=TIMEOUT)
    section = page.locator(".st-key-billing_section")
    section.scroll_into_view_if_needed()
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    section.locator(".st-key-billing_one button").click()
    download_button = page.locator(".st-key-billing_download button")
    expect(download_button).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "chart-superbill-1280x800")
    audit(page, axe_source, "client chart, superbill ready")
    with page.expect_download(timeout=TIMEOUT) as downloading:
        download_button.click()
    saved = tmp_path / downloading.value.suggested_filename
    downloading.value.save_as(saved)
    assert saved.name.startswith(f"superbill-{client_id}-") and saved.suffix == ".pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(saved.read_bytes())).pages)
    assert "Thị Nguyễn" in text and "97140" in text and "97124" in text and "$100.00" in text
