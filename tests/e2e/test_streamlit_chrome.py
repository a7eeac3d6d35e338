"""Streamlit's own page as ui/streamlit_chrome.css names it, in real Chromium: each name still
finds its element on the tablet, and a long run shows no running indicator."""

import re

import pytest
import streamlit
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.conftest import APP_IDLE
from tests.e2e.test_tablet import TIMEOUT, Tablet
from tests.unit.test_streamlit_boundary import chrome_names

pytestmark = pytest.mark.browser
# Drawn only while a script runs, and not at all with the toolbar kiosk config sets (minimal);
# test_a_long_run_shows_no_running_indicator is their check.
WHILE_RUNNING = {"stStatusWidget", "stToolbar"}
RUNNING = """document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'running'"""
FOUND = """(names) => names.filter((name) => document.querySelector(
  name === "data-variant" ? "[data-variant]" : `[data-testid="${name}"], .${name}`))"""


def test_each_name_in_streamlit_chrome_css_finds_its_element_on_the_tablet(server, browser):
    page = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    page.goto(server.tablet())
    t = Tablet(page)
    names = [name for name in chrome_names() if name not in WHILE_RUNNING]
    found = set()

    def look() -> None:
        page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
        found.update(page.evaluate(FOUND, names))

    t.see("Been here before?")
    look()
    t.tap(t.button("to_register"))
    expect(page.locator(".st-key-reg_first_name input")).to_be_focused(timeout=TIMEOUT)
    look()
    page.keyboard.type("Nina")
    for label, value in (("Last name", "Alvarez"), ("Mobile phone", "315 555 0142")):
        t.tap(page.get_by_label(label))
        page.keyboard.type(value)
    t.tap(t.button("register_next"))
    t.see("Here's your card for next time")  # the card to download, and the first step's chips
    look()
    missing = sorted(set(names) - found)
    assert not missing, (
        f"ui/streamlit_chrome.css: {', '.join(missing)} found nothing on the tablet (Streamlit {streamlit.__version__})"
    )
    page.context.close()


class HeldRun:
    """The page's Streamlit WebSocket, the server's messages held back once a run has started
    (after `hold()`), so the page sees a run that goes on until `release()`."""

    def __init__(self, page):
        self._holding = False
        self._held: list[bytes | str] = []
        self._page_side = None
        page.route_web_socket(re.compile(r"/_stcore/stream"), self._route)

    def _route(self, ws) -> None:
        server = ws.connect_to_server()
        self._page_side = ws
        ws.on_message(server.send)
        server.on_message(self._from_server)

    def _from_server(self, message) -> None:
        if self._held:
            self._held.append(message)
            return
        self._page_side.send(message)
        if self._holding and isinstance(message, bytes):
            status = ForwardMsg.FromString(message)
            is_status = status.WhichOneof("type") == "session_status_changed"
            if is_status and status.session_status_changed.script_is_running:
                self._held.append(b"")  # the run has started: what follows waits

    def hold(self) -> None:
        self._holding = True

    def release(self) -> None:
        self._holding = False
        self._held.pop(0)
        while self._held:  # messages arriving meanwhile queue behind, in order
            self._page_side.send(self._held.pop(0))


def test_a_long_run_shows_no_running_indicator(server, browser):
    """Streamlit shows its running figure 0.5 s into a run; the lobby never sees it."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    context.clock.install()
    page = context.new_page()
    wire = HeldRun(page)
    page.goto(server.tablet())
    t = Tablet(page)
    t.see("Been here before?")
    wire.hold()
    t.tap(t.button("to_register"))
    page.wait_for_function(RUNNING, timeout=TIMEOUT)
    context.clock.fast_forward(3_000)  # well past Streamlit's 0.5 s, without waiting for it
    expect(page.get_by_role("img", name="Running...")).to_have_count(0)
    expect(page.get_by_role("button", name="Stop")).to_have_count(0)
    wire.release()
    t.see("Let's get you registered")
    context.close()
