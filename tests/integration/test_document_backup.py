"""Outside documents are in every backup: restored into a fresh database (SQLite and PostgreSQL),
they open with the clinic's key, byte for byte, and stay sealed in the backup file itself."""

from sqlmodel import select

from kiosk_core import __main__ as cli
from kiosk_core import db
from kiosk_core.records import document_rekey, documents
from kiosk_core.records.document_table import Document
from kiosk_core.screens import documents_desk, tablet
from tests.integration.documents_setup import checked_in_today, document_key, page_photo, small_pdf
from tests.integration.test_backup import fresh_url, url_of, use_database

__all__ = ["document_key", "fresh_url", "use_database"]  # fixtures


def test_documents_are_backed_up_and_restored_sealed(engine, clinic, document_key, fresh_url, use_database, tmp_path):
    use_database(url_of(engine))
    client_id, visit_id, _ = checked_in_today(engine, clinic)
    photo, pdf = page_photo(seed=21), small_pdf(2)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=photo)
    documents_desk.add_from_phone(token=tablet.ticket_link(visit_id=visit_id), kind="pt_notes", data=pdf)
    target = tmp_path / "kiosk.backup"
    assert cli.main(["backup", str(target)]) == 0
    backup = target.read_bytes()
    assert photo[2000:2064] not in backup and pdf[:200] not in backup  # sealed in the backup too

    use_database(fresh_url)
    assert cli.main(["restore", str(target), "--yes"]) == 0
    restored = db.make_engine(fresh_url)
    try:
        with db.read_session(restored) as session:
            key = documents.clinic_key(session, secret=None, path=document_key)
            rows = list(session.exec(select(Document).order_by(Document.id)))
            opened = [documents.open_document(session, key, client_id=client_id, document_id=r.id)[1] for r in rows]
        assert opened == [photo, pdf] and [r.kind for r in rows] == ["mri", "pt_notes"]
    finally:
        restored.dispose()


def test_rotating_the_key_reseals_every_document_and_a_failure_changes_nothing(desk_db, clinic, document_key, tmp_path):
    client_id, visit_id, _ = checked_in_today(desk_db, clinic)
    photo, pdf = page_photo(seed=22), small_pdf(1)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=photo)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="pt_notes", data=pdf)
    old_key = document_key.read_text()
    new_file = tmp_path / "new" / "document-key"
    assert document_rekey.main([str(new_file)]) == 0
    assert (new_file.stat().st_mode & 0o777) == 0o600
    assert "not the one" in documents_desk.switched_off()  # the servers' old key: switched off, not mixed
    document_key.write_text(new_file.read_text())
    assert documents_desk.switched_off() == ""
    with db.read_session(desk_db) as session:
        key = documents.clinic_key(session, secret=None, path=document_key)
        rows = list(session.exec(select(Document).order_by(Document.id)))
        assert [documents.open_document(session, key, client_id=client_id, document_id=r.id)[1] for r in rows] == [
            photo, pdf]  # fmt: skip
    # A rotation with a key that is not the documents' own stops before writing anything.
    document_key.write_text(old_key)
    before = [r.sealed for r in rows]
    assert document_rekey.main([str(tmp_path / "third-key")]) == 2
    with db.read_session(desk_db) as session:
        assert [r.sealed for r in session.exec(select(Document).order_by(Document.id))] == before
