"""A step whose questions run past the screen says so ("More questions below", above the step's
buttons) at 1024x768 and 820x1180, in a real Chromium; tapping it scrolls on, and it goes once
the last question is in view. A step that fits shows no cue."""

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import settle
from tests.e2e.conftest import screenshot
from tests.e2e.test_tablet import TIMEOUT, open_tablet
from tests.factories import make_client

pytestmark = pytest.mark.browser
CUE = "#kiosk-more-below"
SCROLLER = """(() => { const m = document.getElementById('kiosk-marker');
  for (let el = m.parentElement; el; el = el.parentElement) {
    if (/(auto|scroll)/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight) return el;
  }
  return document.scrollingElement; })()"""
# More than the cue's 48 px of the step below the screen, in whichever box scrolls.
MORE_BELOW = """(() => { const m = document.getElementById('kiosk-marker');
  let box = document.scrollingElement;
  for (let el = m.parentElement; el; el = el.parentElement) {
    if (/(auto|scroll)/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight) { box = el; break; }
  }
  return box.scrollHeight - box.scrollTop - box.clientHeight > 48; })()"""


def cue_matches_the_page(t) -> bool:
    """The cue shows exactly while there is more below; returns whether there is."""
    settle(t.page)
    more = t.page.evaluate(MORE_BELOW)
    cue = t.page.locator(CUE)
    (expect(cue).to_be_visible if more else expect(cue).to_be_hidden)(timeout=TIMEOUT)
    return more


@pytest.mark.parametrize("size", [(1024, 768), (820, 1180)], ids=["landscape", "portrait"])
def test_a_long_step_says_there_is_more_below(server, browser, size):
    _, payload = make_client(server.engine, first_name="Tess")
    t = open_tablet(browser, server, size)
    t.page.keyboard.type(payload + "\n")
    t.see("Hi Tess!")
    cue_matches_the_page(t)
    t.tap(t.choice("q_goal", "Relax and de-stress"))
    t.tap(t.choice("q_pain", "2"))
    t.tap(t.choice("q_stress", "7"))
    t.tap(t.button("about_next"))
    t.see("Where should we focus?")
    t.tap(t.button("body_next"))
    t.see("A few questions about your care")
    if not cue_matches_the_page(t):
        return
    cue = t.page.locator(CUE)
    expect(cue).to_have_text("More questions below")
    box, bar = cue.bounding_box(), t.page.locator(".st-key-actions").bounding_box()
    assert box["y"] + box["height"] <= bar["y"] and box["y"] >= 0  # above the buttons, on screen
    screenshot(t.page, f"more-questions-below-{size[0]}")
    cue.click()  # scrolls on by most of a screen
    t.page.wait_for_function(f"{SCROLLER}.scrollTop > 0", timeout=TIMEOUT)
    t.page.evaluate(f"{SCROLLER}.scrollTo(0, 1e6)")  # to the end: the last question in view
    expect(cue).to_be_hidden(timeout=TIMEOUT)
