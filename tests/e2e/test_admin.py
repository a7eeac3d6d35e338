"""The admin page in real Chromium: an admin gives a therapist a new PIN, and the therapist
signs in with it (the old one refused); the page passes axe-core."""

import pytest
from playwright.sync_api import expect

from kiosk_core.staff.therapists import sign_in_label
from tests.e2e.checks import audit
from tests.e2e.conftest import APP_IDLE, choose_option, screenshot
from tests.e2e.test_tablet import TIMEOUT
from tests.factories import make_client, make_therapist

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def staff(server):
    """(Priya, an admin; Dana, a therapist): their ids."""
    priya = make_therapist(server.engine, name="Priya Shah", pin="447016", admin=True)
    return priya, make_therapist(server.engine, name="Dana Fox", pin="286413", medical=False)


def signed_in(browser, server, path: str, name: str, pin: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server.url}/{path}")
    choose_option(page, page.get_by_label("Your name"), sign_in_label(name))
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    page.get_by_label("PIN").fill(pin)
    page.locator(".st-key-signin_go button").click()
    return page


def test_an_admin_resets_a_pin_and_the_therapist_signs_in_with_it(server, browser, staff):
    _, dana = staff
    page = signed_in(browser, server, "admin", "Priya Shah", "447016")
    expect(page.get_by_text("Lost card")).to_be_visible(timeout=TIMEOUT)
    choose_option(page, page.get_by_label("Manage a therapist"), "Dana Fox")
    new_pin = page.locator(f".st-key-pin_{dana} input")
    expect(new_pin).to_be_visible(timeout=TIMEOUT)
    new_pin.fill("864209")
    page.locator(f".st-key-pin_again_{dana} input").fill("864209")
    page.locator(f".st-key-set_pin_{dana} button").click()
    done = page.get_by_role("status").filter(has_text="New PIN set for Dana Fox.")
    expect(done).to_be_visible(timeout=TIMEOUT)
    expect(new_pin).to_have_value("")  # the PIN is not kept on the page
    screenshot(page, "admin-1280x900")

    dana_page = signed_in(browser, server, "queue", "Dana Fox", "286413")
    expect(dana_page.get_by_text("That PIN isn't right")).to_be_visible(timeout=TIMEOUT)
    dana_page.get_by_label("PIN").fill("864209")
    dana_page.locator(".st-key-signin_go button").click()
    expect(dana_page.get_by_text("Today's queue")).to_be_visible(timeout=TIMEOUT)
    expect(dana_page.get_by_text("Dana Fox").first).to_be_visible()
    page.context.close()
    dana_page.context.close()


def test_the_admin_page_with_a_lookup_passes_axe(server, browser, staff, axe_source):
    make_client(server.engine, first_name="Rosa", last_name="Delgado", phone="3155550177")
    page = signed_in(browser, server, "admin", "Priya Shah", "447016")
    page.get_by_label("Client's phone number or e-mail").fill("315 555 0177")
    page.locator(".st-key-lookup_go button").click()
    expect(page.get_by_text("Rosa D.")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Delgado")).to_have_count(0)
    choose_option(page, page.get_by_label("Manage a therapist"), "Dana Fox")
    expect(page.get_by_label("New PIN again")).to_be_visible(timeout=TIMEOUT)
    audit(page, axe_source, "admin")  # the lookup's result and a therapist's forms on screen
    page.context.close()
