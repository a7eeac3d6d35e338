"""What a hostile picture costs the server: time and memory to refuse it, next to an honest photo.

    .venv/bin/python -m bench.pictures [--repeat 20]

Each case runs in a fresh process, so each peak of memory is its own. "before" is the decoding
this kiosk did before pictures were bounded (open, load, convert), for comparison.
Prints figures; asserts nothing about speed.
"""

import argparse
import io
import multiprocessing
import re
import time
import warnings

import zxingcpp
from PIL import Image

from kiosk_core.clients import cards
from kiosk_core.percentile import median
from tests.unit.test_cards import blank_png, jpeg, photo_of


def decode_before(data: bytes) -> str:
    """cards.decode_picture as it was: no byte or pixel bound before decoding."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return str(zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode))


def status_kib(field: str) -> int:
    with open("/proc/self/status") as status:
        return int(re.search(rf"^{field}:\s+(\d+) kB", status.read(), re.MULTILINE).group(1))


def reset_peak() -> int:
    """Forget this process's peak memory (Linux); returns the memory in use now, in KiB.
    A new process starts with its parent's peak, so ru_maxrss alone would hide a smaller one."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    return status_kib("VmRSS")


def measure(how: str, data: bytes, repeat: int) -> tuple[str, float, float]:
    """(outcome, median seconds, peak memory growth in MiB) of decoding `data` `repeat` times."""
    decode = cards.decode_picture if how == "now" else decode_before
    if how == "before":  # importing cards made Pillow's warning an error; before, it was only logged
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
    Image.open(io.BytesIO(jpeg(Image.new("RGB", (64, 64))))).load()  # load the decoders first
    start_kib = reset_peak()
    times, outcome = [], ""
    for _ in range(repeat):
        began = time.perf_counter()
        try:
            decode(data)
            outcome = "decoded"
        except Exception as error:  # the figure to report is which error, not a traceback
            outcome = type(error).__name__
        times.append(time.perf_counter() - began)
    grown_mib = (status_kib("VmHWM") - start_kib) / 1024
    return outcome, median(times), grown_mib


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    payload = cards.new_payload()
    cases = [
        ("20000x20000 PNG", blank_png(20_000, 20_000), ("now", "before")),
        ("13000x13000 PNG", blank_png(13_000, 13_000), ("now", "before")),
        ("9 MiB of bytes", b"\xff\xd8\xff" + bytes(9 * 1024 * 1024), ("now",)),
        ("1280x720 camera JPEG", jpeg(photo_of(payload)), ("now", "before")),
        ("4096x3072 JPEG (the limit)", jpeg(photo_of(payload, size=(4096, 3072), card_px=900)), ("now",)),
    ]
    spawn = multiprocessing.get_context("spawn")
    print(f"{'picture':28} {'size':>9}  {'code':6} {'outcome':24} {'median':>10} {'peak memory':>12}")
    for name, data, hows in cases:
        for how in hows:
            repeat = args.repeat if how == "now" else 3  # the old path takes seconds
            with spawn.Pool(1) as pool:
                outcome, seconds, mib = pool.apply(measure, (how, data, repeat))
            size = f"{len(data) / 1024:.0f} KiB"
            print(f"{name:28} {size:>9}  {how:6} {outcome:24} {seconds * 1000:8.2f} ms {mib:+9.1f} MiB")


if __name__ == "__main__":
    main()
