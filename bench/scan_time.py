"""How long a client holding up their card waits to be greeted, measured in Chromium.

    .venv/bin/python -m bench.scan_time [--runs 10]

A Streamlit server on its own SQLite file, and Debian's Chromium whose fake camera films a
client's card (as in tests/e2e). Each run opens the tablet in a fresh context, taps "Use the
camera" and waits for "Hi Tom!", timed by the browser's clock: from the camera's first frame
(the card is already in front of it) and from the tap (the camera's start included). This
Chromium has no BarcodeDetector, so the scan is zxing-wasm's. Asserts nothing.
"""

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from kiosk_core.percentile import median
from tests.e2e.conftest import start_server
from tests.e2e.test_card_scanner import card_frame, greeted_at, launch_filming, to_camera
from tests.factories import make_client


def seconds(values: list[float]) -> str:
    return f"median {median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    from_frame, from_tap = [], []
    with tempfile.TemporaryDirectory() as folder:
        servers = start_server(Path(folder))
        server = next(servers)
        _, payload = make_client(server.engine, first_name="Tom")
        with sync_playwright() as playwright:
            browser = launch_filming(playwright, card_frame(payload), Path(folder))
            for _ in range(args.runs):
                t = to_camera(browser, server)
                tapped = t.page.evaluate("performance.now()")  # just after the tap: a few ms late
                shown = greeted_at(t, "Tom")
                playing = t.page.evaluate("performance.getEntriesByName('card-scanner:playing')[0].startTime")
                from_frame.append((shown - playing) / 1000)
                from_tap.append((shown - tapped) / 1000)
                t.page.context.close()
            browser.close()
        next(servers, None)  # stops the server
    print(f"live scan to greeting, {args.runs} runs, Chromium's fake camera, zxing-wasm:")
    print(f"  from the camera's first frame: {seconds(from_frame)}")
    print(f"  from tapping 'Use the camera': {seconds(from_tap)}")


if __name__ == "__main__":
    main()
