"""The lobby tablet in a real headless Chromium: camera, scanner, registration, idle reset."""

from datetime import timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.clients import cards
from kiosk_core.models import utcnow
from kiosk_core.visits.actions import apply_action
from tests.e2e.conftest import CAMERA_PLAYING, CHROMIUM, CHROMIUM_ARGS, screenshot, start_server, write_y4m
from tests.factories import intake, make_client, make_therapist

pytestmark = pytest.mark.browser
TIMEOUT = 20_000


class Tablet:
    """A page plus a count of the taps a person would make."""

    def __init__(self, page):
        self.page = page
        self.taps = 0

    def tap(self, locator) -> None:
        locator.click()
        self.taps += 1

    def button(self, key: str):
        """A button by its widget key: never a faded copy left from the step before."""
        return self.page.locator(f".st-key-{key} button")

    def choice(self, key: str, name: str):
        return self.page.locator(f".st-key-{key}").get_by_text(name, exact=True)

    def see(self, text: str, timeout: int = TIMEOUT) -> None:
        expect(self.page.get_by_text(text).first).to_be_visible(timeout=timeout)


def open_tablet(browser, server, size=(1024, 768)) -> Tablet:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(server.tablet())
    tablet = Tablet(page)
    tablet.see("Been here before?")
    expect(page.locator(".st-key-scan input")).to_be_focused(timeout=TIMEOUT)  # ready for a scanner
    return tablet


def quick_intake(t: Tablet) -> None:
    """The fewest taps: a goal, pain and stress, then Next to the safety step, which needs an answer."""
    t.tap(t.choice("q_goal", "Relax and de-stress"))
    t.tap(t.choice("q_pain", "2"))
    t.tap(t.choice("q_stress", "7"))
    t.tap(t.button("about_next"))
    t.see("Where should we focus?")
    t.tap(t.button("body_next"))
    t.see("A few questions about your care")
    t.tap(t.button("care_next"))
    t.see("Before your massage")
    t.tap(t.choice("q_safety", "None of these apply"))
    t.tap(t.button("safety_next"))


def test_a_new_walk_in_registers_and_checks_in_within_12_taps(server, browser):
    """Start here, three fields, Continue, the intake: a ticket in at most 12 taps."""
    t = open_tablet(browser, server)
    t.tap(t.button("to_register"))
    t.see("Let's get you registered")
    expect(t.page.locator(".st-key-reg_first_name input")).to_be_focused(timeout=TIMEOUT)
    t.page.keyboard.type("Nina")
    for label, value in (("Last name", "Alvarez"), ("Mobile phone", "315 555 0142")):
        t.tap(t.page.get_by_label(label))
        t.page.keyboard.type(value)
    t.tap(t.button("register_next"))
    t.see("Here's your card for next time")
    screenshot(t.page, "new-client-card")
    quick_intake(t)
    t.see("You're checked in, Nina!")
    expect(t.page.get_by_role("status", name="Your ticket")).to_have_text("T-001")
    screenshot(t.page, "new-client-ticket")
    assert t.taps <= 12, t.taps
    print(f"\nnew walk-in: {t.taps} taps to a ticket")


def test_a_handheld_scan_is_typed_into_the_focused_field(server, browser):
    """A keyboard-wedge scanner types the code and Enter; no tap needed."""
    _, payload = make_client(server.engine, first_name="Tom")
    t = open_tablet(browser, server)
    t.page.keyboard.type(payload + "\n")
    t.see("Hi Tom!")


def test_a_garbled_scan_gets_a_friendly_message(server, browser):
    t = open_tablet(browser, server)
    t.page.keyboard.type("KQ1GARBLEDGARBLEDGARBLEDGARBL\n")
    t.see("We couldn't read that. Hold the card flat and a little closer.")
    expect(t.page.locator(".st-key-scan input")).to_have_value("")


# A BarcodeDetector that never reads a code: the camera screen's live scan is used and sees nothing.
BLIND_SCANNER = """window.BarcodeDetector = class {
  static async getSupportedFormats() { return ["qr_code"]; }
  async detect() { return []; }
};"""


def photo_y4m(payload: str, folder) -> str:
    frame = Image.new("RGB", (640, 480), (150, 140, 130))
    frame.paste(cards.qr_image(payload).resize((300, 300)), (170, 90))
    return str(write_y4m(frame, folder / "card.y4m"))


def test_a_returning_client_checks_in_by_camera_within_5_taps_after_the_scan(server, playwright, tmp_path, clinic):
    """Chromium's fake camera plays the client's card; 'same as last time', today's pain, stress
    and safety asked fresh, and a ticket."""
    client_id, payload = make_client(server.engine, first_name="Maria")
    therapist = make_therapist(server.engine)
    earlier = utcnow() - timedelta(hours=3)
    with db.write_session(server.engine) as session:
        ticket = check_in(
            session=session,
            clinic=clinic,
            location_slug="north-syracuse",
            client_id=client_id,
            intake=intake(conditions={"stress"}),
            now=earlier,
        )
        for action in ("call", "start", "finish"):
            apply_action(session=session, visit_id=ticket.visit_id, action=action, therapist_id=therapist, now=earlier)

    camera = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={photo_y4m(payload, tmp_path)}",
        ],
    )
    try:
        context = camera.new_context(viewport={"width": 1024, "height": 768}, permissions=["camera"])
        context.add_init_script(BLIND_SCANNER)  # the photo path: the live scan must not greet Maria first
        page = context.new_page()
        page.goto(server.tablet())
        t = Tablet(page)
        t.tap(t.button("to_camera"))
        t.tap(t.button("camera_photo"))  # the photo, the way out when the live scan can't read
        take = page.get_by_role("button", name="Take Photo")
        expect(take).to_be_enabled(timeout=TIMEOUT)
        page.wait_for_function(CAMERA_PLAYING, timeout=TIMEOUT)
        take.click()  # the scan itself
        t.see("Welcome back, Maria!")
        screenshot(page, "returning-same-as-last-time")
        after_scan = t.taps
        t.tap(t.choice("q_pain", "3"))
        t.tap(t.choice("q_stress", "5"))
        t.tap(t.button("same_yes"))
        t.see("Before your massage")
        t.tap(t.choice("q_safety", "None of these apply"))
        t.tap(t.button("safety_next"))
        t.see("You're checked in, Maria!")
        taps = t.taps - after_scan
        assert taps <= 5, taps
        print(f"\nreturning client: {taps} taps after the scan")
    finally:
        camera.close()


@pytest.fixture(scope="module")
def impatient_server(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("idle"), idle_reset_seconds="5", result_reset_seconds="3")


def test_an_idle_tablet_returns_to_welcome_and_shows_nothing_of_the_client(impatient_server, browser):
    _, payload = make_client(impatient_server.engine, first_name="Kevin")
    t = open_tablet(browser, impatient_server)
    t.page.keyboard.type(payload + "\n")
    t.see("Hi Kevin!")
    t.tap(t.choice("q_goal", "Relax and de-stress"))
    t.see("Been here before?", timeout=30_000)
    expect(t.page.get_by_text("Kevin")).to_have_count(0)
    expect(t.page.locator(".st-key-scan input")).to_have_value("")


def test_the_result_returns_to_welcome_by_itself(impatient_server, browser):
    _, payload = make_client(impatient_server.engine, first_name="Rosa")
    t = open_tablet(browser, impatient_server)
    t.page.keyboard.type(payload + "\n")
    t.see("Hi Rosa!")
    quick_intake(t)
    t.see("You're checked in, Rosa!")
    t.see("Been here before?", timeout=30_000)
    expect(t.page.get_by_text("Rosa")).to_have_count(0)


@pytest.mark.parametrize("size", [(1024, 768), (820, 1180)], ids=["landscape", "portrait"])
def test_every_screen_fits_a_tablet(server, browser, size):
    """No sideways scrolling on any step; screenshots kept when KIOSK_SCREENSHOTS is set."""
    _, payload = make_client(server.engine, first_name="Aisha")
    t = open_tablet(browser, server, size)
    name = f"{size[0]}x{size[1]}"

    def check(step: str) -> None:
        fits = t.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{step} scrolls sideways at {name}"
        screenshot(t.page, f"{name}-{step}")

    check("welcome")
    t.page.keyboard.type(payload + "\n")
    t.see("Hi Aisha!")
    t.tap(t.choice("q_goal", "Treat a specific problem or pain"))
    t.tap(t.choice("q_pain", "6"))
    t.tap(t.choice("q_stress", "4"))
    check("about")
    t.tap(t.button("about_next"))
    t.see("Where should we focus?")
    t.tap(t.choice("q_areas", "Lower back"))
    t.tap(t.choice("q_conditions__1", "Sciatica"))
    check("body")
    t.tap(t.button("body_next"))
    t.see("A few questions about your care")
    t.tap(t.choice("q_care", "A doctor has diagnosed my condition"))
    check("care")
    t.tap(t.button("care_next"))
    t.see("Before your massage")
    t.tap(t.choice("q_safety", "Taking blood thinners"))
    check("safety")
    t.tap(t.button("safety_next"))
    t.see("You're checked in, Aisha!")
    t.see("A therapist will have a quick word with you")
    check("result")
    t.tap(t.button("result_done"))
    t.see("Been here before?")


def test_an_unknown_location_shows_the_setup_message(server, browser):
    page = browser.new_page()
    page.goto(f"{server.url}/?location=nowhere")
    expect(page.get_by_text("This tablet isn't set up yet")).to_be_visible(timeout=TIMEOUT)
    page.close()
