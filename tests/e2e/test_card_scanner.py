"""The live card scan in a real Chromium, its fake camera showing a card: greeted with no tap,
the camera off once the screen changes, and nothing but the text read sent to the server."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from kiosk_core.clients import cards
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, write_y4m
from tests.e2e.test_tablet import BLIND_SCANNER, TIMEOUT, Tablet
from tests.factories import make_client
from ui.tablet_screens.welcome import CAMERA_BOX

pytestmark = pytest.mark.browser

# Every camera stream the page opens, so a test can see whether one is still running.
WATCH_CAMERA = """
window.cameraStreams = [];
const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await getUserMedia(constraints);
  window.cameraStreams.push(stream);
  return stream;
};
"""
LIVE_TRACKS = "window.cameraStreams.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length"
# By the keys the camera screen gives them (ui/tablet_screens/welcome.py): Streamlit's camera
# for a photo, and the live scanner of any round.
PHOTO_CAMERA = f".st-key-{CAMERA_BOX}"
LIVE_SCANNER = '[class*="st-key-scanner_"]'
SCANNER_STOPPED = "window.cameraStreams[0].getTracks().every((t) => t.readyState === 'ended')"


def card_frame(text: str) -> Image.Image:
    """What the fake camera films: a code held up in front of a plain wall."""
    frame = Image.new("RGB", (640, 480), (150, 140, 130))
    frame.paste(cards.qr_image(text).resize((300, 300)), (170, 90))
    return frame


def launch_filming(playwright, picture: Image.Image, folder):
    """A Chromium whose camera films `picture`, still."""
    video = write_y4m(picture, folder / "camera.y4m")
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )


@pytest.fixture(scope="module")
def tom(server):
    _, payload = make_client(server.engine, first_name="Tom")
    return payload


@pytest.fixture(scope="module")
def filming_toms_card(playwright, tom, tmp_path_factory):
    browser = launch_filming(playwright, card_frame(tom), tmp_path_factory.mktemp("toms-card"))
    yield browser
    browser.close()


def to_camera(browser, server, *, init_script: str = "") -> Tablet:
    context = browser.new_context(viewport={"width": 1024, "height": 768}, permissions=["camera"])
    context.add_init_script(WATCH_CAMERA + init_script)
    page = context.new_page()
    page.goto(server.tablet())
    t = Tablet(page)
    t.see("Been here before?")
    t.tap(t.button("to_camera"))
    return t


def greeted_at(t: Tablet, name: str) -> float:
    """Wait for the greeting; the browser's clock when it showed (polled every animation frame)."""
    shown = f"() => document.body.innerText.includes('Hi {name}!') && performance.now()"
    return t.page.wait_for_function(shown, timeout=TIMEOUT).json_value()


def test_a_card_held_up_to_the_camera_greets_the_client_without_a_tap(server, filming_toms_card):
    t = to_camera(filming_toms_card, server)
    taps = t.taps
    tapped = t.page.evaluate("performance.now()")
    shown = greeted_at(t, "Tom")
    assert t.taps == taps  # nothing tapped on the camera screen
    playing = t.page.evaluate("performance.getEntriesByName('card-scanner:playing')[0].startTime")
    print(
        f"\nlive scan: greeted {(shown - playing) / 1000:.2f} s after the camera showed the card "
        f"({(shown - tapped) / 1000:.2f} s after 'Use the camera', the camera's start included)"
    )


def test_the_camera_is_off_once_the_client_is_greeted(server, filming_toms_card):
    t = to_camera(filming_toms_card, server)
    greeted_at(t, "Tom")
    t.page.wait_for_function(f"{LIVE_TRACKS} === 0", timeout=TIMEOUT)
    expect(t.page.locator("video")).to_have_count(0)


def test_back_turns_the_camera_off(server, filming_toms_card):
    t = to_camera(filming_toms_card, server, init_script=BLIND_SCANNER)  # so Tom is not greeted first
    t.page.wait_for_function(f"{LIVE_TRACKS} === 1", timeout=TIMEOUT)
    t.tap(t.button("camera_back"))
    t.see("Been here before?")
    t.page.wait_for_function(f"{LIVE_TRACKS} === 0", timeout=TIMEOUT)


def test_only_the_text_read_leaves_the_browser(server, filming_toms_card):
    """No upload and no WebSocket message big enough to hold a picture while the camera films."""
    context = filming_toms_card.new_context(viewport={"width": 1024, "height": 768}, permissions=["camera"])
    page = context.new_page()
    sent: list[int] = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(len(payload))))
    uploads: list[str] = []
    page.on("request", lambda request: uploads.append(request.url) if request.method != "GET" else None)
    page.goto(server.tablet())
    t = Tablet(page)
    t.see("Been here before?")
    before = len(sent)
    t.tap(t.button("to_camera"))
    greeted_at(t, "Tom")
    assert uploads == []
    assert sent[before:] and max(sent[before:]) < 2_000  # a 640x480 frame is tens of KB even as JPEG


def test_the_browsers_own_detector_is_used_where_there_is_one(server, tom, filming_toms_card):
    """Chrome on Android and ChromeOS have BarcodeDetector (this Linux Chromium has not): a stand-in
    that reads the card is used, and zxing-wasm is never loaded."""
    stand_in = f"""
    window.detections = 0;
    window.BarcodeDetector = class {{
      static async getSupportedFormats() {{ return ["qr_code", "ean_13"]; }}
      constructor(options) {{ this.formats = options.formats; }}
      async detect(video) {{
        window.detections += 1;
        return video.videoWidth ? [{{ rawValue: "{tom}", format: "qr_code" }}] : [];
      }}
    }};
    """
    t = to_camera(filming_toms_card, server, init_script=stand_in)
    greeted_at(t, "Tom")
    assert t.page.evaluate("window.detections") >= 1
    expect(t.page.locator("script[src*='zxing']")).to_have_count(0)


def test_someone_elses_code_gets_a_friendly_word_and_the_scan_goes_on(server, playwright, tmp_path):
    browser = launch_filming(playwright, card_frame("https://example.com/coupon"), tmp_path)
    try:
        t = to_camera(browser, server)
        t.see("That code isn't one of our cards.")
        assert t.page.evaluate(LIVE_TRACKS) == 1  # still scanning, for the right card
        expect(t.button("camera_photo")).to_be_visible()
    finally:
        browser.close()


def test_a_tablet_that_cannot_film_offers_the_photo_at_once(server, browser):
    """No camera the browser may use: the photo screen, with no tap."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(server.tablet())
    t = Tablet(page)
    t.see("Been here before?")
    t.tap(t.button("to_camera"))
    expect(page.locator(PHOTO_CAMERA)).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(LIVE_SCANNER)).to_have_count(0)  # the live scanner is gone
    context.close()


def test_twenty_seconds_with_nothing_read_offer_the_photo_by_itself(server, filming_toms_card):
    """A card the live scan can't read: after 20 s (the page's clock run ahead) the photo screen,
    whose server-side decoder tries harder, with no tap."""
    context = filming_toms_card.new_context(viewport={"width": 1024, "height": 768}, permissions=["camera"])
    context.add_init_script(WATCH_CAMERA + BLIND_SCANNER)
    context.clock.install()
    page = context.new_page()
    page.goto(server.tablet())
    t = Tablet(page)
    t.see("Been here before?")
    t.tap(t.button("to_camera"))
    page.wait_for_function(f"{LIVE_TRACKS} === 1", timeout=TIMEOUT)
    taps = t.taps
    context.clock.fast_forward(19_000)
    expect(page.locator(LIVE_SCANNER)).to_have_count(1)  # still scanning at 19 s
    context.clock.fast_forward(2_000)
    expect(page.locator(PHOTO_CAMERA)).to_be_visible(timeout=TIMEOUT)
    # The live scan's stream (the first opened) is stopped; the photo screen may open its own.
    page.wait_for_function(SCANNER_STOPPED, timeout=TIMEOUT)
    assert t.taps == taps
    context.close()
