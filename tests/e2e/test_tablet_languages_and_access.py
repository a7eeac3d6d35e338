"""The tablet in Spanish, with axe-core, and at tablet and phone sizes, in a real Chromium."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

from kiosk_core.config import load_clinic
from kiosk_core.i18n import LOCALE_DIR, po_path, translate
from tests.conftest import unavailable
from tests.e2e.conftest import APP_IDLE, ROOT, screenshot, start_server
from tests.factories import make_client

pytestmark = pytest.mark.browser
TIMEOUT = 20_000
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"landscape": (1024, 768), "portrait": (820, 1180), "phone": (390, 844)}
WORD = re.compile(r"[^\W\d_]{4,}")
# Words a person reads on screen: text nodes that take up room, not icon ligatures.
VISIBLE_TEXT = """(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('[data-testid="stIconMaterial"], script, style, noscript')) continue;
    const style = getComputedStyle(parent);
    if (style.visibility === "hidden" || style.display === "none") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0) out.push(node.nodeValue);
  }
  for (const field of document.querySelectorAll("input[placeholder]")) out.push(field.placeholder);
  return out.join(" ");
})()"""


def english_words() -> set[str]:
    """Words of the English messages that no Spanish message uses, less the clinic's proper names."""
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        english = {w.lower() for m in read_po(pot) if m.id for text in _texts(m.id) for w in WORD.findall(text)}
    with po_path("es").open("rb") as po:
        spanish = {w.lower() for m in read_po(po) if m.id for text in _texts(m.string) for w in WORD.findall(text)}
    clinic = load_clinic()
    names = " ".join([clinic.clinic.name, *(loc.name for loc in clinic.locations), "Nina Alvarez"])
    return english - spanish - {w.lower() for w in WORD.findall(names)}


def _texts(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        unavailable("axe-core is missing (scripts/ensure-axe fetches it from the npm registry)")
    return AXE.read_text()


def settle(page) -> None:
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)


def audit(page, axe_source: str, name: str) -> dict:
    """axe-core on the page as it is: violations counted by impact; fails on critical or serious."""
    settle(page)
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    counts = {impact: 0 for impact in ("critical", "serious", "moderate", "minor")}
    for violation in result["violations"]:
        counts[violation["impact"]] += len(violation["nodes"])
    print(f"\naxe {name}: " + ", ".join(f"{impact} {n}" for impact, n in counts.items()))
    bad = [(v["id"], v["impact"], v["nodes"][0]["target"]) for v in result["violations"]]
    assert counts["critical"] == counts["serious"] == 0, bad
    assert not [v for v in result["violations"] if v["id"] == "heading-order"], bad
    return counts


class Walk:
    """One client's journey, screen by screen, with a check at each."""

    def __init__(self, page, check):
        self.page, self.check = page, check

    def tap(self, key: str, nth: int = 0) -> None:
        self.page.locator(f".st-key-{key} button").nth(nth).click()
        settle(self.page)

    def wait_for(self, key: str) -> None:
        expect(self.page.locator(f".st-key-{key}").first).to_be_visible(timeout=TIMEOUT)

    def new_walk_in(self) -> None:
        self.wait_for("scan")
        self.check("welcome")
        self.tap("to_camera")
        self.wait_for("camera_back")
        self.check("camera")
        self.tap("camera_back")
        self.tap("to_register")
        self.wait_for("reg_first_name")
        self.tap("register_next")
        self.wait_for("register_next")
        self.check("register-problems")
        for field, value in (("first_name", "Nina"), ("last_name", "Alvarez"), ("phone", "315 555 0142")):
            self.page.locator(f".st-key-reg_{field} input").click()
            self.page.keyboard.type(value)
        for field, value in (("first_name", "Nina"), ("last_name", "Alvarez"), ("phone", "315 555 0142")):
            expect(self.page.locator(f".st-key-reg_{field} input")).to_have_value(value)
        self.tap("register_next")
        self.wait_for("q_goal")
        self.tap("about_next")
        self.check("about-problems", main="about_next")
        self.tap("q_goal", 2)
        self.tap("q_pain", 6)
        self.tap("q_stress", 4)
        self.check("about", main="about_next")
        self.tap("about_next")
        self.wait_for("q_areas")
        self.tap("q_areas", 5)
        self.tap("q_conditions__1", 0)
        self.check("body", main="body_next")
        self.tap("body_next")
        self.wait_for("q_care")
        self.tap("q_care", 0)
        self.check("care", main="care_next")
        self.tap("care_next")
        self.wait_for("q_safety")
        self.tap("q_safety", 3)
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


CUT_OFF = """(() => [...document.querySelectorAll('button')].filter(b => b.offsetParent !== null).filter(b => {
  const text = b.innerText.trim();
  return text.endsWith("…") || [...b.querySelectorAll("p")].some(p => p.scrollWidth > p.clientWidth + 1);
}).map(b => b.innerText))()"""
IN_VIEW = """(key) => { const b = document.querySelector(`.st-key-${key} button`).getBoundingClientRect();
  return b.top >= 0 && b.bottom <= window.innerHeight && b.left >= 0 && b.right <= window.innerWidth; }"""


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("language", ["en", "es"])
def test_nothing_is_cut_off_and_the_main_button_is_in_view(server, browser, size, language):
    page = open_tablet(browser, server, SIZES[size], language)

    def check(name: str, main: str | None = None) -> None:
        settle(page)
        assert page.evaluate(CUT_OFF) == [], f"{name}: cut-off labels at {size}"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
        if main and size != "phone":
            assert page.evaluate(IN_VIEW, main), f"{name}: {main} is out of view at {size}"
        screenshot(page, f"{language}-{size}-{name}")

    Walk(page, check).new_walk_in()
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
