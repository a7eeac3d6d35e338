"""A seeded set of hard camera photos of client cards, for measuring QR decoders.

The codes are drawn with segno, not with the app's own generator (qrcode), so a decoder is not
measured only on the exact module shapes and quiet zone it was developed against. Each photo is
a card on a cluttered background, then a random mix of what a lobby camera does to it: tilt and
perspective, any rotation, blur (focus or motion), glare, low or uneven light, sensor noise and
JPEG compression. The mix is drawn per photo from a seed: the same seed gives the same set.
"""

import base64
import hashlib
import io
import math
import random
from dataclasses import dataclass

import numpy as np
import segno
from PIL import Image, ImageDraw, ImageFilter

from kiosk_core.clients import cards

FRAMES = ((1280, 720), (640, 480), (1920, 1080))
# How hard, as ranges drawn per photo. Lengths are for a 1280-pixel-wide frame (scaled with it).
# A card's width is a share of the frame's short side x 1.45: 0.18 is a card at arm's length
# (about 2.5 px a module at 640x480), 0.55 one held close.
CARD_SIZE = (0.18, 0.55)
TILT = 0.6  # radians (34 degrees) at most away from facing the camera
BLUR = (0.5, 2.5)  # Gaussian radius: out of focus
MOTION = (2, 8)  # the length of a smear: a hand still moving
DIM = (0.2, 0.55)  # the light that is left in a dim lobby
NOISE = (2, 10)  # sigma, in grey levels: a small sensor in that light
JPEG = (20, 85)  # quality


@dataclass(frozen=True)
class Photo:
    payload: str
    jpeg: bytes
    spoils: tuple[str, ...]  # what was done to it, e.g. ("tilt", "blur 2.4")


def payload(rng: random.Random) -> str:
    """A card payload like cards.new_payload(), but from the seeded generator."""
    return cards.payload_for(rng.randbytes(cards.TOKEN_BYTES))


def _card(text: str, rng: random.Random) -> Image.Image:
    """A printed card: a white board, the code (segno, level M, 4-module quiet zone), lines of print."""
    code = segno.make(text, error="m", boost_error=False, micro=False)
    modules = np.array([list(row) for row in code.matrix], dtype=np.uint8)
    scale = rng.randint(6, 10)  # printed module size, in card pixels
    grid = np.kron(1 - modules, np.ones((scale, scale), dtype=np.uint8)) * 255
    symbol = Image.fromarray(grid, "L")
    quiet = 4 * scale
    width = symbol.width + 2 * quiet
    card = Image.new("L", (int(width * 1.6), width + 3 * scale * 2), 255)
    card.paste(symbol, (quiet, quiet))
    draw = ImageDraw.Draw(card)
    x0 = width + scale
    for line in range(5):  # the clinic's name and a few words, as dark bars
        y = quiet + line * scale * 3
        draw.rectangle((x0, y, x0 + rng.randint(card.width - x0 - 3 * scale, card.width - x0 - scale), y + scale), 40)
    return card


def _background(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A lobby behind the card: a gradient, a few blocks of colour and some grain."""
    w, h = size
    base = np.linspace(rng.randint(40, 200), rng.randint(40, 200), w)[None, :] * np.ones((h, 1))
    picture = Image.fromarray(base.astype(np.uint8), "L").convert("RGB")
    draw = ImageDraw.Draw(picture)
    for _ in range(rng.randint(2, 6)):
        x, y = rng.randrange(w), rng.randrange(h)
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        draw.rectangle((x, y, x + rng.randint(40, w // 2), y + rng.randint(40, h // 2)), colour)
    return picture


def _perspective_coefficients(source: list[tuple[float, float]], target: list[tuple[float, float]]) -> list[float]:
    """PIL's PERSPECTIVE data: the map from output (target) points back to input (source) points."""
    rows = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    return list(np.linalg.solve(np.array(rows, float), np.array(source, float).reshape(8)))


def _place(card: Image.Image, frame: Image.Image, rng: random.Random, spoils: list[str]) -> tuple[float, float, float]:
    """Paste the whole card into the frame at a random size, angle and tilt (a 3D turn seen in
    perspective); returns its centre and width. A card cut off by the frame's edge is not a photo
    of a card, so a card too big for the frame is made smaller."""
    fw, fh = frame.size
    target = rng.uniform(*CARD_SIZE) * min(fw, fh) * 1.45
    angle = rng.uniform(0, 2 * math.pi)
    tilt = rng.uniform(0, TILT) if rng.random() < 0.7 else 0.0  # radians away from facing the camera
    if tilt:
        spoils.append(f"tilt {math.degrees(tilt):.0f}")
    turn = rng.uniform(0, 2 * math.pi)
    cw, ch = card.size
    scale = target / cw
    distance = 2.5 * cw  # a camera close enough for visible perspective
    offsets = []
    for x, y in ((-cw / 2, -ch / 2), (cw / 2, -ch / 2), (cw / 2, ch / 2), (-cw / 2, ch / 2)):
        # Tilt about an axis in the card's plane at angle `turn`, then project and rotate.
        a = x * math.cos(turn) + y * math.sin(turn)
        b = -x * math.sin(turn) + y * math.cos(turn)
        z = a * math.sin(tilt)
        a = a * math.cos(tilt)
        x, y = a * math.cos(turn) - b * math.sin(turn), a * math.sin(turn) + b * math.cos(turn)
        f = distance / (distance + z) * scale
        offsets.append(
            (f * (x * math.cos(angle) - y * math.sin(angle)), f * (x * math.sin(angle) + y * math.cos(angle)))
        )
    xs, ys = [x for x, _ in offsets], [y for _, y in offsets]
    fit = min(1.0, 0.96 * fw / (max(xs) - min(xs)), 0.96 * fh / (max(ys) - min(ys)))
    xs, ys = [x * fit for x in xs], [y * fit for y in ys]
    cx = rng.uniform(-min(xs), fw - max(xs))
    cy = rng.uniform(-min(ys), fh - max(ys))
    out = [(cx + x, cy + y) for x, y in zip(xs, ys, strict=True)]
    data = _perspective_coefficients([(0, 0), (cw, 0), (cw, ch), (0, ch)], out)
    warped = card.convert("RGB").transform(frame.size, Image.Transform.PERSPECTIVE, data, Image.Resampling.BICUBIC)
    mask = Image.new("L", card.size, 255).transform(frame.size, Image.Transform.PERSPECTIVE, data)
    paper = tuple(rng.randint(215, 255) for _ in range(3))  # not every card is white
    tinted = Image.fromarray((np.asarray(warped, float) * np.array(paper) / 255).astype(np.uint8))
    frame.paste(tinted, (0, 0), mask)
    return cx, cy, target * fit


def _light(pixels: np.ndarray, card: tuple[float, float, float], rng: random.Random, spoils: list[str]) -> np.ndarray:
    h, w, _ = pixels.shape
    if rng.random() < 0.4:  # a dim lobby: darker, flatter, and a camera that lifts the shadows
        gain, lift = rng.uniform(*DIM), rng.uniform(0, 25)
        pixels = pixels * gain + lift
        spoils.append(f"low light {gain:.2f}")
    if rng.random() < 0.4:  # light from one side
        ramp = np.linspace(rng.uniform(0.45, 1), rng.uniform(0.45, 1), w)[None, :, None]
        pixels = pixels * ramp
        spoils.append("uneven light")
    if rng.random() < 0.4:  # a lamp's reflection on the card: a bright blob washing out part of it
        cx, cy, size = card
        gx, gy = cx + rng.uniform(-0.6, 0.6) * size, cy + rng.uniform(-0.6, 0.6) * size
        radius = rng.uniform(0.1, 0.35) * size
        yy, xx = np.mgrid[0:h, 0:w]
        blob = np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * radius**2))[:, :, None]
        pixels = pixels + blob * rng.uniform(120, 260)
        spoils.append("glare")
    return pixels


def photo(seed: str) -> Photo:
    """One hard photo of one card; the same seed, the same photo."""
    rng = random.Random(seed)
    spoils: list[str] = []
    text = payload(rng)
    frame = _background(rng.choice(FRAMES), rng)
    where = _place(_card(text, rng), frame, rng, spoils)
    if rng.random() < 0.6:
        radius = rng.uniform(*BLUR) * frame.width / 1280
        frame = frame.filter(ImageFilter.GaussianBlur(radius))
        spoils.append(f"blur {radius:.1f}")
    elif rng.random() < 0.5:  # a hand still moving
        length = round(rng.uniform(*MOTION) * frame.width / 1280) + 1
        frame = _motion(frame, length, rng.uniform(0, math.pi))
        spoils.append(f"motion {length}")
    pixels = _light(np.asarray(frame, float), where, rng, spoils)
    if rng.random() < 0.6:
        sigma = rng.uniform(*NOISE)
        pixels = pixels + np.random.default_rng(rng.getrandbits(32)).normal(0, sigma, pixels.shape)
        spoils.append(f"noise {sigma:.0f}")
    picture = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    quality = rng.randint(*JPEG)
    spoils.append(f"jpeg {quality}")
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=quality)
    return Photo(payload=text, jpeg=out.getvalue(), spoils=tuple(spoils))


def _motion(frame: Image.Image, length: int, direction: float) -> Image.Image:
    """The frame smeared along a line of `length` pixels: the average of its shifted copies."""
    pixels = np.asarray(frame, float)
    smear = np.zeros_like(pixels)
    for step in range(length):
        dy, dx = round(step * math.sin(direction)), round(step * math.cos(direction))
        smear += np.roll(pixels, (dy, dx), axis=(0, 1))
    return Image.fromarray((smear / length).astype(np.uint8))


def photos(count: int, seed: int, pool=None) -> list[Photo]:
    """The set: photo i from the seed "seed:i", so a set's first photos are a smaller set's."""
    seeds = [f"{seed}:{i}" for i in range(count)]
    return list(pool.map(photo, seeds) if pool else map(photo, seeds))


def fingerprint(set_: list[Photo]) -> str:
    """A short digest of the whole set, so two runs can be seen to measure the same photos."""
    digest = hashlib.sha256(b"".join(p.jpeg for p in set_)).digest()
    return base64.b32encode(digest).decode()[:10]
