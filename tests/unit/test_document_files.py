"""What an outside document may be: known by its bytes, within the size limit, no decompression
bomb (refused before a pixel is decoded), a PDF with a header, an end and pages."""

import io
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from kiosk_core.records import document_files as files
from tests.integration.documents_setup import page_photo, small_pdf
from tests.unit.test_cards import blank_png, never_decoded

__all__ = ["never_decoded"]  # a fixture
LIMIT = 10 * 1024 * 1024


def png(size=(300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


def handmade_pdf(body: bytes) -> bytes:
    return b"%PDF-1.7\n" + body + b"\nstartxref\n9\n%%EOF\n"


@pytest.mark.parametrize(
    ("start", "media_type"),
    [
        (b"\xff\xd8\xff\xe0rest", files.JPEG),
        (b"\x89PNG\r\n\x1a\nrest", files.PNG),
        (b"%PDF-1.4\nrest", files.PDF),
        (b"\0\0\0\x18ftypheic\0\0", "image/heic"),
        (b"\0\0\0\x18ftypmif1\0\0", "image/heic"),
        (b"GIF89a", None),
        (b"PK\x03\x04", None),  # a zip, a .docx
        (b"<html>", None),
        (b"", None),
    ],
)
def test_the_type_is_read_from_the_bytes(start, media_type):
    assert files.sniff(start) == media_type


@given(st.binary(max_size=2048))
def test_any_bytes_are_kept_as_what_they_are_or_refused_kindly(data):
    try:
        checked = files.check_document(data, max_bytes=LIMIT)
    except files.DocumentRefused as refused:
        assert str(refused)
    else:
        assert checked.media_type == files.sniff(data) and checked.data == data


def test_a_photo_and_a_pdf_are_kept():
    assert files.check_document(page_photo(), max_bytes=LIMIT).media_type == files.JPEG
    assert files.check_document(png(), max_bytes=LIMIT).media_type == files.PNG
    pdf = small_pdf(3)
    assert files.check_document(pdf, max_bytes=LIMIT).pages == 3 == len(PdfReader(io.BytesIO(pdf)).pages)


def test_too_many_bytes_are_refused_before_anything_is_opened(monkeypatch):
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("opened"))
    with pytest.raises(files.DocumentTooLarge):
        files.check_document(b"\xff\xd8\xff" + b"\0" * 1000, max_bytes=1000)


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("size", [(20_000, 20_000), (8000, 6300)], ids=["400M pixels", "just over 50M"])
def test_a_decompression_bomb_is_refused_before_decoding(size, never_decoded):
    bomb = blank_png(*size)
    assert len(bomb) < 60_000
    with pytest.raises(files.DocumentTooLarge):
        files.check_document(bomb, max_bytes=LIMIT)


def test_a_heic_photo_is_told_apart():
    with pytest.raises(files.HeicPhoto):
        files.check_document(b"\0\0\0\x18ftypheic" + b"\0" * 100, max_bytes=LIMIT)


@pytest.mark.parametrize(
    "data",
    [
        page_photo()[:3000],  # a JPEG cut short
        png()[:60],
        b"\x89PNG\r\n\x1a\n" + b"\0" * 200,
        b"%PDF-1.7\n1 0 obj << /Type /Page >> endobj\n",  # no end
        handmade_pdf(b"1 0 obj << /Type /Catalog >> endobj"),  # no page
        b"%PDF-x.y\n" + small_pdf()[9:],
    ],
    ids=["short jpeg", "short png", "png garbage", "pdf without end", "pdf without pages", "bad header"],
)
def test_broken_files_are_refused(data):
    with pytest.raises(files.DocumentRefused):
        files.check_document(data, max_bytes=LIMIT)


def test_pages_packed_in_a_compressed_object_stream_are_counted():
    packed = zlib.compress(b"1 0 2 50 << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> << /Type /Page >>")
    pdf = handmade_pdf(b"5 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + packed + b"\nendstream\nendobj")
    assert files.check_document(pdf, max_bytes=LIMIT).pages == 2


def test_a_zip_bomb_stream_in_a_pdf_is_inflated_only_so_far():
    packer = zlib.compressobj(9)
    bomb = b"".join(packer.compress(b"\0" * 1024 * 1024) for _ in range(200)) + packer.flush()  # 200 MB inflated
    pdf = handmade_pdf(b"5 0 obj << /Filter /FlateDecode >>\nstream\n" + bomb + b"\nendstream\nendobj")
    with pytest.raises(files.UnreadableDocument):  # no page found in the first MB
        files.check_document(pdf, max_bytes=LIMIT)


def test_too_many_pages_are_refused():
    pages = b"".join(b"%d 0 obj << /Type /Page >> endobj\n" % n for n in range(files.MAX_PDF_PAGES + 1))
    with pytest.raises(files.DocumentTooLarge):
        files.check_document(handmade_pdf(pages), max_bytes=LIMIT)
