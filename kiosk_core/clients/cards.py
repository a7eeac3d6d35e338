"""QR cards: random tokens, their hashes, what a scanner types, what a camera sees, and the card image."""

import base64
import hashlib
import io
import secrets
import warnings

import qrcode
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError
from qrcode.constants import ERROR_CORRECT_M

from kiosk_core.clients.card_photos import Search
from kiosk_core.errors import KioskError
from kiosk_core.i18n import N_, translate

# "KQ1" marks our cards (version 1); then 120 random bits as 24 base32 characters, then two
# check characters. Uppercase base32 fits the QR alphanumeric mode: 29 characters make a
# version-2 code, which still scans small, blurry or at an angle.
PREFIX = "KQ1"
TOKEN_BYTES = 15
BODY_LENGTH = 24
CHECK_LENGTH = 2
PAYLOAD_LENGTH = len(PREFIX) + BODY_LENGTH + CHECK_LENGTH
_BASE32 = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
MAX_SCAN_LENGTH = 512  # anything longer is not a card: stop before hashing it
# A tablet's camera frame is about 1 MP and 50-300 KB; a phone photo 12 MP and a few MB. The
# limits sit above both and far below what hurts a server: a tiny PNG can claim 20000x20000
# pixels (400 MB once decoded). Both are checked before any pixel is decoded.
MAX_PICTURE_BYTES = 8 * 1024 * 1024
MAX_PICTURE_PIXELS = 4096 * 3072
PICTURE_FORMATS = ("JPEG", "PNG")  # what cameras and our own cards make; no exotic decoders

# Pillow only warns between 89M and 178M pixels; here that is an error like any bigger picture
# (set once at import: warnings.catch_warnings around each decode is not thread-safe).
warnings.simplefilter("error", Image.DecompressionBombWarning)


class CardError(KioskError):
    """Every way a presented card can fail; the message is safe to show a client."""

    message = N_("We couldn't use that card.")


class UnreadableCode(CardError):
    message = N_("We couldn't read that. Hold the card flat and a little closer.")


class ForeignCode(CardError):
    message = N_("That code isn't one of our cards.")


class UnknownCard(CardError):
    message = N_("We don't recognise that card.")


class RevokedCard(CardError):
    message = N_("That card is no longer active.")


class PictureTooLarge(CardError):
    message = N_("That picture is too large. Please hold your card up to the camera again.")


def _check(body: str) -> str:
    digest = hashlib.sha256(body.encode()).digest()
    return base64.b32encode(digest).decode()[:CHECK_LENGTH]


def new_payload() -> str:
    """A fresh card payload. Print it once; keep only token_hash(payload)."""
    return payload_for(secrets.token_bytes(TOKEN_BYTES))


def payload_for(token: bytes) -> str:
    """The payload carrying these random bytes (new_payload's; benchmarks pass seeded ones)."""
    body = base64.b32encode(token).decode()
    return PREFIX + body + _check(body)


def token_hash(payload: str) -> str:
    # 120 random bits cannot be guessed, so a plain SHA-256 is enough: no salt, no stretching.
    return hashlib.sha256(payload.encode()).hexdigest()


def parse_payload(raw: str) -> str:
    """The canonical payload from what a scanner typed or a camera decoded; raises CardError."""
    if not isinstance(raw, str):  # what a browser sent may be anything: no card either way
        raise UnreadableCode()
    if len(raw) > MAX_SCAN_LENGTH:
        raise ForeignCode()
    text = raw.strip().upper()
    if not text:
        raise UnreadableCode(N_("Nothing was scanned. Please try again."))
    if not text.startswith(PREFIX):
        # A close miss is our card read badly; anything else is someone else's code.
        if len(text) == PAYLOAD_LENGTH and set(text) <= _BASE32 | set("0189"):
            raise UnreadableCode()
        raise ForeignCode()
    body, check = text[len(PREFIX) : -CHECK_LENGTH], text[-CHECK_LENGTH:]
    if len(text) != PAYLOAD_LENGTH or not set(body) <= _BASE32 or _check(body) != check:
        raise UnreadableCode()
    return text


def decode_picture(data: bytes) -> str:
    """The payload of our QR code in a photo (JPEG or PNG bytes); raises CardError. The photo is
    searched in passes (kiosk_core/clients/card_photos.py) until one reads our card."""
    errors: list[CardError] = []
    for _, result in Search(open_grey(data)).results():
        try:
            return parse_payload(result.text)
        except CardError as error:
            errors.append(error)  # someone else's code, or ours misread: our card may still be there
    raise errors[0] if errors else UnreadableCode()


def open_grey(data: bytes) -> Image.Image:
    """The picture in grey, after refusing one too large before a pixel is decoded."""
    image = open_checked(data)
    try:
        if image.format == "JPEG":
            image.draft("L", image.size)  # decode straight to grey: a third of the memory
        image.load()
        return image.convert("L")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PictureTooLarge() from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise UnreadableCode() from error


def open_checked(
    data: bytes, *, max_bytes: int = MAX_PICTURE_BYTES, max_pixels: int = MAX_PICTURE_PIXELS
) -> Image.Image:
    """The picture opened, its header read and no pixel decoded, once its bytes and its pixel
    count are within the limits (PictureTooLarge) and it is a JPEG or PNG (UnreadableCode). Card
    photos and outside documents (kiosk_core.records.document_files) are checked by this one."""
    if not isinstance(data, bytes | bytearray):
        raise UnreadableCode()
    if len(data) > max_bytes:
        raise PictureTooLarge()
    try:
        image = Image.open(io.BytesIO(data), formats=PICTURE_FORMATS)  # reads the header only
        width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PictureTooLarge() from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise UnreadableCode() from error
    if width * height > max_pixels:
        raise PictureTooLarge()
    return image


def qr_image(payload: str, *, box_size: int = 12) -> Image.Image:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(payload.upper(), optimize=0)
    code.make(fit=True)
    return code.make_image(fill_color="black", back_color="white").get_image().convert("RGB")


def card_png(payload: str, *, clinic_name: str, language: str = "en") -> bytes:
    """A printable card: the code, the clinic's name and a line in the client's language; never
    the client's name."""
    code = qr_image(payload)
    width = max(code.width, 480)
    card = Image.new("RGB", (width, code.height + 110), "white")
    card.paste(code, ((width - code.width) // 2, 0))
    draw = ImageDraw.Draw(card)
    font = ImageFont.load_default(size=28)
    small = ImageFont.load_default(size=20)
    for text, y, face in (
        (clinic_name, code.height + 8, font),
        (translate(language, N_("Scan this card at check-in")), code.height + 56, small),
    ):
        left, _, right, _ = draw.textbbox((0, 0), text, font=face)
        draw.text(((width - (right - left)) // 2, y), text, fill="black", font=face)
    out = io.BytesIO()
    card.save(out, format="PNG")
    return out.getvalue()
