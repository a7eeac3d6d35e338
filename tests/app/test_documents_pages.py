"""Outside documents through AppTest: the tablet's optional step after check-in (only when records
were brought or the visit is medical; sent pages forgotten, "received" only), and the chart's
documents section (listed, shown with an audit row, a staff upload, a bad file refused kindly)."""

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.models import AuditEvent
from kiosk_core.records.document_table import Document
from kiosk_core.screens import documents_desk
from tests.app.tablet import answer_about, checked_in, open_app, scan, texts
from tests.app.test_care_pages import opened
from tests.app.test_ticket_page import linked, phone
from tests.factories import make_client
from tests.integration.care_setup import member
from tests.integration.documents_setup import checked_in_today, page_photo, small_pdf


@pytest.fixture(autouse=True)
def document_key(tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "document_key_file", tmp_path / "document-key")
    monkeypatch.setattr(settings, "document_key", None)


def stored(engine) -> list[Document]:
    with db.read_session(engine) as session:
        return list(session.exec(select(Document)))


def to_documents_step(at, payload: str, *, brought=("mri",)):
    scan(at, payload)
    answer_about(at)
    at.pills(key="q_areas").set_value(["lower_back"]).run()
    at.button(key="body_next").click().run()
    at.pills(key="q_documents").set_value(list(brought)).run()
    at.button(key="care_next").click().run()
    at.pills(key="q_safety").set_value(["none"]).run()
    at.button(key="safety_next").click().run()
    return at


@pytest.mark.parametrize("spanish", [False, True], ids=["English", "Spanish"])
def test_a_client_who_brought_an_mri_report_sends_a_photo_and_the_tablet_forgets_it(app_db, spanish):
    _, payload = make_client(app_db, first_name="Maria")
    at = open_app()
    if spanish:
        at.button(key="language").click().run()
    to_documents_step(at, payload)
    assert not at.exception and at.session_state["screen"] == "documents"
    assert at.session_state["ticket"].ticket_code  # the ticket is issued already: the line isn't held up
    assert at.pills(key="document_kind").value == "mri"  # what they said they brought
    assert ("Trajo una nota del médico" if spanish else "Did you bring a doctor's note") in texts(at)
    assert at.button(key="document_send").disabled  # no photo yet: nothing to send
    photo = page_photo(seed=31)
    at.camera_input(key="document_photo_0").set_value(("page.jpg", photo, "image/jpeg")).run()
    at.button(key="document_send").click().run()
    assert not at.exception
    [row] = stored(app_db)
    assert (row.kind, row.source, row.size) == ("mri", "tablet", len(photo))
    received = "Recibida: 1 página. ¡Gracias!" if spanish else "Received: 1 page. Thank you!"
    assert received in [s.value for s in at.success]
    assert at.camera_input(key="document_photo_1").value is None  # a new, empty camera
    assert "document_photo_0" not in list(at.session_state.keys())
    at.button(key="document_skip").click().run()  # "Done" now
    assert at.session_state["screen"] == "result" and not at.exception


def test_a_bad_file_gets_a_message_and_skip_is_one_tap(app_db):
    _, payload = make_client(app_db, first_name="Ana")
    at = to_documents_step(open_app(), payload, brought=("doctor_note",))
    at.camera_input(key="document_photo_0").set_value(("page.jpg", b"not a picture", "image/jpeg")).run()
    at.button(key="document_send").click().run()
    assert "We can keep photos (JPEG or PNG) and PDF files." in texts(at) and stored(app_db) == []
    at.button(key="document_skip").click().run()
    assert at.session_state["screen"] == "result" and not at.exception


def test_the_ordinary_check_in_goes_straight_to_the_ticket(app_db):
    _, payload = make_client(app_db, first_name="Lee")
    at = checked_in(open_app(), payload)
    assert at.session_state["screen"] == "result" and not at.exception


def audited(engine, action: str) -> int:
    with db.read_session(engine) as session:
        return len(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_the_chart_lists_shows_and_adds_documents_with_audit(app_db, clinic):
    client_id, visit_id, _ = checked_in_today(app_db, clinic)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=page_photo(seed=32))
    priya = member(app_db)
    at = opened("pages/chart.py", priya.therapist_id, client=client_id)
    assert not at.exception
    seen = "\n".join(h.value for h in at.html)
    assert "Outside documents (1)" in [s.value for s in at.subheader]
    assert "MRI or X-ray report" in seen and "from the lobby tablet" in seen
    assert audited(app_db, "list_documents") >= 1 and audited(app_db, "view_document") == 0
    document_id = stored(app_db)[0].id
    at.button(key=f"document_show_{document_id}").click().run()
    assert not at.exception and len(at.get("image")) == 1
    assert audited(app_db, "view_document") == 1

    at.selectbox(key="document_kind").set_value("pt_notes").run()
    at.file_uploader(key="document_file_0").set_value(("pt.pdf", small_pdf(2), "application/pdf")).run()
    at.button(key="document_add").click().run()
    assert not at.exception and "Physical therapy notes added to the chart." in "\n".join(h.value for h in at.html)
    assert sorted(row.kind for row in stored(app_db)) == ["mri", "pt_notes"]
    assert f"document_get_{max(r.id for r in stored(app_db))}" in [b.key for b in at.get("download_button")]

    at.file_uploader(key="document_file_1").set_value(("x.pdf", b"%PDF-1.4 broken", "application/pdf")).run()
    at.button(key="document_add").click().run()
    assert "couldn&#x27;t open that file." in "\n".join(h.value for h in at.html) and len(stored(app_db)) == 2


def test_the_phone_ticket_sends_a_page_and_says_only_received_in_the_clients_language(app_db, clinic):
    visit_id, token = linked(app_db, clinic, language="es", first_name="Lucía")
    at = phone(token)
    assert not at.exception
    at.pills(key="phone_document_kind").set_value("pt_notes").run()
    at.file_uploader(key="phone_document_0").set_value(("notes.pdf", small_pdf(2), "application/pdf")).run()
    at.button(key="phone_document_send").click().run()
    assert not at.exception and "Recibida: 1 página. ¡Gracias!" in [s.value for s in at.success]
    [row] = stored(app_db)
    assert (row.visit_id, row.kind, row.source, row.pages) == (visit_id, "pt_notes", "phone", 2)
    # A GIF named as a photo: the picker's filter lets it through, its bytes don't.
    at.file_uploader(key="phone_document_1").set_value(("x.jpg", b"GIF89a...", "image/jpeg")).run()
    at.button(key="phone_document_send").click().run()
    assert "Podemos guardar fotos (JPEG o PNG) y archivos PDF." in " ".join(w.value for w in at.warning)
    assert len(stored(app_db)) == 1


def test_a_missing_key_is_told_to_staff_and_the_client_is_sent_to_the_therapist(app_db, clinic, tmp_path):
    client_id, visit_id, _ = checked_in_today(app_db, clinic)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=page_photo(seed=33))
    (tmp_path / "document-key").unlink()
    at = opened("pages/chart.py", member(app_db).therapist_id, client=client_id)
    seen = "\n".join(h.value for h in at.html)
    assert not at.exception and "is missing, and 1 document(s) are stored" in seen
    assert not [b for b in at.button if b.key.startswith("document_show_")] and "document_add" not in [
        b.key for b in at.button]  # fmt: skip
    _, payload = make_client(app_db, first_name="Ana")
    at = to_documents_step(open_app(), payload)
    at.camera_input(key="document_photo_0").set_value(("page.jpg", page_photo(seed=34), "image/jpeg")).run()
    at.button(key="document_send").click().run()
    assert "We can't take documents here just now." in texts(at) and len(stored(app_db)) == 1
    assert not (tmp_path / "document-key").exists()


def test_a_client_checking_in_on_their_phone_picks_a_pdf_instead_of_the_camera(app_db):
    _, payload = make_client(app_db, first_name="Tess")
    at = to_documents_step(open_app(enrolled=False), payload, brought=("pt_notes",))
    assert at.session_state["screen"] == "documents" and not at.camera_input
    at.file_uploader(key="document_photo_0").set_value(("pt.pdf", small_pdf(1), "application/pdf")).run()
    at.button(key="document_send").click().run()
    [row] = stored(app_db)
    assert (row.kind, row.source, row.media_type) == ("pt_notes", "phone", "application/pdf")
