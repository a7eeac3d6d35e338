"""Checking in from one's own phone (the lobby poster's code), in a real headless Chromium at
390x844 and 360x740, in the phone's own language: every way on above the fold on Welcome, the
whole first visit readable and with axe 0 critical / 0 serious, Enter from field to field, and
the pain and stress scales on one row."""

import itertools

import pytest
from playwright.sync_api import expect

from kiosk_core.checkin.ticket_links import GarbledLink
from kiosk_core.i18n import translate
from tests.e2e.checks import VISIBLE_TEXT, WORD, audit, english_words, settle
from tests.e2e.conftest import screenshot
from tests.e2e.test_card_scanner import card_frame, launch_filming
from tests.e2e.test_tablet_languages_and_access import (
    CUT_OFF,
    IN_VIEW,
    OFF_SCREEN,
    SPLIT_WORDS,
    Walk,
    returning_client,
)

pytestmark = pytest.mark.browser
TIMEOUT = 20_000
NUMBERS = itertools.count(150)  # one phone number per first visit on the module's server
PHONES = {"390x844": (390, 844), "360x740": (360, 740)}
BROWSER_LOCALE = {"en": "en-US", "es": "es-ES"}  # Playwright sends it as Accept-Language too
WELCOME_CHOICES = ("to_camera", "to_forgot", "to_register")
ONE_ROW = """(key) => { const tops = [...document.querySelectorAll(`.st-key-${key} button`)]
  .map(b => Math.round(b.getBoundingClientRect().top)); return [tops.length, new Set(tops).size]; }"""
ERROR_UNDER = '[data-error-for="reg_{}"]'


def looks_right(page, size: str, language: str, name: str, axe_source: str, english: set[str]) -> None:
    """The checks on every screen: the phone's language, nothing cut off or past the edge, axe."""
    settle(page)
    page.wait_for_function(f"document.documentElement.lang === '{language}'", timeout=TIMEOUT)
    seen = {w.lower() for w in WORD.findall(page.evaluate(VISIBLE_TEXT))}
    assert not seen & english, f"{name}: English on a Spanish phone: {sorted(seen & english)}"
    assert page.evaluate(CUT_OFF) == [], f"{name}: cut-off labels at {size}"
    assert page.evaluate(OFF_SCREEN) == [], f"{name}: buttons past the screen's edge at {size}"
    assert page.evaluate(SPLIT_WORDS) == [], f"{name}: a word broken in two at {size}"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
    audit(page, axe_source, f"phone {size} {language} {name}")
    screenshot(page, f"phone-{size}-{language}-{name}")


def open_phone(browser, server, size: str, **context):
    width, height = PHONES[size]
    phone = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True, **context)
    page = phone.new_page()
    page.goto(f"{server.url}/?location=north-syracuse&device=phone")
    expect(page.locator(".st-key-to_register button")).to_be_visible(timeout=TIMEOUT)
    return page


def tap(page, key: str, nth: int = 0) -> None:
    page.locator(f".st-key-{key} button").nth(nth).click()
    settle(page)


def wait_for(page, key: str) -> None:
    expect(page.locator(f".st-key-{key}").first).to_be_visible(timeout=TIMEOUT)


def focused(page, field: str) -> None:
    expect(page.locator(f".st-key-reg_{field} input")).to_be_focused(timeout=TIMEOUT)


@pytest.mark.parametrize("size", list(PHONES))
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_first_visit_from_a_phone_in_its_own_language(server, browser, axe_source, size, language):
    page = open_phone(browser, server, size, locale=BROWSER_LOCALE[language])
    english = english_words() if language == "es" else set()

    def check(name: str) -> None:
        looks_right(page, size, language, name, axe_source, english)

    try:
        # Welcome: from the phone, no scanner, every way on above the fold.
        expect(page.get_by_role("heading", name=translate(language, "Check in from your phone"))).to_be_visible()
        check("welcome")
        expect(page.locator("input")).to_have_count(0)
        for key in WELCOME_CHOICES:
            assert page.evaluate(IN_VIEW, key), f"{key} is below the fold at {size} in {language}"
        expect(page.locator(".st-key-to_forgot button")).to_have_text(translate(language, "Forgot your card?"))
        tap(page, "to_camera")  # this browser has no camera: a photo, and a way on without one
        wait_for(page, "camera_back")
        expect(page.get_by_text(translate(language, "Or go back and tap Forgot your card?"))).to_be_visible(
            timeout=TIMEOUT
        )
        check("camera")
        Walk(page, check).leave_camera()

        tap(page, "to_register")
        wait_for(page, "reg_first_name")
        check("register")
        tap(page, "register_next")
        expect(page.locator(ERROR_UNDER.format("first_name"))).to_be_visible(timeout=TIMEOUT)
        check("register-problems")
        # Enter from field to field; a fixed field's problem goes; Enter on the last presses Continue.
        page.locator(".st-key-reg_first_name input").click()
        page.keyboard.type("Nina")
        page.keyboard.press("Enter")
        focused(page, "last_name")
        expect(page.locator(ERROR_UNDER.format("first_name"))).to_have_count(0, timeout=TIMEOUT)
        expect(page.locator(ERROR_UNDER.format("last_name"))).to_be_visible()  # not typed in yet
        page.keyboard.type("Alvarez")
        page.keyboard.press("Enter")
        focused(page, "phone")
        # A number of her own each run: the same name and number again would be Nina coming back,
        # recognised and (checked in already today) sent to the desk.
        page.keyboard.type(f"315 555 {next(NUMBERS):04d}")
        page.keyboard.press("Enter")
        focused(page, "email")
        assert page.locator(".st-key-reg_email input").get_attribute("enterkeyhint") == "go"
        page.keyboard.press("Enter")  # no e-mail: the last field, so Continue

        wait_for(page, "q_goal")
        check("about")
        for scale in ("q_pain", "q_stress"):
            assert page.evaluate(ONE_ROW, scale) == [11, 1], f"{scale}'s 0-10 wraps at {size} in {language}"
        tap(page, "q_goal", 2)
        tap(page, "q_pain", 6)
        tap(page, "q_stress", 10)
        check("about-answered")
        tap(page, "about_next")
        wait_for(page, "q_areas")
        tap(page, "q_areas", 5)
        check("body")
        tap(page, "body_next")
        wait_for(page, "q_care")
        check("care")
        tap(page, "care_next")
        wait_for(page, "q_safety")
        tap(page, "q_safety", 3)
        check("safety")
        tap(page, "safety_next")
        expect(page.get_by_role("link", name=translate(language, "Follow my place in line"))).to_be_visible(
            timeout=TIMEOUT
        )
        check("ticket")
    finally:
        page.context.close()


@pytest.mark.parametrize("size", list(PHONES))
@pytest.mark.parametrize("language", ["en", "es"])
def test_a_returning_client_checks_in_from_a_phone_by_its_camera(
    server, browser, playwright, axe_source, clinic, tmp_path, size, language
):
    filming = launch_filming(playwright, card_frame(returning_client(server, clinic)), tmp_path)
    page = open_phone(filming, server, size, locale=BROWSER_LOCALE[language], permissions=["camera"])
    english = english_words() if language == "es" else set()
    try:
        tap(page, "to_camera")
        wait_for(page, "same_yes")  # read from the video, no tap
        looks_right(page, size, language, "same", axe_source, english)
        for scale in ("q_pain", "q_stress"):
            assert page.evaluate(ONE_ROW, scale) == [11, 1], f"{scale}'s 0-10 wraps at {size} in {language}"
        tap(page, "q_pain", 3)
        tap(page, "q_stress", 4)
        tap(page, "same_yes")
        wait_for(page, "q_safety")
        page.locator(".st-key-q_safety").get_by_text(translate(language, "None of these apply"), exact=True).click()
        settle(page)
        looks_right(page, size, language, "same-safety", axe_source, english)
        tap(page, "safety_next")
        expect(page.get_by_role("link", name=translate(language, "Follow my place in line"))).to_be_visible(
            timeout=TIMEOUT
        )
        looks_right(page, size, language, "same-ticket", axe_source, english)
    finally:
        page.context.close()
        filming.close()


def test_the_phone_check_in_and_a_bad_ticket_link_follow_the_accept_language_header(server, browser):
    """A French phone that also reads Spanish: the first of our languages it asks for, by the
    header's weights (its own locale alone would be French, so English)."""
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    # The header on every request, the page's WebSocket among them (extra_http_headers misses it).
    user_agent = page.evaluate("navigator.userAgent")
    asks = "fr-FR,fr;q=0.9,es-MX;q=0.8,en;q=0.5"
    phone.new_cdp_session(page).send("Network.setUserAgentOverride", {"userAgent": user_agent, "acceptLanguage": asks})
    try:
        page.goto(f"{server.url}/?location=north-syracuse&device=phone")
        expect(page.get_by_role("heading", name="Registre su llegada desde su teléfono")).to_be_visible(timeout=TIMEOUT)
        assert page.evaluate("navigator.language") == "fr-FR"  # what the page once went by
        expect(page.locator(".st-key-to_register button")).to_have_text(translate("es", "Start here"))
        page.goto(f"{server.url}/ticket?t=nonsense")
        expect(page.get_by_text(translate("es", GarbledLink.message))).to_be_visible(timeout=TIMEOUT)
    finally:
        phone.close()
