"""How often the server reads a card from a hard photo: the kiosk's decoder next to OpenCV's.

    .venv/bin/python -m bench.decode [--count 500] [--seed 2026]

Both decoders get the same seeded set of distorted photos (bench/card_photos.py: segno-made
cards, blurred, tilted, glared, dim, noisy, JPEG). Prints the share each one reads, which of
the kiosk's passes read how many, what the missed photos had in common, and the time per photo
(wall clock, and the decoding thread's CPU time, which a busy machine does not stretch); then
the time for the photos the first pass misses, for a plain photo (the common case) and for a
cluttered picture with no card (every pass tried). Asserts nothing.
"""

import argparse
import collections
import importlib.metadata
import io
import multiprocessing
import os
import random
import time

import cv2
import numpy as np
from PIL import Image

from bench import card_photos
from kiosk_core.clients import card_photos as photo_decode
from kiosk_core.clients import cards
from kiosk_core.percentile import median, percentile


def timed_decode(data: bytes, payload: str) -> tuple[bool, float, float]:
    """(read right, wall seconds, CPU seconds of this thread) for cards.decode_picture."""
    began, cpu = time.perf_counter(), time.thread_time()
    try:
        read = cards.decode_picture(data) == payload
    except cards.CardError:
        read = False
    return read, time.perf_counter() - began, time.thread_time() - cpu


def kiosk(photo: card_photos.Photo) -> tuple[bool, float, str | None, float]:
    """(read right, seconds, the pass that read it, CPU seconds) with the kiosk's own decoder."""
    read, seconds, cpu = timed_decode(photo.jpeg, photo.payload)
    return read, seconds, which_pass(photo) if read else None, cpu


def which_pass(photo: card_photos.Photo) -> str | None:
    """The name of the photo_decode pass that reads the photo (a second search, not timed)."""
    for name, result in photo_decode.Search(cards.open_grey(photo.jpeg)).results():
        if result.text == photo.payload:
            return name
    return None


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
    middle, p90 = percentile(ordered, 0.5), percentile(ordered, 0.9)
    return f"median {middle * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms, max {ordered[-1] * 1000:.0f} ms"


def jpeg(frame: Image.Image, quality: int = 85) -> bytes:
    out = io.BytesIO()
    frame.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def plain_photo() -> tuple[bytes, str]:
    """A card held up square to a 1280x720 camera, nothing spoiled: the everyday picture."""
    payload = cards.new_payload()
    frame = Image.new("RGB", (1280, 720), (120, 130, 125))
    frame.paste(cards.qr_image(payload).resize((300, 300)), (420, 180))
    return jpeg(frame), payload


def no_card_photo(size: tuple[int, int], seed: int) -> tuple[bytes, str]:
    """A cluttered, noisy lobby with no card in it: every pass is tried, then UnreadableCode."""
    frame = card_photos._background(size, random.Random(seed))
    noise = np.random.default_rng(seed).normal(0, 6, (size[1], size[0], 3))
    frame = Image.fromarray(np.clip(np.asarray(frame, float) + noise, 0, 255).astype(np.uint8))
    return jpeg(frame, 60), "no card"


def repeated(data: bytes, payload: str, repeat: int) -> str:
    wall, cpu = [], []
    for _ in range(repeat):
        _, seconds, thread = timed_decode(data, payload)
        wall.append(seconds)
        cpu.append(thread)
    return (
        f"median {median(wall) * 1000:.1f} ms, max {max(wall) * 1000:.0f} ms"
        f" (CPU: median {median(cpu) * 1000:.1f} ms, max {max(cpu) * 1000:.0f} ms)"
    )


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg()) + f", {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    cv2.setNumThreads(1)  # one photo per process, like one tablet's request on the server
    print(f"before: {load()}")
    with multiprocessing.Pool() as pool:
        photos = card_photos.photos(args.count, args.seed, pool)
        results = pool.map(both, photos)
    ours = [k for k, _ in results]
    theirs = [o for _, o in results]
    n = len(photos)
    read = sum(r for r, _, _, _ in ours)
    read_cv = sum(r for r, _ in theirs)
    print(f"{n} distorted photos of segno-made cards, seed {args.seed} (set {card_photos.fingerprint(photos)})")
    zxing = importlib.metadata.version("zxing-cpp")
    for name, hits, seconds in (
        (f"kiosk, zxing-cpp {zxing} in passes", read, [s for _, s, _, _ in ours]),
        (f"OpenCV {cv2.__version__} QRCodeDetector", read_cv, [s for _, s in theirs]),
    ):
        print(f"  {name}: {hits}/{n} = {100 * hits / n:.1f}%  ({ms(seconds)})")
    by_pass = collections.Counter(p for _, _, p, _ in ours if p)
    print("  read by the kiosk's pass: " + "; ".join(f"{p}: {k}" for p, k in by_pass.most_common()))
    missed = [photo for photo, (r, _, _, _) in zip(photos, ours, strict=True) if not r]
    spoils = collections.Counter(s.split()[0] for photo in missed for s in photo.spoils if not s.startswith("jpeg"))
    print(f"  kiosk's misses ({len(missed)}) had: " + ", ".join(f"{k} {v}" for k, v in spoils.most_common()))
    pairs = [(r, rc) for (r, _, _, _), (rc, _) in zip(ours, theirs, strict=True)]
    only_cv = sum(rc and not r for r, rc in pairs)
    print(f"  missed by both: {sum(not r and not rc for r, rc in pairs)}; read by OpenCV only: {only_cv}")
    hard = [(s, cpu) for r, s, p, cpu in ours if p != "defaults"]
    print(f"  the {len(hard)} photos the first pass misses, kiosk: {ms([s for s, _ in hard])}")
    print(f"    their CPU time: {ms([c for _, c in hard])}")
    print(f"  every photo, kiosk CPU: {ms([cpu for _, _, _, cpu in ours])}")
    print(f"after: {load()}")
    print(f"plain 1280x720 photo, kiosk decoder: {repeated(*plain_photo(), 50)}")
    for size in ((1280, 720), (1920, 1080)):
        print(f"no card, {size[0]}x{size[1]}, kiosk decoder (UnreadableCode): {repeated(*no_card_photo(size, 1), 5)}")


if __name__ == "__main__":
    main()
