"""The lobby display in real Chromium: a chime and one spoken call per Call next, in the client's
language, and nothing said again on the display's refreshes, on a reload, or in a new tab for
calls older than a minute. speechSynthesis and AudioContext are stubbed in the page to count."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.config import load_clinic
from kiosk_core.models import Visit
from kiosk_core.staff.therapists import sign_in_label
from tests.e2e.conftest import APP_IDLE, start_shift
from tests.e2e.test_tablet import TIMEOUT
from tests.factories import intake, make_client, make_therapist

pytestmark = pytest.mark.browser

# Replaces the browser's voice and sound with counters, before any script of the page runs.
STUBS = """
window.spoken = [];
window.tones = 0;
const speak = (words) => window.spoken.push({ text: words.text, lang: words.lang });
if (!window.SpeechSynthesisUtterance) {
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
}
if (window.speechSynthesis) {
  window.speechSynthesis.speak = speak;
} else {
  window.speechSynthesis = { speak, getVoices: () => [] };
}
class QuietAudio {
  constructor() { this.state = "running"; this.currentTime = 0; this.destination = {}; }
  resume() { return Promise.resolve(); }
  createOscillator() {
    return { frequency: {}, connect: (next) => next, start: () => { window.tones += 1; }, stop: () => {} };
  }
  createGain() {
    return { gain: { setValueAtTime: () => {}, exponentialRampToValueAtTime: () => {} }, connect: (next) => next };
  }
}
window.AudioContext = QuietAudio;
window.webkitAudioContext = QuietAudio;
"""


def lobby_page(browser, server, context=None):
    context = context or browser.new_context(viewport={"width": 1920, "height": 1080})
    context.add_init_script(STUBS)
    page = context.new_page()
    page.goto(f"{server.url}/display?location=north-syracuse")
    expect(page.get_by_text("Now calling")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function("window.lobbyRuns >= 1", timeout=TIMEOUT)
    return page


def refreshes(page, count=3) -> None:
    """Wait (without a fixed sleep) for `count` more runs of the caller script: the display's refreshes."""
    runs = page.evaluate("window.lobbyRuns")
    page.wait_for_function(f"window.lobbyRuns >= {runs + count}", timeout=20_000)


def therapist_in_room_2(browser, server):
    make_therapist(server.engine, name="Dana Ruiz", pin="315724")
    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto(f"{server.url}/queue")
    page.get_by_label("Your name").click()
    page.get_by_role("option", name=sign_in_label("Dana Ruiz")).click()
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    page.get_by_label("PIN").fill("315724")
    page.locator(".st-key-signin_go button").click()
    start_shift(page, "Room 2")
    expect(page.get_by_text("North Syracuse · Room 2")).to_be_visible(timeout=TIMEOUT)
    return page


def arrive(server, language="en") -> int:
    client_id = make_client(server.engine)[0]
    with db.write_session(server.engine) as session:
        ticket = check_in(
            session=session,
            clinic=load_clinic(),
            location_slug="north-syracuse",
            client_id=client_id,
            intake=intake(),
            language=language,
        )
    return ticket.visit_id


def call_next(queue_page, code: str) -> None:
    queue_page.locator(".st-key-call_next button").click()
    expect(queue_page.locator(".st-key-board_detail").get_by_text(f"{code} called.")).to_be_visible(timeout=TIMEOUT)


def test_each_call_is_chimed_and_said_once_in_the_clients_language(server, browser):
    queue = therapist_in_room_2(browser, server)
    lobby = lobby_page(browser, server)
    visits = [arrive(server), arrive(server, "es")]

    call_next(queue, "T-001")
    lobby.wait_for_function("window.spoken.length >= 1", timeout=20_000)
    assert lobby.evaluate("window.spoken") == [{"text": "Ticket T 1, please go to room 2.", "lang": "en-US"}]
    assert lobby.evaluate("window.tones") == 2  # one chime: two notes
    expect(lobby.get_by_role("status").filter(has_text="T-001")).to_contain_text("Room 2")
    refreshes(lobby)
    assert lobby.evaluate("window.spoken.length") == 1  # the refreshes said nothing again

    call_next(queue, "T-002")
    lobby.wait_for_function("window.spoken.length >= 2", timeout=20_000)
    refreshes(lobby)
    spoken = lobby.evaluate("window.spoken")
    assert spoken[1:] == [{"text": "Turno T 2, por favor pase a la sala 2.", "lang": "es-US"}]
    assert lobby.evaluate("window.tones") == 4

    lobby.reload()  # the same tab: it remembers what it said
    lobby.wait_for_function("window.lobbyRuns >= 3", timeout=20_000)
    assert lobby.evaluate("window.spoken") == []

    with db.write_session(server.engine) as session:  # both calls more than a minute old now
        for visit_id in visits:
            visit = session.get(Visit, visit_id)
            visit.called_at -= timedelta(minutes=2)
    fresh = lobby_page(browser, server)  # a new tab (another TV): older calls are not said
    refreshes(fresh)
    assert fresh.evaluate("window.spoken") == []
    expect(fresh.get_by_role("status").filter(has_text="T-002")).to_be_visible()
