"""The tablet in Spanish, with axe-core, and at tablet and phone sizes, in a real Chromium."""

import itertools
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kiosk_core.i18n import po_path, translate
from tests.e2e.checks import VISIBLE_TEXT, WORD, audit, english_words, settle
from tests.e2e.conftest import screenshot, start_server
from tests.factories import intake, make_client, past_visit

pytestmark = pytest.mark.browser
PHONES = itertools.count(142)  # one phone number per registration on the shared server
TIMEOUT = 20_000
SIZES = {"landscape": (1024, 768), "portrait": (820, 1180), "phone": (390, 844)}


class Walk:
    """One client's journey, screen by screen, with a check at each."""

    def __init__(self, page, check):
        self.page, self.check = page, check

    def tap(self, key: str, nth: int = 0) -> None:
        self.page.locator(f".st-key-{key} button").nth(nth).click()
        settle(self.page)

    def choose(self, key: str, nth: int) -> None:
        """Tap an answer chip and wait until it shows chosen, as a person looks before the next
        tap (the app may not have begun its run when the tap returns: "idle" proves nothing yet)."""
        chip = self.page.locator(f".st-key-{key} button").nth(nth)
        chip.click()
        chosen = self.page.locator('[aria-checked="true"], [aria-pressed="true"]')
        expect(chip.and_(chosen)).to_have_count(1, timeout=TIMEOUT)
        settle(self.page)

    def leave_camera(self) -> None:
        """Back from the camera. While the live scanner starts, the page moves under the finger:
        a person taps again if nothing happened, and so does this."""
        for _ in range(3):
            back = self.page.locator(".st-key-camera_back button")
            if back.count():
                back.click()
            try:
                expect(self.page.locator(".st-key-to_register")).to_be_visible(timeout=8_000)
                return
            except AssertionError:
                continue
        self.wait_for("to_register")

    def wait_for(self, key: str) -> None:
        expect(self.page.locator(f".st-key-{key}").first).to_be_visible(timeout=TIMEOUT)

    def new_walk_in(self) -> None:
        self.wait_for("scan")
        self.check("welcome")
        self.tap("to_camera")
        self.wait_for("camera_back")
        self.check("camera")
        self.leave_camera()
        self.tap("to_register")
        self.wait_for("reg_first_name")
        self.tap("register_next")
        self.wait_for("register_next")
        self.check("register-problems")
        # A number of her own each walk: the same name and number again would be Nina coming
        # back, recognised and (checked in already today) sent to the desk.
        form = (("first_name", "Nina"), ("last_name", "Alvarez"), ("phone", f"315 555 {next(PHONES):04d}"))
        for field, value in form:
            self.page.locator(f".st-key-reg_{field} input").click()
            self.page.keyboard.type(value)
        for field, value in form:
            expect(self.page.locator(f".st-key-reg_{field} input")).to_have_value(value)
        self.tap("register_next")
        self.wait_for("q_goal")
        self.tap("about_next")
        self.check("about-problems", main="about_next")
        self.choose("q_goal", 2)
        self.choose("q_pain", 6)
        self.choose("q_stress", 4)
        self.check("about", main="about_next")
        self.tap("about_next")
        self.wait_for("q_areas")
        self.choose("q_areas", 5)
        self.choose("q_conditions__1", 0)
        self.check("body", main="body_next")
        self.tap("body_next")
        self.wait_for("q_care")
        self.choose("q_care", 0)
        self.check("care", main="care_next")
        self.tap("care_next")
        self.wait_for("q_safety")
        self.choose("q_safety", 3)
        self.check("safety", main="safety_next")
        self.tap("safety_next")
        self.wait_for("result_done")
        self.check("result", main="result_done")


def open_tablet(browser, server, size, language):
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.goto(server.tablet())
    expect(page.locator(".st-key-scan input")).to_be_visible(timeout=TIMEOUT)
    if language == "es":
        page.locator(".st-key-language button").click()
        expect(page.get_by_text(translate("es", "Been here before?"))).to_be_visible(timeout=TIMEOUT)
    return page


def test_the_whole_journey_in_spanish_shows_no_english(server, browser):
    """Every screen of a first visit, in Spanish: no English word from the catalog on screen."""
    english = english_words()
    page = open_tablet(browser, server, SIZES["landscape"], "es")

    def check(name: str, main: str | None = None) -> None:
        settle(page)
        seen = {w.lower() for w in WORD.findall(page.evaluate(VISIBLE_TEXT))}
        assert not seen & english, f"{name}: English on a Spanish screen: {sorted(seen & english)}"
        # Screen readers choose their voice by the page's language; the skip link is theirs too.
        page.wait_for_function("document.documentElement.lang === 'es'", timeout=TIMEOUT)
        expect(page.get_by_test_id("stSkipToContent")).to_have_text("Ir al contenido principal", timeout=TIMEOUT)

    Walk(page, check).new_walk_in()
    page.context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_client_screen_passes_axe(server, browser, axe_source, language):
    page = open_tablet(browser, server, SIZES["landscape"], language)
    totals = {}

    def check(name: str, main: str | None = None) -> None:
        totals[name] = audit(page, axe_source, f"{language} {name}")

    Walk(page, check).new_walk_in()
    page.context.close()


@pytest.mark.parametrize("path", ["queue", "reports", "display?location=north-syracuse"])
def test_staff_pages_pass_axe(server, browser, axe_source, path):
    page = browser.new_page()
    page.goto(f"{server.url}/{path}")
    settle(page)
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
    audit(page, axe_source, path)
    page.close()


def returning_client(server, clinic) -> str:
    """A client with a finished visit earlier today; returns the card payload."""
    client_id, payload = make_client(server.engine, first_name="Lucia")
    past_visit(server.engine, clinic, client_id, intake(conditions={"sciatica"}, areas={"lower_back"}, safety={"none"}))
    return payload


def test_same_as_last_time_and_still_there_in_spanish(server, browser, axe_source, clinic):
    """The returning client's screens in Spanish: no English on screen, and axe passes."""
    english = english_words()
    page = open_tablet(browser, server, SIZES["phone"], "es")
    page.keyboard.type(returning_client(server, clinic) + "\n")
    walk = Walk(page, lambda *a, **k: None)
    walk.wait_for("same_yes")

    def check(name: str) -> None:
        settle(page)
        seen = {w.lower() for w in WORD.findall(page.evaluate(VISIBLE_TEXT))}
        assert not seen & english, f"{name}: English on a Spanish screen: {sorted(seen & english)}"
        assert page.evaluate(OFF_SCREEN) == [], f"{name}: buttons past the screen's edge"
        audit(page, axe_source, f"es {name}")
        screenshot(page, f"es-phone-{name}")

    check("same")
    walk.tap("same_yes")
    check("same-problems")
    walk.tap("q_pain", 2)
    walk.tap("q_stress", 2)
    walk.tap("same_yes")
    walk.wait_for("q_safety")
    check("same-safety")
    page.context.close()


CUT_OFF = """(() => [...document.querySelectorAll('button')].filter(b => b.offsetParent !== null).filter(b => {
  const text = b.innerText.trim();
  return text.endsWith("…") || [...b.querySelectorAll("p")].some(p => p.scrollWidth > p.clientWidth + 1);
}).map(b => b.innerText))()"""
OFF_SCREEN = """(() => [...document.querySelectorAll('button')].filter(b => b.offsetParent !== null).filter(b => {
  const r = b.getBoundingClientRect(); return r.width > 0 && (r.left < -1 || r.right > window.innerWidth + 1);
}).map(b => b.innerText))()"""
# A word of a button's label drawn on two lines: broken letter by letter, not wrapped.
SPLIT_WORDS = """(() => { const split = [];
  for (const p of document.querySelectorAll('button p')) {
    if (p.offsetParent === null) continue;
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.nodeValue.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split; })()"""
IN_VIEW = """(key) => { const b = document.querySelector(`.st-key-${key} button`).getBoundingClientRect();
  return b.top >= 0 && b.bottom <= window.innerHeight && b.left >= 0 && b.right <= window.innerWidth; }"""


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("language", ["en", "es"])
def test_nothing_is_cut_off_and_the_main_button_is_in_view(server, browser, size, language):
    page = open_tablet(browser, server, SIZES[size], language)

    def check(name: str, main: str | None = None) -> None:
        settle(page)
        assert page.evaluate(CUT_OFF) == [], f"{name}: cut-off labels at {size}"
        assert page.evaluate(OFF_SCREEN) == [], f"{name}: buttons past the screen's edge at {size}"
        assert page.evaluate(SPLIT_WORDS) == [], f"{name}: a word broken in two at {size}"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
        if main and size != "phone":
            expect(page.locator(f".st-key-{main} button")).to_be_visible(timeout=TIMEOUT)
            assert page.evaluate(IN_VIEW, main), f"{name}: {main} is out of view at {size}"
        screenshot(page, f"{language}-{size}-{name}")

    Walk(page, check).new_walk_in()
    page.context.close()


@pytest.mark.parametrize("size", ["landscape", "portrait"])
def test_same_as_last_time_keeps_its_buttons_on_a_tablet_in_spanish(server, browser, clinic, size):
    """Its main button has the longest label of the tablet: it once ran off the screen at 820 px."""
    page = open_tablet(browser, server, SIZES[size], "es")
    page.keyboard.type(returning_client(server, clinic) + "\n")
    expect(page.locator(".st-key-same_yes button")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    assert page.evaluate(CUT_OFF) == [] and page.evaluate(OFF_SCREEN) == [] and page.evaluate(SPLIT_WORDS) == []
    assert page.evaluate(IN_VIEW, "same_yes"), f"same_yes is out of view at {size}"
    screenshot(page, f"es-{size}-same")
    page.context.close()


CHOSEN_COLOURS = """(() => [...document.querySelectorAll('button[aria-pressed="true"], button[aria-checked="true"]')]
  .map(b => getComputedStyle(b).backgroundColor))()"""


def test_chosen_chips_look_chosen_for_one_and_several_choices(server, browser):
    _, payload = make_client(server.engine, first_name="Ines")
    page = open_tablet(browser, server, SIZES["landscape"], "en")
    page.keyboard.type(payload + "\n")
    walk = Walk(page, lambda *a, **k: None)
    walk.wait_for("q_goal")
    walk.tap("q_goal", 0)
    walk.tap("q_pain", 3)
    walk.tap("q_stress", 3)
    walk.tap("about_next")
    walk.wait_for("q_areas")
    walk.tap("q_areas", 2)
    colours = page.evaluate(CHOSEN_COLOURS)
    assert colours == ["rgb(31, 95, 122)"], colours  # the area (several choices), deep blue like the others
    walk.tap("body_back")
    assert set(page.evaluate(CHOSEN_COLOURS)) == {"rgb(31, 95, 122)"}
    page.context.close()


@pytest.fixture(scope="module")
def idle_server(tmp_path_factory):
    yield from start_server(tmp_path_factory.mktemp("still-there"), idle_reset_seconds="10")


def test_still_there_warns_before_the_reset_and_a_tap_keeps_the_answers(idle_server, browser):
    _, payload = make_client(idle_server.engine, first_name="Omar")
    page = open_tablet(browser, idle_server, SIZES["landscape"], "en")
    page.keyboard.type(payload + "\n")
    walk = Walk(page, lambda *a, **k: None)
    walk.wait_for("q_goal")
    walk.tap("q_goal", 1)
    still_here = page.get_by_test_id("kiosk-still-here")
    expect(still_here).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("alertdialog")).to_contain_text("Still there?")
    still_here.click()
    expect(still_here).to_be_hidden()
    expect(page.locator('.st-key-q_goal button[aria-checked="true"]')).to_have_count(1)
    expect(page.locator(".st-key-scan input")).to_be_visible(timeout=30_000)  # untouched again: reset
    expect(page.get_by_text("Omar")).to_have_count(0)
    page.context.close()


def test_the_spanish_catalog_is_what_the_browser_test_reads():
    assert json.loads(json.dumps(sorted(english_words())))  # sanity: English words to look for exist
    assert "welcome" in english_words() and "bienvenidos" not in english_words()
    assert Path(po_path("es")).exists()
