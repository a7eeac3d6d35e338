"""Card tokens: format, hashing, scanner input, camera pictures and the card image."""

import io
import re
import struct
import zlib
from functools import cache

import pytest
import qrcode
import zxingcpp
from PIL import Image, ImageFile, ImageFilter, ImageOps

from bench.card_photos import photo
from kiosk_core.clients import cards
from kiosk_core.clients.card_photos import Search


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=quality)
    return out.getvalue()


def photo_of(payload: str, *, size=(1280, 720), card_px=300) -> Image.Image:
    """A camera frame: grey background, the code somewhere in it."""
    frame = Image.new("RGB", size, (120, 130, 125))
    code = cards.qr_image(payload).resize((card_px, card_px))
    frame.paste(code, (size[0] // 3, size[1] // 4))
    return frame


def test_payload_is_compact_random_and_ours():
    first, second = cards.new_payload(), cards.new_payload()
    assert first != second
    assert re.fullmatch(r"KQ1[A-Z2-7]{26}", first)
    assert cards.parse_payload(first) == first


def test_token_carries_at_least_96_random_bits():
    assert cards.TOKEN_BYTES * 8 >= 96


def test_the_code_is_a_small_qr():
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(cards.new_payload(), optimize=0)
    code.make(fit=True)
    assert code.version <= 2


def test_only_the_hash_is_kept_and_it_reveals_nothing():
    payload = cards.new_payload()
    digest = cards.token_hash(payload)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert payload[3:10] not in digest.upper()


@pytest.mark.parametrize("typed", ["  {p}\n", "{p}\r\n", "\t{p}", "{lower}\n"])
def test_scanner_input_is_forgiven(typed):
    payload = cards.new_payload()
    assert cards.parse_payload(typed.format(p=payload, lower=payload.lower())) == payload


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("", cards.UnreadableCode),
        ("   \n", cards.UnreadableCode),
        ("https://example.com/menu", cards.ForeignCode),
        ("4006381333931", cards.ForeignCode),
        ("KQ1ABC", cards.UnreadableCode),
        ("x" * 10_000, cards.ForeignCode),
    ],
)
def test_bad_scans_raise_typed_errors(raw, error):
    with pytest.raises(error):
        cards.parse_payload(raw)


def test_a_single_wrong_character_is_unreadable_not_unknown():
    payload = cards.new_payload()
    garbled = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    with pytest.raises(cards.UnreadableCode):
        cards.parse_payload(garbled)


def test_a_misread_prefix_is_unreadable():
    payload = cards.new_payload()
    with pytest.raises(cards.UnreadableCode):
        cards.parse_payload("K01" + payload[3:])


def test_errors_carry_friendly_messages():
    assert "closer" in str(cards.UnreadableCode())
    assert "isn't one of our cards" in str(cards.ForeignCode())


@pytest.mark.parametrize(
    "spoil",
    [
        lambda im: im,
        lambda im: im.rotate(17, expand=True, fillcolor=(120, 130, 125)),
        lambda im: im.filter(ImageFilter.GaussianBlur(2)),
        lambda im: ImageOps.invert(im),
        lambda im: ImageOps.mirror(im),
        lambda im: im.rotate(9, fillcolor=(90, 90, 90)).filter(ImageFilter.GaussianBlur(1.5)),
    ],
    ids=["plain", "rotated", "blurred", "inverted", "mirrored", "rotated+blurred"],
)
def test_camera_pictures_are_decoded(spoil):
    payload = cards.new_payload()
    assert cards.decode_picture(jpeg(spoil(photo_of(payload)), quality=30)) == payload


def test_a_small_code_far_away_still_decodes():
    payload = cards.new_payload()
    assert cards.decode_picture(jpeg(photo_of(payload, size=(640, 480), card_px=120))) == payload


def test_a_picture_without_a_code_is_unreadable():
    with pytest.raises(cards.UnreadableCode):
        cards.decode_picture(jpeg(Image.new("RGB", (640, 480), "white")))


@pytest.mark.parametrize("data", [b"", b"not an image", b"\xff\xd8\xff" + b"\x00" * 100])
def test_bytes_that_are_not_a_picture_are_unreadable(data):
    with pytest.raises(cards.UnreadableCode):
        cards.decode_picture(data)


def test_someone_elses_qr_code_is_foreign():
    other = qrcode.make("https://example.com/coupon").get_image().convert("RGB")
    with pytest.raises(cards.ForeignCode):
        cards.decode_picture(jpeg(other))


def test_the_printed_card_scans_and_shows_no_name():
    payload = cards.new_payload()
    png = cards.card_png(payload, clinic_name="Hand in Health Massage")
    assert png.startswith(b"\x89PNG")
    assert cards.decode_picture(png) == payload


def test_the_card_is_worded_in_the_clients_language():
    """Its line under the code is translated (drawn in the picture, so no screen test sees it)."""
    payload = cards.new_payload()
    english, spanish = (cards.card_png(payload, clinic_name="Hand in Health", language=lang) for lang in ["en", "es"])
    assert cards.decode_picture(spanish) == payload

    def last_line(png: bytes) -> bytes:
        image = Image.open(io.BytesIO(png))
        return image.crop((0, image.height - 50, image.width, image.height)).tobytes()

    assert last_line(english) != last_line(spanish)


@cache
def blank_png(width: int, height: int) -> bytes:
    """A valid black-and-white PNG of any size, written row by row: 20000x20000 is about 50 KB
    on disk and 400 MB once decoded (the picture an attacker would send)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then one bit a pixel
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


@pytest.fixture
def never_decoded(monkeypatch):
    """Fail the test if any picture's pixels are decoded."""

    def load(self):
        raise AssertionError(f"decoded a {self.size} picture")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


# As in the app (cards.py turns Pillow's warning into an error; pytest resets filters per test).
@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    "size",
    [(20_000, 20_000), (13_000, 13_000), (cards.MAX_PICTURE_PIXELS // 1000 + 1, 1000)],
    ids=["400M pixels", "169M pixels", "just over the limit"],
)
def test_huge_pictures_are_refused_before_decoding(size, never_decoded):
    picture = blank_png(*size)
    assert len(picture) < 60_000  # small on the wire: the bytes limit alone would not stop it
    with pytest.raises(cards.PictureTooLarge):
        cards.decode_picture(picture)


def test_too_many_bytes_are_refused_before_opening(never_decoded, monkeypatch):
    monkeypatch.setattr(Image, "open", lambda *a, **k: pytest.fail("opened"))
    with pytest.raises(cards.PictureTooLarge):
        cards.decode_picture(b"\xff\xd8\xff" + b"\x00" * cards.MAX_PICTURE_BYTES)


def test_a_picture_at_the_limit_is_still_read():
    payload = cards.new_payload()
    assert cards.decode_picture(jpeg(photo_of(payload, size=(4096, 3072), card_px=900))) == payload


def test_too_large_is_a_friendly_card_error():
    error = cards.PictureTooLarge()
    assert isinstance(error, cards.CardError)
    assert str(error) == "That picture is too large. Please hold your card up to the camera again."


@pytest.mark.parametrize("kind", ["GIF", "BMP", "TIFF"])
def test_only_camera_formats_are_opened(kind):
    payload = cards.new_payload()
    out = io.BytesIO()
    photo_of(payload, size=(640, 480), card_px=300).save(out, format=kind)
    with pytest.raises(cards.UnreadableCode):
        cards.decode_picture(out.getvalue())


# Hard photos from bench/card_photos.py (segno-made cards; seed "2026:i" is photo i of the
# benchmark's set) that zxing-cpp's defaults miss, and the pass of card_decode.Search that reads
# each: one of each kind that earns its place.
HARD = {
    "2026:98": "enlarged 1.5x",
    "2026:129": "enlarged 2.0x",
    "2026:234": "place 1, unblurred",
    "2026:40": "place 1, light evened",
    "2026:202": "place 1, unsmeared",
    "2026:314": "place 1, unsmeared, light evened",
}


@pytest.fixture
def reads(monkeypatch):
    """Every call cards.decode_picture makes to zxing-cpp: (pixels, options)."""
    calls = []
    real = zxingcpp.read_barcodes

    def read(image, **options):
        calls.append((image.width * image.height, options))
        return real(image, **options)

    monkeypatch.setattr(zxingcpp, "read_barcodes", read)
    return calls


def test_a_plain_photo_is_read_by_the_first_pass_alone(reads):
    payload = cards.new_payload()
    assert cards.decode_picture(jpeg(photo_of(payload))) == payload
    assert len(reads) == 1


@pytest.mark.parametrize(("seed", "name"), HARD.items())
def test_hard_photos_the_defaults_miss_are_read_by_a_later_pass(seed, name):
    hard = photo(seed)
    read_by, result = next(Search(cards.open_grey(hard.jpeg)).results())
    assert (read_by, result.text) == (name, hard.payload)  # the passes before it read nothing
    assert cards.decode_picture(hard.jpeg) == hard.payload


def test_every_pass_looks_for_qr_codes_only_and_a_photo_without_one_is_unreadable(reads):
    with pytest.raises(cards.UnreadableCode):
        cards.decode_picture(jpeg(Image.new("RGB", (640, 480), (120, 130, 125))))
    assert len(reads) == 3  # the picture, enlarged 1.5 and 2 times; a blank one has no place to look closer at
    assert all(options["formats"] == zxingcpp.BarcodeFormat.QRCode for _, options in reads)


def test_a_big_picture_is_never_enlarged_past_the_limit(reads):
    with pytest.raises(cards.UnreadableCode):
        cards.decode_picture(jpeg(Image.new("RGB", (2592, 1944), "white")))  # a 5 MP photo
    assert [pixels for pixels, _ in reads] == [2592 * 1944]  # 1.5 times would be 11 MP, over the limit


def test_a_foreign_code_found_early_does_not_hide_our_card():
    """Someone else's sticker in the photo is read at once; our blurred card beside it is read later."""
    hard = photo("2026:129")
    picture = Image.open(io.BytesIO(hard.jpeg)).convert("RGB")
    picture.paste(qrcode.make("https://example.com/coupon").get_image().convert("RGB").resize((150, 150)), (0, 0))
    data = jpeg(picture, quality=90)
    assert next(Search(cards.open_grey(data)).results())[1].text == "https://example.com/coupon"
    assert cards.decode_picture(data) == hard.payload
