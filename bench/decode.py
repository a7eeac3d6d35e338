"""How often the server reads a card from a hard photo: the kiosk's decoder next to OpenCV's.

    .venv/bin/python -m bench.decode [--count 500] [--seed 2026]

Both decoders get the same seeded set of distorted photos (bench/card_photos.py: segno-made
cards, blurred, tilted, glared, dim, noisy, JPEG). Prints the share each one reads, which of
the kiosk's passes read how many, what the missed photos had in common, and the time per photo;
then the time for a plain photo, the common case. Asserts nothing.
"""

import argparse
import collections
import importlib.metadata
import io
import multiprocessing
import statistics
import time

import cv2
import numpy as np
import zxingcpp
from PIL import Image

from bench import card_photos
from kiosk_core import cards


def kiosk(photo: card_photos.Photo) -> tuple[bool, float, int | None]:
    """(read right, seconds, the pass that read it) with the kiosk's own decoder."""
    began = time.perf_counter()
    try:
        read = cards.decode_picture(photo.jpeg) == photo.payload
    except cards.CardError:
        read = False
    seconds = time.perf_counter() - began
    return read, seconds, which_pass(photo) if read else None


def which_pass(photo: card_photos.Photo) -> int:
    """The first of cards.decode_passes that reads the photo (timed apart from the decode)."""
    grey = Image.open(io.BytesIO(photo.jpeg)).convert("L")
    for number, (image, options) in enumerate(cards.decode_passes(grey), 1):
        found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, **options)
        if any(result.text == photo.payload for result in found):
            return number
    return 0


def opencv(photo: card_photos.Photo) -> tuple[bool, float]:
    """OpenCV's QRCodeDetector on the same grey picture (the JPEG decoded the same way)."""
    began = time.perf_counter()
    grey = np.asarray(Image.open(io.BytesIO(photo.jpeg)).convert("L"))
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(grey)
    return text == photo.payload, time.perf_counter() - began


def both(photo: card_photos.Photo):
    return kiosk(photo), opencv(photo)


def ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    median = statistics.median(ordered)
    return f"median {median * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms, max {ordered[-1] * 1000:.0f} ms"


def plain_photo_ms(repeat: int = 50) -> float:
    """A card held up square to a 1280x720 camera, nothing spoiled: the everyday picture."""
    payload = cards.new_payload()
    frame = Image.new("RGB", (1280, 720), (120, 130, 125))
    frame.paste(cards.qr_image(payload).resize((300, 300)), (420, 180))
    out = io.BytesIO()
    frame.save(out, format="JPEG", quality=85)
    data = out.getvalue()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        assert cards.decode_picture(data) == payload
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    cv2.setNumThreads(1)  # one photo per process, like one tablet's request on the server
    with multiprocessing.Pool() as pool:
        photos = card_photos.photos(args.count, args.seed, pool)
        results = pool.map(both, photos)
    ours = [k for k, _ in results]
    theirs = [o for _, o in results]
    n = len(photos)
    read = sum(r for r, _, _ in ours)
    read_cv = sum(r for r, _ in theirs)
    print(f"{n} distorted photos of segno-made cards, seed {args.seed} (set {card_photos.fingerprint(photos)})")
    zxing = importlib.metadata.version("zxing-cpp")
    for name, hits, seconds in (
        (f"kiosk, zxing-cpp {zxing} in passes", read, [s for _, s, _ in ours]),
        (f"OpenCV {cv2.__version__} QRCodeDetector", read_cv, [s for _, s in theirs]),
    ):
        print(f"  {name}: {hits}/{n} = {100 * hits / n:.1f}%  ({ms(seconds)})")
    by_pass = collections.Counter(p for _, _, p in ours if p)
    print("  read by the kiosk's pass: " + ", ".join(f"#{p}: {by_pass[p]}" for p in sorted(by_pass)))
    missed = [photo for photo, (r, _, _) in zip(photos, ours, strict=True) if not r]
    spoils = collections.Counter(s.split()[0] for photo in missed for s in photo.spoils if not s.startswith("jpeg"))
    print(f"  kiosk's misses ({len(missed)}) had: " + ", ".join(f"{k} {v}" for k, v in spoils.most_common()))
    pairs = [(r, rc) for (r, _, _), (rc, _) in zip(ours, theirs, strict=True)]
    only_cv = sum(rc and not r for r, rc in pairs)
    print(f"  missed by both: {sum(not r and not rc for r, rc in pairs)}; read by OpenCV only: {only_cv}")
    print(f"plain 1280x720 photo, kiosk decoder: median {plain_photo_ms():.1f} ms")


if __name__ == "__main__":
    main()
