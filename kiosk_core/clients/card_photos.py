"""Finding a card's QR code in a camera photo: what zxing-cpp is shown, in turn, until it reads.

A plain photo is read by the first pass, zxing-cpp's defaults on the whole picture, in a few
milliseconds. Only a hard photo pays for the rest (chosen and ordered with bench/decode.py):

1. the whole picture enlarged 1.5 and 2 times (a far card's 2-3-pixel modules survive zxing-cpp's
   binarizer once enlarged);
2. the places where a code probably is, looked at closely: first where zxing-cpp saw a code it
   could not read, then the busiest places of the picture (the most light-dark edges, as a code
   has). Each is cut out, scaled to CROP pixels square and shown to zxing-cpp cleaned up, in turn:
   focus blur undone (a Wiener filter), light evened out (glare, a dim or lopsided lamp), a
   hand's movement undone when the picture is smeared one way, a global threshold.

Every pass works on a bounded number of pixels, and no pass starts once the search has used
SEARCH_SECONDS of its thread's CPU time, so a photo without a code fails in bounded time too; a
busy server reads the same photos as an idle one, only later.
"""

import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import numpy as np
import zxingcpp
from PIL import Image, ImageFilter

QR = zxingcpp.BarcodeFormat.QRCode
# Enlarging the whole picture stops at this many pixels (a 1080p frame doubled), so that a big
# picture never costs more than that to retry.
MAX_ENLARGED_PIXELS = 3840 * 2160
PLACES = 3  # places looked at closely (the code is the first in nearly every photo read there)
CROP = 512  # a place is looked at this many pixels square
# A place is this share of the picture's short side (a small code is 0.12 of it); where zxing-cpp
# saw a code, two places, 3 and 5 times the side of what it saw (it may have seen only a corner).
WINDOW = 0.3
SEEN = (3, 5)
BLUR = 2 / 1280  # focus blur undone: its Gaussian radius, as a share of the picture's width
MIN_EDGES = 3.0  # a place whose mean light-dark step is below this (in grey levels) is blank
SEARCH_SECONDS = 1.0  # of the thread's CPU time; a whole search of a benchmark photo took under 0.4 s


@dataclass(frozen=True)
class Place:
    """A square of the picture worth a close look: its centre and side, in picture pixels."""

    x: float
    y: float
    side: float


def busiest_places(grey: Image.Image, count: int) -> list[Place]:
    """The centres of the `count` squares (WINDOW of the short side) with the most light-dark
    edges per pixel, apart from each other; none where the picture is blank."""
    step = max(1, min(grey.size) // 720)  # a big photo is looked over at about 720 pixels
    small = grey.reduce(step) if step > 1 else grey
    pixels = np.asarray(small, np.int16)
    edges = np.zeros(pixels.shape, np.int16)
    edges[:, 1:] += np.abs(np.diff(pixels, axis=1))
    edges[1:, :] += np.abs(np.diff(pixels, axis=0))
    cell = 8
    coarse = Image.fromarray(np.minimum(edges, 255).astype(np.uint8)).reduce(cell)
    radius = max(1, round(0.06 * min(small.size) / cell))  # over a small code (0.12 of the short side)
    density = np.asarray(coarse.filter(ImageFilter.BoxBlur(radius)), np.float32).copy()
    places = []
    for _ in range(count):
        y, x = np.unravel_index(np.argmax(density), density.shape)
        if density[y, x] < MIN_EDGES:
            break
        places.append(Place((x + 0.5) * cell * step, (y + 0.5) * cell * step, WINDOW * min(grey.size)))
        density[max(0, y - 2 * radius) : y + 2 * radius + 1, max(0, x - 2 * radius) : x + 2 * radius + 1] = 0
    return places


def crop_square(grey: Image.Image, place: Place) -> tuple[Image.Image, float]:
    """The place cut out (moved inside the picture if it overhangs) and scaled to CROP pixels
    square; and the scale it was shown at."""
    side = min(place.side, grey.width, grey.height)
    left = min(max(0.0, place.x - side / 2), grey.width - side)
    top = min(max(0.0, place.y - side / 2), grey.height - side)
    box = (round(left), round(top), round(left + side), round(top + side))
    return grey.resize((CROP, CROP), Image.Resampling.BICUBIC, box=box), CROP / side


def even_light(image: Image.Image, radius: int) -> Image.Image:
    """Each pixel against its neighbourhood: its difference from the local mean over the local
    mean deviation. Glare, a dim or lopsided light leave faint codes; this makes every part of
    the code as contrasted as the rest."""
    pixels = np.asarray(image, np.int16)
    difference = pixels - np.asarray(image.filter(ImageFilter.BoxBlur(radius)), np.int16)
    spread = Image.fromarray(np.minimum(np.abs(difference), 255).astype(np.uint8)).filter(ImageFilter.BoxBlur(radius))
    out = 128 + difference * 48 / (np.asarray(spread, np.float32) + 6)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


class Unblur:
    """Blur undone from one image by a Wiener filter; its spectrum is computed once for every try."""

    def __init__(self, image: Image.Image):
        pixels = np.asarray(image, np.float32) / 255
        self.mean = pixels.mean()
        self.spectrum = np.fft.rfft2(pixels - self.mean)
        self.shape = pixels.shape

    def restore(self, transfer: np.ndarray, noise: float) -> Image.Image:
        """The image with a blur of this transfer function (for rfft2) undone as far as noise lets."""
        gain = np.conj(transfer) / (np.abs(transfer) ** 2 + noise)
        restored = np.fft.irfft2(self.spectrum * gain, s=self.shape) + self.mean
        return Image.fromarray(np.clip(restored * 255, 0, 255).astype(np.uint8))

    def focus(self, radius: float) -> Image.Image:
        """Focus blur of this Gaussian radius undone."""
        height, width = self.shape
        frequencies = np.fft.fftfreq(height)[:, None] ** 2 + np.fft.rfftfreq(width)[None, :] ** 2
        return self.restore(np.exp(-2 * (math.pi * radius) ** 2 * frequencies).astype(np.float32), 0.01)


def smear(image: Image.Image, longest: int = 40) -> tuple[float, int, float]:
    """How a moving hand smeared the image: (direction in degrees, length in pixels, how one-way:
    the weakest direction's edges over the strongest's, 1 for no smear). The direction is the one
    with the weakest edges; the length is where the edges along it best cancel their own copy."""
    pixels = np.asarray(image, np.float32)
    across = (pixels[1:-1, 2:] - pixels[1:-1, :-2]) / 2
    down = (pixels[2:, 1:-1] - pixels[:-2, 1:-1]) / 2
    xx, yy, xy = (across * across).mean(), (down * down).mean(), (across * down).mean()
    weakest, strongest = np.linalg.eigvalsh([[xx, xy], [xy, yy]])
    angle = math.degrees(0.5 * math.atan2(2 * xy, xx - yy) + math.pi / 2) % 180
    level = np.diff(np.asarray(image.rotate(angle, Image.Resampling.BILINEAR), np.float32), axis=1)
    h, w = level.shape
    middle = level[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4]  # clear of the corners the turn left black
    spectrum = np.fft.rfft(middle, n=2 * middle.shape[1], axis=1)
    correlation = np.fft.irfft(spectrum * np.conj(spectrum), axis=1).mean(axis=0)[: longest + 1]
    length = int(np.argmin(correlation[1:])) + 1
    return angle, length, float(weakest / strongest) if strongest > 0 else 1.0


def unsmear(image: Image.Image, angle: float, length: int) -> Image.Image:
    """A smear of this length along this direction undone; the result is turned so that the smear
    ran across (zxing-cpp reads a code at any angle)."""
    turned = image.rotate(angle, Image.Resampling.BILINEAR)
    line = np.zeros(turned.width, np.float32)
    line[:length] = 1 / length
    return Unblur(turned).restore(np.fft.rfft(line)[None, :], 0.03)


class Search:
    """The passes over one picture, in order; zxing-cpp's failures steer the later ones."""

    def __init__(self, grey: Image.Image, *, seconds: float = SEARCH_SECONDS):
        self.grey = grey
        self.seen: list[Place] = []  # where zxing-cpp saw a code it could not read
        self.scale: float | None = None  # the current pass's picture, in picture pixels per pixel
        self.deadline = time.thread_time() + seconds

    def results(self) -> Iterator[tuple[str, zxingcpp.Barcode]]:
        """(pass name, code read) for every code read, pass after pass, until the caller stops."""
        for name, image, options in self.passes():
            for result in zxingcpp.read_barcodes(image, formats=QR, return_errors=True, **options):
                if result.valid:
                    yield name, result
                elif self.scale:
                    self._saw(result.position)

    def _saw(self, corners: zxingcpp.Position) -> None:
        points = [
            (p.x / self.scale, p.y / self.scale)
            for p in (corners.top_left, corners.top_right, corners.bottom_right, corners.bottom_left)
        ]
        side = max(math.dist(points[i], points[i - 1]) for i in range(4))
        if side >= 8:
            x, y = sum(x for x, _ in points) / 4, sum(y for _, y in points) / 4
            for times in SEEN:
                self.seen.append(Place(x, y, max(WINDOW * min(self.grey.size), times * side)))

    def passes(self) -> Iterator[tuple[str, Image.Image, dict]]:
        """(name, image, zxing-cpp options) to try in turn; after the first, none is made or
        tried past the deadline."""
        for number, (name, make, options) in enumerate(self._passes()):
            if number and time.thread_time() > self.deadline:
                return
            yield name, make(), options

    def _passes(self) -> Iterator[tuple[str, Callable[[], Image.Image], dict]]:
        grey = self.grey
        self.scale = 1.0
        yield "defaults", lambda: grey, {}
        for factor in (1.5, 2.0):
            size = (round(grey.width * factor), round(grey.height * factor))
            if size[0] * size[1] > MAX_ENLARGED_PIXELS:
                break
            self.scale = factor
            yield f"enlarged {factor}x", partial(grey.resize, size, Image.Resampling.BICUBIC), {}
        self.scale = None  # a close look's failures steer nothing
        for number, place in enumerate(self._places(), 1):
            image, scale = crop_square(grey, place)
            for look, make, options in _close_looks(image, BLUR * grey.width * scale):
                yield f"place {number}, {look}", make, {"try_downscale": False, **options}

    def _places(self) -> list[Place]:
        """Where zxing-cpp saw codes, then the busiest places; one of each neighbourhood."""
        places: list[Place] = []
        for place in [*self.seen, *busiest_places(self.grey, PLACES)]:
            if all(
                math.dist((place.x, place.y), (other.x, other.y)) > other.side / 4
                or not 0.67 < place.side / other.side < 1.5
                for other in places
            ):
                places.append(place)
        return places[:PLACES]


def _close_looks(image: Image.Image, blur: float) -> Iterator[tuple[str, Callable[[], Image.Image], dict]]:
    """(name, image maker, zxing-cpp options) for one place, CROP pixels square; `blur` is the
    focus blur's likely radius there. Ordered by what each read on the benchmark's hard photos
    that the ones before it had not."""
    unblur = Unblur(image)
    coarse, fine = round(CROP / 20), round(CROP / 40)  # about 2 and 1 modules of a code in a place
    yield "unblurred", partial(unblur.focus, blur), {}
    yield "light evened", partial(even_light, image, coarse), {}
    angle, length, one_way = smear(image)
    smeared = one_way < 0.7 and length >= 3  # edges clearly weaker one way: a hand still moving
    if smeared:
        yield "unsmeared", partial(unsmear, image, angle, length), {}
    yield "light evened finely", partial(even_light, image, fine), {}
    if smeared:
        yield "unsmeared, light evened", lambda: even_light(unsmear(image, angle, length), fine), {}
        for turn in (-10, 10):  # the direction is found to within about 10 degrees
            yield f"unsmeared at {turn:+} degrees", partial(unsmear, image, angle + turn, length), {}
    yield "unblurred more", partial(unblur.focus, 1.25 * blur), {}
    yield "unblurred less", partial(unblur.focus, 0.75 * blur), {}
    yield "unblurred, one threshold", partial(unblur.focus, blur), {"binarizer": zxingcpp.Binarizer.GlobalHistogram}
