"""How many camera photos the server still holds after N camera check-ins on one tablet.

    .venv/bin/python -m bench.photo_memory [--check-ins 12]

Runs the app in this process (so it can count what Streamlit keeps) and drives one
tablet in headless Chromium with a fake camera showing a client's card. Prints figures.
A bench, not the app: it starts Streamlit's server itself and reads its private file store
and session list on purpose (count_held).
"""

import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect, sync_playwright
from streamlit.runtime import Runtime
from streamlit.web import bootstrap

from kiosk_core.clients import cards
from tests.e2e.conftest import CAMERA_PLAYING, CHROMIUM, CHROMIUM_ARGS, write_y4m


def count_held(runtime) -> tuple[int, int]:
    """(photos held in server memory, sessions alive)."""
    storage = runtime._uploaded_file_mgr.file_storage
    alive = {info.session.id for info in runtime._session_mgr.list_sessions()}
    photos = sum(len(files) for files in storage.values())
    return photos, len(alive)


def drive(port: int, runs: int, folder: Path, payload: str) -> None:
    frame = Image.new("RGB", (640, 480), (150, 140, 130))
    frame.paste(cards.qr_image(payload).resize((300, 300)), (170, 90))
    video = write_y4m(frame, folder / "card.y4m")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # the server starts in the main thread
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                *CHROMIUM_ARGS,
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        page = browser.new_context(permissions=["camera"]).new_page()
        page.goto(f"http://127.0.0.1:{port}/?location=north-syracuse")
        for n in range(1, runs + 1):
            expect(page.get_by_text("Been here before?")).to_be_visible(timeout=30_000)
            page.get_by_role("button", name="Use the camera").click()
            take = page.get_by_role("button", name="Take Photo")
            expect(take).to_be_enabled(timeout=30_000)
            page.wait_for_function(CAMERA_PLAYING, timeout=30_000)
            take.click()
            expect(page.get_by_text("Hi Bench!")).to_be_visible(timeout=30_000)
            photos, sessions = count_held(Runtime.instance())
            print(f"identified by camera {n:2d}: photos held {photos}, sessions {sessions}", flush=True)
            page.get_by_role("button", name="Start over").click()
        expect(page.get_by_text("Been here before?")).to_be_visible(timeout=30_000)
        ttl = 10
        time.sleep(ttl + 5)  # a measurement window, not a wait for a condition
        photos, sessions = count_held(Runtime.instance())
        print(f"{ttl + 5} s after the last reset: photos held {photos}, sessions {sessions}", flush=True)
        browser.close()
    os._exit(0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check-ins", type=int, default=12)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.db'}"
    from kiosk_core import db
    from kiosk_core.config import load_clinic, settings
    from kiosk_core.screens.tablet import register_walk_in

    settings.database_url = os.environ["DATABASE_URL"]
    db.init_db(db.get_engine(), load_clinic())
    payload = register_walk_in(
        {"first_name": "Bench", "last_name": "Mark", "phone": "3155550100"}, clinic=load_clinic()
    ).card_payload
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    threading.Thread(target=drive, args=(port, args.check_ins, folder, payload), daemon=True).start()
    sys.argv = ["streamlit", "run", "kiosk.py"]
    options = {"server_port": port, "server_address": "127.0.0.1", "server_headless": True}
    bootstrap.load_config_options(flag_options=options)
    bootstrap.run("kiosk.py", False, [], options)


if __name__ == "__main__":
    main()
