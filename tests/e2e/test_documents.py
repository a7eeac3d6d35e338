"""A client photographs their MRI report at the tablet, in a real Chromium whose fake camera films
the page: the report is stored sealed for their therapist, the tablet says only "received" and
shows nothing of it, and the ticket follows. In English and Spanish, landscape and portrait."""

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.config import load_clinic
from kiosk_core.i18n import translate, translate_plural
from kiosk_core.models import AuditEvent
from kiosk_core.records import documents
from kiosk_core.records.document_files import check_document
from kiosk_core.records.document_table import Document
from kiosk_core.staff.therapists import sign_in_label
from tests.e2e.conftest import APP_IDLE, CAMERA_PLAYING, screenshot, start_server
from tests.e2e.test_card_scanner import launch_filming
from tests.e2e.test_tablet import TIMEOUT, Tablet
from tests.factories import intake, make_client, make_therapist
from ui.tablet_screens.welcome import CAMERA_BOX

pytestmark = pytest.mark.browser
SIZES = {"landscape": (1024, 768), "portrait": (820, 1180)}


def mri_report() -> Image.Image:
    """What the fake camera films: a printed report held up in front of a wall."""
    frame = Image.new("RGB", (640, 480), (120, 110, 100))
    page = Image.new("RGB", (420, 440), (250, 250, 246))
    draw = ImageDraw.Draw(page)
    draw.text((24, 20), "MRI LUMBAR SPINE WITHOUT CONTRAST", fill=(0, 0, 0))
    draw.text((24, 44), "Impression: L4-L5 disc bulge.", fill=(0, 0, 0))
    for y in range(80, 420, 16):
        draw.line((24, y, 24 + (y * 7) % 340 + 40, y), fill=(30, 30, 30), width=3)
    frame.paste(page, (110, 20))
    return frame


@pytest.fixture(scope="module")
def key_and_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("e2e-documents")
    key_file = folder / "document-key"
    for server in start_server(folder, document_key_file=str(key_file)):
        yield key_file, server


@pytest.fixture(scope="module")
def filming_a_report(playwright, tmp_path_factory):
    browser = launch_filming(playwright, mri_report(), tmp_path_factory.mktemp("report"))
    yield browser
    browser.close()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("size", list(SIZES))
def test_a_client_photographs_an_mri_report_at_the_tablet(key_and_server, filming_a_report, size, language):
    key_file, server = key_and_server
    client_id, payload = make_client(server.engine, first_name="Maria")

    def tr(text: str) -> str:
        return translate(language, text)

    context = filming_a_report.new_context(viewport=dict(zip(("width", "height"), SIZES[size], strict=True)),
                                           permissions=["camera"])  # fmt: skip
    t = Tablet(context.new_page())
    t.page.goto(server.tablet())
    expect(t.page.locator(".st-key-scan input")).to_be_focused(timeout=TIMEOUT)
    if language == "es":
        t.tap(t.button("language"))
        t.see(tr("Been here before?"))
        expect(t.page.locator(".st-key-scan input")).to_be_focused(timeout=TIMEOUT)
    t.page.keyboard.type(payload + "\n")
    t.tap(t.choice("q_goal", tr("Relax and de-stress")))
    t.tap(t.choice("q_pain", "3"))
    t.tap(t.choice("q_stress", "5"))
    t.tap(t.button("about_next"))
    t.see(tr("Where should we focus?"))
    t.tap(t.button("body_next"))
    t.see(tr("A few questions about your care"))
    t.tap(t.choice("q_documents", tr("MRI or X-ray report")))
    t.tap(t.button("care_next"))
    none_apply = t.choice("q_safety", tr("None of these apply"))
    expect(none_apply).to_be_visible(timeout=TIMEOUT)
    t.tap(none_apply)
    t.tap(t.button("safety_next"))

    t.see(tr("One more thing, if you like"))
    camera = t.page.locator(f".st-key-{CAMERA_BOX}")
    t.page.wait_for_function(CAMERA_PLAYING, timeout=TIMEOUT)
    screenshot(t.page, f"documents-step-{language}-{size}")
    t.tap(camera.get_by_role("button", name=re.compile(tr("Take photo"), re.I)))
    expect(camera.locator("img")).to_have_count(1, timeout=TIMEOUT)  # the client sees their own photo
    t.tap(t.button("document_send"))
    one, many = "Received: {count} page. Thank you!", "Received: {count} pages. Thank you!"
    received = translate_plural(language, one, many, 1)
    t.see(received)
    expect(camera.locator("img")).to_have_count(0)  # sent, and gone from the screen
    screenshot(t.page, f"documents-received-{language}-{size}")

    with db.read_session(server.engine) as session:
        [row] = session.exec(select(Document).where(Document.client_id == client_id)).all()
        key = documents.clinic_key(session, secret=None, path=key_file)
        photo = documents.open_document(session, key, client_id=client_id, document_id=row.id)[1]
    assert (row.kind, row.source) == ("mri", "tablet") and row.media_type in ("image/jpeg", "image/png")
    assert photo[:4] not in row.sealed[:4] and photo[100:164] not in row.sealed  # sealed at rest
    t.tap(t.button("document_skip"))  # "Done"
    expect(t.button("result_done")).to_be_visible(timeout=TIMEOUT)
    expect(t.page.get_by_text(received)).to_have_count(0)  # the ticket says nothing of the report
    context.close()


def test_a_therapist_sees_the_report_in_the_chart_and_the_view_is_audited(key_and_server, browser):
    key_file, server = key_and_server
    make_therapist(server.engine, name="Priya Rao", pin="286413", medical=True)
    client_id, _ = make_client(server.engine, first_name="Maria", last_name="Gonzalez")
    with db.write_session(server.engine) as session:
        check_in(session=session, clinic=load_clinic(), location_slug="north-syracuse", client_id=client_id,
                 intake=intake(documents={"mri"}))  # fmt: skip
        key = documents.clinic_key(session, secret=None, path=key_file)
        frame = io.BytesIO()
        mri_report().save(frame, format="JPEG")
        documents.add_document(session=session, key=key, client_id=client_id, kind="mri", source="tablet",
                               checked=check_document(frame.getvalue(), max_bytes=10**7))  # fmt: skip
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{server.url}/chart?client={client_id}")  # its sign-in form, then the chart on this tab
    page.get_by_label("Your name").click()
    page.get_by_role("option", name=sign_in_label("Priya Rao")).click()
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    page.get_by_label("PIN").fill("286413")
    page.locator(".st-key-signin_go button").click()
    expect(page.get_by_text("Outside documents (1)")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("MRI or X-ray report", exact=False).first).to_be_visible()
    page.locator(".st-key-document_show_" + str(_document_of(server, client_id)) + " button").click()
    expect(page.locator('[data-testid="stImage"] img')).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Outside documents (1)").scroll_into_view_if_needed()
    screenshot(page, "chart-documents-staff")
    with db.read_session(server.engine) as session:
        seen = session.exec(select(AuditEvent).where(AuditEvent.action == "view_document",
                                                     AuditEvent.client_id == client_id)).all()  # fmt: skip
    assert len(seen) >= 1
    page.context.close()


def _document_of(server, client_id: int) -> int:
    with db.read_session(server.engine) as session:
        return session.exec(select(Document.id).where(Document.client_id == client_id)).one()
