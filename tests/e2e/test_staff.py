"""Staff screens in real Chromium: a tablet check-in reaches the queue, a call reaches the lobby TV."""

import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_tablet import TIMEOUT, Tablet, open_tablet, quick_intake
from tests.factories import make_client, make_therapist

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sam(server):
    return make_therapist(server.engine, name="Sam Chen", pin="2468", medical=True, admin=True)


def sign_in(browser, server, size=(1280, 800)):
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.goto(f"{server.url}/queue")
    page.get_by_label("Your name").click()
    page.get_by_role("option", name="Sam Chen").click()
    page.get_by_label("PIN").fill("2468")
    page.locator(".st-key-signin_go button").click()
    expect(page.get_by_text("Today's queue")).to_be_visible(timeout=TIMEOUT)
    return page


def test_a_tablet_check_in_appears_on_the_queue_and_a_call_reaches_the_lobby(server, browser, sam):
    queue = sign_in(browser, server)
    lobby = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    lobby.goto(f"{server.url}/display?location=north-syracuse")
    expect(lobby.get_by_text("Now calling")).to_be_visible(timeout=TIMEOUT)

    _, payload = make_client(server.engine, first_name="Rosa", last_name="Delgado")
    t = open_tablet(browser, server)
    t.page.keyboard.type(payload + "\n")
    t.see("Hi Rosa!")
    quick_intake(t)
    t.see("You're checked in, Rosa!")
    confirmed = time.monotonic()
    expect(queue.get_by_text("Rosa D.")).to_be_visible(timeout=10_000)  # no reload: the page refreshes itself
    print(f"\ncheck-in on the queue {time.monotonic() - confirmed:.1f} s after the tablet confirmed it")
    screenshot(queue, "queue-1280x800")

    queue.locator(".st-key-call_next_therapeutic button").click()
    expect(queue.get_by_text("Your clients")).to_be_visible(timeout=TIMEOUT)
    called = time.monotonic()
    expect(lobby.get_by_role("status").filter(has_text="T-001")).to_be_visible(timeout=10_000)
    print(f"call on the lobby display {time.monotonic() - called:.1f} s after the call")
    expect(lobby.get_by_text("Rosa")).to_have_count(0)
    expect(lobby.get_by_text("Delgado")).to_have_count(0)
    screenshot(lobby, "display-1920x1080")


def test_the_queue_at_1024x768(server, browser, sam):
    page = sign_in(browser, server, (1024, 768))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "queue-1024x768")


def test_staff_pages_show_nothing_before_sign_in(server, browser, sam):
    page = browser.new_page()
    page.goto(f"{server.url}/reports")
    expect(page.get_by_text("Staff sign-in")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Check-ins")).to_have_count(0)


def test_the_tablet_never_links_to_staff_pages(server, browser):
    t: Tablet = open_tablet(browser, server)
    hrefs = t.page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if any(p in h for p in ("queue", "display", "reports", "status", "admin"))]
