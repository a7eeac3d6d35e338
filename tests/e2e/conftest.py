"""Real-browser fixtures: a Streamlit server on a free port and Debian's headless Chromium."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from kiosk_core import db
from kiosk_core.config import load_clinic
from tests.conftest import unavailable
from tests.factories import enrol_tablet

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KIOSK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# The camera shows frames: a photo taken before that is blank.
CAMERA_PLAYING = (
    "(() => { const v = document.querySelector('video'); return v && v.readyState >= 2 && v.currentTime > 0.3; })()"
)
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"  # scripts/ensure-axe
SHOTS = os.environ.get("KIOSK_SCREENSHOTS")  # a folder to keep screenshots in, to look at


@dataclass
class Server:
    url: str
    engine: object

    def tablet(self, location: str = "north-syracuse") -> str:
        """The address of a lobby tablet enrolled at `location` just now (any other is a phone's)."""
        return f"{self.url}/?location={location}&tablet={enrol_tablet(self.engine, location)}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> bool:
    """True once the server answers; False if it exited first (its port was taken)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200 and process.poll() is None:
                    return True
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("streamlit did not become healthy")


def _serve(env: dict, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "streamlit", "run", "kiosk.py", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_server(folder: Path, **settings: str):
    """Start `streamlit run kiosk.py` on its own SQLite file; yields a Server, stops it after."""
    url = f"sqlite:///{folder / 'e2e.db'}"
    # A module's tests share its server for minutes: a shift started by an early test must not go
    # stale (10 minutes unseen) while a slow machine runs the later ones; no browser test needs it to.
    env = {**os.environ, "DATABASE_URL": url, "KIOSK_SHIFT_STALE_MINUTES": "600"}
    env |= {f"KIOSK_{k.upper()}": v for k, v in settings.items()}
    engine = db.make_engine(url)
    db.init_db(engine, load_clinic())
    # A free port can be taken before streamlit binds it (another worker's server, another
    # checkout's): streamlit then exits, and a new port is tried.
    try:
        for _ in range(3):
            port = _free_port()
            process = _serve(env, port)
            if _wait_healthy(f"http://127.0.0.1:{port}", process):
                break
        else:
            raise RuntimeError(f"streamlit exited with {process.returncode} on 3 free ports")
        yield Server(url=f"http://127.0.0.1:{port}", engine=engine)
    finally:
        process.terminate()
        process.wait(timeout=10)
        engine.dispose()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("e2e"))


@pytest.fixture(scope="session")
def playwright():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def write_y4m(picture: Image.Image, path: Path, frames: int = 10) -> Path:
    """A video file Chromium's fake camera plays on a loop: the picture, still."""
    picture = picture.convert("RGB").resize((640, 480))
    y, cb, cr = picture.convert("YCbCr").split()
    half = (320, 240)
    frame = b"FRAME\n" + y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    path.write_bytes(b"YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420jpeg\n" + frame * frames)
    return path


APP_IDLE = """(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app && app.getAttribute("data-test-script-state") === "notRunning"
    && !document.querySelector('[data-testid="stSkeleton"]');
})()"""


def choose_option(page, field, name: str, timeout: int = 20_000) -> None:
    """Open a select and pick `name`. A rerun that lands while the list is open (the page still
    drawing after a sign-in, a fragment's timer) shuts it: then the list is opened again, until
    the option is chosen or `timeout` ms have gone."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.wait_for_function(APP_IDLE, timeout=timeout)
    field.scroll_into_view_if_needed()
    option = page.get_by_role("option", name=name)
    deadline = time.monotonic() + timeout / 1000
    while True:
        field.click()
        try:
            option.click(timeout=3_000)
            return
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise


def start_shift(page, room: str | None = None) -> None:
    """ "Start shift" on a signed-in board, in `room` (the first free one if None): signing in
    starts no shift. Waits for "On shift"."""
    from playwright.sync_api import expect

    page.wait_for_function(APP_IDLE, timeout=30_000)
    if room is not None:
        page.locator(".st-key-shift_room").get_by_text(room, exact=True).click()
        page.wait_for_function(APP_IDLE, timeout=30_000)
    page.locator(".st-key-shift_start button").click()
    expect(page.locator(".st-key-shift_end")).to_be_visible(timeout=30_000)


def screenshot(page, name: str) -> None:
    if SHOTS:
        page.wait_for_function(APP_IDLE, timeout=20_000)
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        unavailable("axe-core is missing (scripts/ensure-axe fetches it from the npm registry)")
    return AXE.read_text()
