"""What an outside document may be: a photo (JPEG or PNG) or a PDF, known by its first bytes and
never by its name or the type the browser claims, no larger than the setting, a picture that is
no decompression bomb (checked as card photos are, kiosk_core.clients.cards.open_checked, before
a pixel is decoded), a PDF with its header, its end and at least one page. Pure: bytes in, a
`CheckedFile` or a `DocumentRefused` out; nothing is stored."""

import re
import zlib
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from kiosk_core.clients import cards
from kiosk_core.errors import KioskError
from kiosk_core.i18n import N_

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
# A 48-megapixel phone photo (8064x6048) passes; a PNG that claims more is refused unread.
MAX_DOCUMENT_PIXELS = 50_000_000
MAX_PDF_PAGES = 300
# A page count hidden in compressed object streams is looked for in at most this much inflated
# text per stream: a small stream that inflates to gigabytes (a zip bomb) is cut short.
MAX_INFLATED = 1024 * 1024
MAX_STREAMS = 50
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif")
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", re.S)
_STREAM = re.compile(rb"stream\r?\n")


class DocumentRefused(KioskError):
    """The file can't be kept; the message is safe to show a client or staff member."""

    message = N_("We can keep photos (JPEG or PNG) and PDF files. Please try again with one of those.")


class DocumentTooLarge(DocumentRefused):
    message = N_("That file is too large. A photo of each page is plenty.")


class HeicPhoto(DocumentRefused):
    message = N_(
        "This photo is in HEIC, which we can't open. Please take it again with the camera here, or send a JPEG."
    )


class UnreadableDocument(DocumentRefused):
    message = N_("We couldn't open that file. Please take the photo again.")


@dataclass(frozen=True)
class CheckedFile:
    media_type: str  # JPEG, PNG or PDF
    data: bytes
    pages: int  # 1 for a photo


def sniff(data: bytes) -> str | None:
    """The media type its first bytes say, among those kept; "image/heic" for a HEIF photo
    (refused with its own message); None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"%PDF-"):
        return PDF
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "image/heic"
    return None


def check_document(data: bytes, *, max_bytes: int) -> CheckedFile:
    """The file, if it may be kept; DocumentRefused (or a subclass) says why not."""
    if not isinstance(data, bytes | bytearray) or not data:
        raise DocumentRefused()
    data = bytes(data)
    if len(data) > max_bytes:
        raise DocumentTooLarge()
    media_type = sniff(data)
    if media_type == "image/heic":
        raise HeicPhoto()  # Pillow opens no HEIF without a plug-in the kiosk does not carry
    if media_type == PDF:
        return CheckedFile(PDF, data, pdf_pages(data))
    if media_type in (JPEG, PNG):
        check_picture(data, max_bytes=max_bytes)
        return CheckedFile(media_type, data, 1)
    raise DocumentRefused()


def check_picture(data: bytes, *, max_bytes: int) -> None:
    """A photo that opens: its size in pixels checked from the header before anything is decoded
    (cards.open_checked), then decoded cheaply: a JPEG at an eighth of its size (the decoder
    skips most of the work), a PNG's chunks and checksums verified."""
    try:
        image = cards.open_checked(data, max_bytes=max_bytes, max_pixels=MAX_DOCUMENT_PIXELS)
    except cards.PictureTooLarge as error:
        raise DocumentTooLarge() from error
    except cards.CardError as error:
        raise UnreadableDocument() from error
    try:
        if image.format == "JPEG":
            image.draft("L", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
        else:
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise DocumentTooLarge() from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise UnreadableDocument() from error


def pdf_pages(data: bytes) -> int:
    """The pages of a PDF, read cheaply: its header and its end (%%EOF after startxref, in the
    last kilobyte as PDF readers look for it), then the page tree's /Count or the /Page objects,
    in plain text or, failing that, in its compressed streams (bounded). No page: refused."""
    if not re.match(rb"%PDF-[12]\.\d", data[:16]):
        raise UnreadableDocument()
    tail = data[-1024:]
    if b"%%EOF" not in tail or b"startxref" not in tail:
        raise UnreadableDocument()
    pages = _pages_in(data)
    if not pages:
        pages = sum(_pages_in(text) for text in _inflated_streams(data))
    if pages < 1:
        raise UnreadableDocument()
    if pages > MAX_PDF_PAGES:
        raise DocumentTooLarge()
    return pages


def _pages_in(text: bytes) -> int:
    counts = [int(a or b) for a, b in _COUNT.findall(text)]
    return max(counts) if counts else len(_PAGE.findall(text))


def _inflated_streams(data: bytes):
    """The start of each Flate stream's text (up to MAX_INFLATED), for a PDF whose objects are
    packed in object streams (PDF 1.5 and later)."""
    for number, found in enumerate(_STREAM.finditer(data)):
        if number >= MAX_STREAMS:
            return
        inflater = zlib.decompressobj()
        try:
            yield inflater.decompress(data[found.end() : found.end() + MAX_INFLATED], MAX_INFLATED)
        except zlib.error:
            continue  # not Flate (an image, say): no page tree in it
