"""The lobby TV fits its screen: with 4 calls now and 6 recent ones, at 1920x1080, 1366x768 and
1280x720 nothing falls off and nothing scrolls, and no text is smaller than the README says
(max(24px, 3.2vh)), in a real Chromium."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.config import load_clinic
from kiosk_core.models import utcnow
from kiosk_core.visits.actions import apply_action
from tests.e2e.conftest import screenshot
from tests.e2e.test_tablet import TIMEOUT
from tests.factories import intake, make_client, make_therapist, start_shift

pytestmark = pytest.mark.browser
SIZES = {"1080p": (1920, 1080), "768p": (1366, 768), "720p": (1280, 720)}
# Every text-bearing element of the TV's grid: the smallest font on it, and any outside the screen.
SMALLEST_FONT = """(() => Math.min(...[...document.querySelectorAll('.tv *')]
  .filter(e => e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.nodeValue.trim()))
  .map(e => parseFloat(getComputedStyle(e).fontSize))))()"""
OUTSIDE = """(() => [...document.querySelectorAll('.tv *')].filter(e => e.offsetParent !== null).filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && (r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.top < -1 || r.left < -1);
}).map(e => e.className || e.tagName))()"""


@pytest.fixture(scope="module")
def busy_lobby(server):
    """Four therapists on shift; 4 tickets being called now and 6 called in the last minutes."""
    clinic, now = load_clinic(), utcnow()
    therapists = [make_therapist(server.engine, name=f"Therapist {n}") for n in range(4)]
    for n, therapist in enumerate(therapists):
        start_shift(server.engine, therapist, room=f"Room {n % 3 + 1}" if n < 3 else "")
    for n in range(10):
        client_id = make_client(server.engine, first_name=f"Client{'abcdefghij'[n]}")[0]
        called = now - timedelta(minutes=12 - n)
        with db.write_session(server.engine) as session:
            ticket = check_in(
                session=session,
                clinic=clinic,
                location_slug="north-syracuse",
                client_id=client_id,
                intake=intake(),
                now=called - timedelta(minutes=1),
            )
            actions = ["call", "start"] if n < 6 else ["call"]
            for action in actions:
                apply_action(
                    session=session,
                    visit_id=ticket.visit_id,
                    action=action,
                    therapist_id=therapists[n % 4],
                    now=called,
                )
    return server


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
def test_four_calls_and_six_recent_fit_without_scrolling(busy_lobby, browser, size):
    width, height = SIZES[size]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.goto(f"{busy_lobby.url}/display?location=north-syracuse")
    expect(page.locator(".calling-next")).to_have_count(3, timeout=TIMEOUT)  # 4 now: 1 large, 3 beside
    expect(page.locator(".recent")).to_have_count(6, timeout=TIMEOUT)
    expect(page.locator(".tv-waiting")).to_be_visible(timeout=TIMEOUT)
    assert page.evaluate(OUTSIDE) == [], f"off the screen at {size}"
    assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight + 1"), f"scrolls at {size}"
    assert page.evaluate(SMALLEST_FONT) >= max(24, 0.032 * height) - 0.5
    screenshot(page, f"tv-{size}")
    page.context.close()
