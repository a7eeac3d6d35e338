"""A returning client who forgot the card, in a real headless Chromium, in English and Spanish:
"Forgot your card?" on the tablet's Welcome, the name and phone typed with Enter from field to
field, today's questions asked fresh, a ticket that offers a new card, within 8 taps after
Welcome; nothing stored shown on the way; axe on the new screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import audit, english_words
from tests.e2e.conftest import AXE, screenshot
from tests.e2e.test_phone_checkin import BROWSER_LOCALE, looks_right, open_phone, tap
from tests.e2e.test_tablet import TIMEOUT, Tablet, open_tablet
from tests.factories import intake, make_client, past_visit

pytestmark = pytest.mark.browser

WORDS = {
    "en": {"title": "Forgot your card? No problem", "none": "None of these apply", "card": "a new card"},
    "es": {"title": "¿Olvidó su tarjeta? No pasa nada", "none": "No tengo ninguna de estas", "card": "tarjeta nueva"},
}


def fresh_intake(t: Tablet, none_apply: str) -> None:
    """Today's questions with the fewest taps, by position, so they read the same in either language."""
    t.tap(t.page.locator(".st-key-q_goal button").first)
    t.tap(t.page.locator(".st-key-q_pain button").nth(2))
    t.tap(t.page.locator(".st-key-q_stress button").nth(5))
    t.tap(t.button("about_next"))
    t.tap(t.button("body_next"))
    t.tap(t.button("care_next"))
    t.tap(t.choice("q_safety", none_apply))
    t.tap(t.button("safety_next"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_client_who_forgot_the_card_reaches_a_ticket_within_8_taps_after_welcome(server, browser, clinic, lang):
    words = WORDS[lang]
    number = {"en": "3155550199", "es": "3155550198"}[lang]  # one Rosa per number on the shared server
    rosa, _ = make_client(server.engine, first_name="Rosa", last_name="Delgado", phone=number)
    past_visit(server.engine, clinic, rosa, intake(other_condition="left knee since the fall"), hours_ago=30)
    t = open_tablet(browser, server)
    if lang == "es":
        t.page.locator(".st-key-language button").click()
        expect(t.page.locator(".st-key-to_forgot button")).to_have_text("¿Olvidó su tarjeta?", timeout=TIMEOUT)
    t.tap(t.button("to_forgot"))  # Welcome's tap: the taps after Welcome are counted from here
    after_welcome = t.taps
    t.see(words["title"])
    first = t.page.locator(".st-key-forgot_first_name input")
    expect(first).to_be_focused(timeout=TIMEOUT)
    if lang == "en":
        audit(t.page, AXE.read_text(encoding="utf-8"), "forgot your card")
    t.page.keyboard.type("rosa\n")  # Enter goes to the next field, and presses Find me on the last
    t.page.keyboard.type("Delgado\n")
    t.page.keyboard.type(f"({number[:3]}) {number[3:6]}-{number[6:]}\n")
    expect(t.page.locator(".st-key-about_next button")).to_be_visible(timeout=TIMEOUT)
    expect(t.page.get_by_text("knee")).to_have_count(0)  # nothing of the last visit
    expect(t.page.locator(".st-key-same_yes")).to_have_count(0)
    fresh_intake(t, words["none"])
    expect(t.page.locator(".ticket")).to_have_text(re.compile(r"T-\d{3}"), timeout=TIMEOUT)
    t.see(words["card"])
    screenshot(t.page, f"forgot-card-ticket-{lang}")
    taps = t.taps - after_welcome
    assert taps <= 8, taps
    print(f"\nforgot the card ({lang}): {taps} taps after Welcome")


def test_a_stranger_with_a_known_number_and_another_name_is_told_nothing(server, browser):
    make_client(server.engine, first_name="Kevin", last_name="Walsh", phone="3155550106")
    t = open_tablet(browser, server)
    t.tap(t.button("to_forgot"))
    expect(t.page.locator(".st-key-forgot_first_name input")).to_be_focused(timeout=TIMEOUT)
    t.page.keyboard.type("Anna\nWalsh\n3155550106\n")
    t.see("We couldn't find you with those details.")
    expect(t.page.get_by_text("Kevin")).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "es"])
def test_forgot_your_card_on_the_clients_own_phone_in_its_language(server, browser, axe_source, language):
    """The poster's check-in on a phone: Forgot your card?, the name and number, today's questions,
    a ticket; every screen in the phone's language, nothing past its edge, axe clean."""
    number = {"en": "3155550197", "es": "3155550196"}[language]
    make_client(server.engine, first_name="Lucía", last_name="Núñez", phone=number)
    english = english_words()
    page = open_phone(browser, server, "390x844", locale=BROWSER_LOCALE[language])
    tap(page, "to_forgot")
    expect(page.locator(".st-key-forgot_first_name input")).to_be_visible(timeout=TIMEOUT)
    looks_right(page, "390x844", language, "forgot", axe_source, english if language == "es" else set())
    page.locator(".st-key-forgot_first_name input").click()  # a phone: nothing takes the focus by itself
    page.keyboard.type("Lucia\nNunez\n" + number + "\n")  # no accents typed: still her
    expect(page.locator(".st-key-about_next button")).to_be_visible(timeout=TIMEOUT)
    fresh_intake(Tablet(page), WORDS[language]["none"])
    expect(page.locator(".ticket")).to_have_text(re.compile(r"T-\d{3}"), timeout=TIMEOUT)
    looks_right(page, "390x844", language, "forgot-ticket", axe_source, english if language == "es" else set())
