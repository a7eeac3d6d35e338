"""Outside documents on SQLite and PostgreSQL: sealed at rest, listed and viewed by staff with an
audit row each, refused when bad, deleted at retention by close-day, and a missing or wrong key
stops the feature without touching what is stored."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from kiosk_core import __main__ as cli
from kiosk_core import db
from kiosk_core.errors import NotAllowed
from kiosk_core.models import AuditEvent, utcnow
from kiosk_core.ops.demo import seed_demo
from kiosk_core.records import documents
from kiosk_core.records.document_files import DocumentRefused, check_document
from kiosk_core.records.document_key import DocumentKeyMissing, DocumentKeyWrong, DocumentsOff, SealBroken
from kiosk_core.records.document_table import Document
from kiosk_core.screens import documents_desk, tablet
from tests.integration.documents_setup import NORTH, checked_in_today, document_key, member, page_photo, small_pdf
from tests.integration.test_backup import url_of, use_database

__all__ = ["document_key", "use_database"]  # fixtures


def stored(engine) -> list[Document]:
    with db.read_session(engine) as session:
        return list(session.exec(select(Document).order_by(Document.id)))


def audits(engine, action: str) -> list[AuditEvent]:
    with db.read_session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)))


def slices(data: bytes) -> list[bytes]:
    """32-byte pieces from all over the file: none may be found in what is stored."""
    return [data[at : at + 32] for at in range(0, len(data) - 32, max(1, len(data) // 16))]


def test_a_page_from_the_tablet_is_stored_sealed_and_shown_to_staff_with_audit(desk_db, clinic, document_key):
    photo = page_photo()
    client_id, visit_id, _ = checked_in_today(desk_db, clinic)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=photo)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=photo)  # a double tap
    [row] = stored(desk_db)
    assert (row.client_id, row.visit_id, row.kind, row.media_type, row.size, row.source) == (
        client_id, visit_id, "mri", "image/jpeg", len(photo), "tablet")  # fmt: skip
    assert not any(piece in row.sealed for piece in slices(photo))
    assert row.sealed.startswith(b"KD1") and len(row.sealed) == len(photo) + 3 + 12 + 16
    assert document_key.stat().st_mode & 0o777 == 0o600
    if desk_db.dialect.name == "sqlite":  # the database files themselves: nowhere in plain
        base = desk_db.url.database
        on_disk = b"".join(Path(base + tail).read_bytes() for tail in ("", "-wal") if Path(base + tail).exists())
        assert not any(piece in on_disk for piece in slices(photo))

    priya = member(desk_db, name="Priya Shah")
    found = documents_desk.chart_documents(member=priya, client_id=client_id)
    assert found.off == "" and [(i.kind, i.media_type) for i in found.items] == [("mri", "image/jpeg")]
    viewed = documents_desk.view_document(member=priya, client_id=client_id, document_id=row.id)
    assert viewed.data == photo and viewed.file_name.endswith(".jpg")
    [seen] = audits(desk_db, "view_document")
    assert (seen.therapist_id, seen.client_id, seen.visit_id) == (priya.therapist_id, client_id, visit_id)
    assert len(audits(desk_db, "list_documents")) == 1 and len(audits(desk_db, "add_document")) == 1


def test_staff_add_a_pdf_and_only_where_the_client_was_seen(desk_db, clinic, document_key):
    client_id, _, _ = checked_in_today(desk_db, clinic)
    pdf = small_pdf(3)
    priya = member(desk_db, name="Priya Shah")
    document_id = documents_desk.add_at_chart(member=priya, client_id=client_id, kind="pt_notes", data=pdf)
    [row] = stored(desk_db)
    assert (row.id, row.media_type, row.pages, row.uploaded_by, row.source) == (
        document_id, "application/pdf", 3, priya.therapist_id, "staff")  # fmt: skip
    elsewhere = member(desk_db, name="Dan Okafor", location="downtown-syracuse")
    with pytest.raises(NotAllowed):
        documents_desk.view_document(member=elsewhere, client_id=client_id, document_id=document_id)
    other_client, _, _ = checked_in_today(desk_db, clinic, first_name="Ana")
    with pytest.raises(DocumentRefused):  # another client's document is not in this chart
        documents_desk.view_document(member=priya, client_id=other_client, document_id=document_id)
    assert len(audits(desk_db, "view_document")) == 0


@pytest.mark.parametrize(
    "data", [b"hello, this is a text file", b"%PDF-1.7\nno end", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, b""]
)
def test_bad_files_get_a_message_and_nothing_is_stored(desk_db, clinic, document_key, data):
    client_id, visit_id, _ = checked_in_today(desk_db, clinic)
    with pytest.raises(DocumentRefused) as refused:
        documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=data)
    assert str(refused.value) and stored(desk_db) == []


def test_a_phone_sends_through_its_live_ticket_link_while_the_visit_is_open(desk_db, clinic, document_key):
    client_id, visit_id, _ = checked_in_today(desk_db, clinic)
    token = tablet.ticket_link(visit_id=visit_id)
    documents_desk.add_from_phone(token=token, kind="doctor_note", data=page_photo(seed=2))
    [row] = stored(desk_db)
    assert (row.client_id, row.visit_id, row.source) == (client_id, visit_id, "phone")
    with pytest.raises(NotAllowed):  # the link's day is over
        later = utcnow() + timedelta(days=2)
        documents_desk.add_from_phone(token=token, kind="other", data=page_photo(seed=3), now=later)
    with pytest.raises(NotAllowed):  # someone else's visit from the tablet's memory
        documents_desk.add_at_tablet(client_id=client_id + 999, visit_id=visit_id, kind="mri", data=page_photo(seed=4))


def test_close_day_deletes_documents_past_retention_only(engine, clinic, document_key, use_database, capsys):
    client_id, _, _ = checked_in_today(engine, clinic)
    old, new = page_photo(seed=5), page_photo(seed=6)
    with db.write_session(engine) as session:
        key = documents.clinic_key(session, secret=None, path=document_key)
        for data, days in ((old, 7 * 365 + 3), (new, 7 * 365 - 3)):
            checked, at = check_document(data, max_bytes=10**7), utcnow() - timedelta(days=days)
            documents.add_document(session=session, key=key, client_id=client_id, kind="other", source="staff",
                                   checked=checked, now=at)  # fmt: skip
    use_database(url_of(engine))
    assert cli.main(["close-day"]) == 0
    assert "1 outside document(s) deleted" in capsys.readouterr().out
    assert [row.size for row in stored(engine)] == [len(new)]
    [gone] = audits(engine, "delete_documents")
    assert gone.client_id == client_id and gone.detail.startswith("1 document(s)")


def test_a_missing_key_with_documents_stored_stops_the_feature_and_makes_no_new_key(desk_db, clinic, document_key):
    client_id, visit_id, _ = checked_in_today(desk_db, clinic)
    photo = page_photo(seed=7)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=photo)
    before = stored(desk_db)[0].sealed
    kept = document_key.read_text()
    document_key.unlink()
    said = documents_desk.switched_off()
    assert "missing" in said and str(document_key) in said and not document_key.exists()
    priya = member(desk_db, name="Priya Shah")
    with pytest.raises(DocumentKeyMissing):
        documents_desk.view_document(member=priya, client_id=client_id, document_id=stored(desk_db)[0].id)
    with pytest.raises(DocumentsOff):
        documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=page_photo(seed=8))
    assert not document_key.exists() and [row.sealed for row in stored(desk_db)] == [before]
    document_key.write_text(kept)
    document_key.chmod(0o600)
    again = documents_desk.view_document(member=priya, client_id=client_id, document_id=stored(desk_db)[0].id)
    assert again.data == photo


def test_a_wrong_key_is_told_and_changes_nothing(desk_db, clinic, document_key):
    client_id, visit_id, _ = checked_in_today(desk_db, clinic)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=page_photo(seed=9))
    [row] = stored(desk_db)
    kept = document_key.read_text()
    document_key.write_text("another-clinics-key-" + "x" * 40 + "\n")
    assert "not the one" in documents_desk.switched_off()
    with pytest.raises(DocumentKeyWrong):
        documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=page_photo(seed=10))
    assert [(r.id, r.sealed, r.key_id) for r in stored(desk_db)] == [(row.id, row.sealed, row.key_id)]
    document_key.write_text(kept)
    assert documents_desk.switched_off() == ""


def test_a_changed_byte_is_caught_by_the_tag(desk_db, clinic, document_key):
    client_id, visit_id, _ = checked_in_today(desk_db, clinic)
    documents_desk.add_at_tablet(client_id=client_id, visit_id=visit_id, kind="mri", data=page_photo(seed=11))
    with db.write_session(desk_db) as session:
        row = session.exec(select(Document)).one()
        row.sealed = row.sealed[:-1] + bytes([row.sealed[-1] ^ 1])
    priya = member(desk_db, name="Priya Shah", location=NORTH)
    with pytest.raises(SealBroken):
        documents_desk.view_document(member=priya, client_id=client_id, document_id=row.id)


def test_the_demo_gives_maria_her_mri_report(engine, clinic, document_key):
    with db.write_session(engine) as session:
        seed_demo(session=session, clinic=clinic)
    [row] = stored(engine)
    with db.read_session(engine) as session:
        key = documents.clinic_key(session, secret=None, path=document_key)
        data = documents.open_document(session, key, client_id=row.client_id, document_id=row.id)[1]
    assert (row.kind, row.media_type) == ("mri", "image/png") and data.startswith(b"\x89PNG")
