"""The search for a card's QR code in a hard photo: where it looks, how it cleans up, when it stops."""

import math

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageFilter

from bench.card_photos import _motion
from kiosk_core.clients import card_photos, cards
from kiosk_core.clients.card_photos import (
    CROP,
    Place,
    Search,
    Unblur,
    busiest_places,
    crop_square,
    even_light,
    smear,
    unsmear,
)


@pytest.fixture(scope="module")
def payload() -> str:
    return cards.payload_for(bytes(range(15)))  # the same code every run: the tests use no random picture


def reads(image: Image.Image, payload: str) -> bool:
    return any(r.text == payload for r in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))


def code_on(payload: str, *, module: int, size=(512, 512), at=(100, 100), background: int = 200) -> Image.Image:
    """Our code (its 4-module quiet zone included) with modules of `module` pixels, on a flat grey."""
    code = cards.qr_image(payload, box_size=1).convert("L")
    frame = Image.new("L", size, background)
    frame.paste(code.resize((code.width * module, code.height * module), Image.Resampling.NEAREST), at)
    return frame


def smeared(image: Image.Image, length: int, axis: int) -> Image.Image:
    """The image averaged over `length` copies shifted along one axis (1: across, 0: down)."""
    pixels = np.asarray(image, np.float32)
    return Image.fromarray((sum(np.roll(pixels, k, axis=axis) for k in range(length)) / length).astype(np.uint8))


def degrees_apart(a: float, b: float) -> float:
    """How far two directions (modulo 180 degrees) are apart."""
    return abs((a - b + 90) % 180 - 90)


def test_the_busiest_place_is_the_code(payload):
    frame = code_on(payload, module=4, size=(1280, 720), at=(800, 400))  # a small code, 132 pixels
    first, *others = busiest_places(frame, 3)
    assert math.dist((first.x, first.y), (800 + 66, 400 + 66)) < 40
    assert first.side == card_photos.WINDOW * 720
    assert all(math.dist((p.x, p.y), (first.x, first.y)) > 60 for p in others)


def test_a_blank_picture_has_no_place_worth_a_look():
    assert busiest_places(Image.new("L", (640, 480), 128), 3) == []


def test_a_place_is_cut_out_inside_the_picture_at_the_crop_size():
    picture = Image.new("L", (640, 480), 255)
    picture.paste(0, (0, 0, 200, 200))  # black in the top-left corner only
    crop, scale = crop_square(picture, Place(0, 0, 200))  # centred on the corner: moved inside
    assert crop.size == (CROP, CROP)
    assert scale == CROP / 200
    assert np.asarray(crop).mean() < 20  # the black square, not the white around it
    _, scale = crop_square(picture, Place(320, 240, 5000))
    assert scale == CROP / 480  # never more than the picture's short side


def test_evening_the_light_brings_out_a_faint_code_under_a_lopsided_lamp(payload):
    code = code_on(payload, module=8, size=(512, 512), at=(124, 124))
    pixels = 235 + 12 * (np.asarray(code, np.float32) > 100)  # 12 grey levels between dark and light
    faint = Image.fromarray((pixels - np.linspace(0, 60, 512)[None, :]).astype(np.uint8))
    assert not reads(faint, payload)
    assert reads(even_light(faint, 26), payload)


def test_focus_blur_of_a_known_radius_is_undone(payload):
    blurred = code_on(payload, module=6).filter(ImageFilter.GaussianBlur(3.5))
    assert not reads(blurred, payload)
    assert reads(Unblur(blurred).focus(3.5), payload)


@pytest.mark.parametrize(("axis", "angle"), [(1, 0), (0, 90)], ids=["across", "down"])
def test_a_smear_is_measured_and_undone(payload, axis, angle):
    sharp = code_on(payload, module=6)
    smudged = smeared(sharp, 14, axis)
    assert not reads(smudged, payload)
    found, length, one_way = smear(smudged)
    assert degrees_apart(found, angle) < 5
    assert length == 14
    assert one_way < 0.7
    assert reads(unsmear(smudged, found, length), payload)


def test_a_slanting_smear_is_found_to_within_ten_degrees(payload):
    frame = code_on(payload, module=6).convert("RGB")
    found, length, one_way = smear(_motion(frame, 12, math.radians(30)).convert("L"))
    assert degrees_apart(found, 30) < 10
    assert 10 <= length <= 14
    assert one_way < 0.7


def test_a_sharp_code_is_not_smeared(payload):
    assert smear(code_on(payload, module=6))[2] > 0.7


def test_past_the_deadline_only_the_first_pass_is_tried(payload):
    picture = code_on(payload, module=4, size=(640, 480)).filter(ImageFilter.GaussianBlur(2))
    assert [name for name, _, _ in Search(picture, seconds=0).passes()] == ["defaults"]


def test_a_picture_without_a_code_gets_a_bounded_number_of_bounded_passes():
    noise = np.random.default_rng(1).normal(128, 40, (1080, 1920))
    picture = Image.fromarray(np.clip(noise, 0, 255).astype(np.uint8))
    passes = [(name, image.width * image.height) for name, image, _ in Search(picture, seconds=60).passes()]
    assert [name for name, _ in passes[:3]] == ["defaults", "enlarged 1.5x", "enlarged 2.0x"]
    assert len(passes) <= 3 + card_photos.PLACES * 9
    assert all(pixels == CROP * CROP for _, pixels in passes[3:])
    assert max(pixels for _, pixels in passes) <= card_photos.MAX_ENLARGED_PIXELS


def test_where_zxing_saw_a_code_is_looked_at_first_at_two_sizes(monkeypatch):
    search = Search(Image.new("L", (1280, 720), 128))
    search.seen = [Place(300, 300, 300), Place(300, 300, 500)]
    monkeypatch.setattr(card_photos, "busiest_places", lambda grey, count: [Place(310, 310, 300), Place(900, 500, 216)])
    assert search._places() == [Place(300, 300, 300), Place(300, 300, 500), Place(900, 500, 216)]
