"""Hostile names, answers and reasons on every staff page, in real Chromium: shown as the text
they are, never as a link, bold or coloured text, or an element built from them."""

import pytest
from playwright.sync_api import expect

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.config import load_clinic
from kiosk_core.models import Client
from kiosk_core.staff.therapists import sign_in_label
from kiosk_core.visits.actions import apply_action, reroute
from tests.e2e.conftest import APP_IDLE, screenshot
from tests.factories import intake, make_client, make_therapist, start_shift

pytestmark = pytest.mark.browser
TIMEOUT = 20_000
HOSTILE = ("[x](http://evil)", "**b**", ":red[x]", "<img src=x onerror=alert(1)>")
NAME = " ".join(HOSTILE)  # 59 characters: a first name fits 60
BARE_LINKS = "www.evil.example http://evil.example/a a@evil.example"  # GFM links them even when escaped
THERAPIST = "**b** :red[x] [x](http://evil) <img src=x onerror=alert(1)>"

# Anything the hostile text could have become. Our own markup has no links but the page
# links (and Streamlit's skip link), no images, no event handlers.
INERT = """() => {
  const main = document.querySelector('[data-testid="stApp"]');
  const links = [...main.querySelectorAll('a')].map(a => a.getAttribute('href') || '');
  return {
    foreignLinks: links.filter(h => !new RegExp(
      '^((\\\\/|http:\\\\/\\\\/127\\\\.0\\\\.0\\\\.1:\\\\d+\\\\/)?'
      + '(queue|reports|admin|chart|chart\\\\?client=\\\\d+|note\\\\?visit=\\\\d+)|#stMain)$').test(h)),
    images: main.querySelectorAll('img').length,
    handlers: main.querySelectorAll('[onerror], [onclick], [onload]').length,
    // `**b**` made bold, `[x](...)` a link or `:red[x]` coloured would each leave an element
    // holding just "b" or "x"; our own markup never does.
    built: [...main.querySelectorAll('*')]
      .filter(e => e.children.length === 0 && /^(b|x)$/.test(e.textContent.trim()))
      .map(e => e.outerHTML),
    coloured: main.querySelectorAll('[data-testid="stMarkdownColoredText"]').length,
  };
}"""


@pytest.fixture(scope="module")
def hostile(server):
    """A hostile therapist name, two clients with hostile names (written past the registration
    check, as an older version or a direct import could have left them), a hostile answer and a
    hostile reroute reason. Returns (therapist id, moved visit id)."""
    engine, clinic = server.engine, load_clinic()
    therapist = make_therapist(engine, name=THERAPIST, pin="286413", medical=True, admin=True)
    start_shift(engine, therapist)  # on shift with no room: the TV sends the called client to them by name
    visits = []
    for _ in range(2):
        client_id, _ = make_client(engine)
        with db.write_session(engine) as session:
            client = session.get(Client, client_id)
            client.first_name, client.last_name = NAME, "<b>Z</b>"
            session.add(client)
        with db.write_session(engine) as session:
            answers = intake(other_condition=f"{NAME} {BARE_LINKS}")
            visits.append(
                check_in(
                    session=session, clinic=clinic, location_slug="north-syracuse", client_id=client_id, intake=answers
                ).visit_id
            )
    with db.write_session(engine) as session:
        reroute(
            session=session,
            visit_id=visits[0],
            to_queue="medical",
            reason=f"{NAME} {BARE_LINKS}",
            therapist_id=therapist,
        )
        apply_action(session=session, visit_id=visits[1], action="call", therapist_id=therapist)
    return therapist, visits[0]


def assert_inert(page, *, shows_names: bool = True) -> None:
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    found = page.evaluate(INERT)
    assert found == {"foreignLinks": [], "images": 0, "handlers": 0, "built": [], "coloured": 0}, found
    text = page.locator("body").inner_text()
    if shows_names:
        for piece in HOSTILE:
            assert piece in text, piece  # shown as typed, every character


def watch_dialogs(page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


def test_every_staff_page_shows_hostile_text_as_plain_text(server, browser, hostile):
    _, moved = hostile
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    dialogs = watch_dialogs(page)

    page.goto(f"{server.url}/queue")
    page.get_by_label("Your name").click()
    option = page.get_by_role("option", name=sign_in_label(THERAPIST))
    expect(option).to_be_visible(timeout=TIMEOUT)
    assert option.inner_text().strip() == sign_in_label(THERAPIST)  # the sign-in list: as written, first name
    option.click()
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    page.get_by_label("PIN").fill("286413")
    page.get_by_label("PIN").press("Enter")

    expect(page.locator(".st-key-board_detail")).to_be_visible(timeout=TIMEOUT)  # the board, the staff bar
    assert_inert(page)
    assert page.locator(".staff-line b").filter(has_text=THERAPIST).count() == 1  # our bold, their words
    screenshot(page, "staff-hostile-board")

    page.locator(f".st-key-open_{moved} button").click()  # the intake, its answer and the reason
    expect(page.get_by_text("Moved from therapeutic:")).to_be_visible(timeout=TIMEOUT)
    assert_inert(page)
    assert BARE_LINKS in page.locator("body").inner_text()
    screenshot(page, "staff-hostile-open")

    page.get_by_role("link", name="Chart").click()  # the client's chart: their answers, as typed
    expect(page.get_by_text("Progress")).to_be_visible(timeout=TIMEOUT)
    page.get_by_text(BARE_LINKS.split()[0]).first.wait_for(state="attached", timeout=TIMEOUT)
    assert_inert(page)
    screenshot(page, "staff-hostile-chart")

    page.get_by_role("link", name="Reports").click()  # the staff bar, charts and the audit log
    expect(page.get_by_text("Audit log")).to_be_visible(timeout=TIMEOUT)
    assert_inert(page, shows_names=False)
    assert THERAPIST in page.locator("body").inner_text()

    lobby = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    lobby_dialogs = watch_dialogs(lobby)
    lobby.goto(f"{server.url}/display?location=north-syracuse")
    expect(lobby.get_by_text("Now calling")).to_be_visible(timeout=TIMEOUT)
    assert_inert(lobby, shows_names=False)
    # No client's name; the calling therapist's first name (they have no room) as typed, and nothing more.
    shown = lobby.locator("body").inner_text()
    assert [piece for piece in HOSTILE if piece in shown] == ["**b**"] and "See **b**" in shown
    assert dialogs == lobby_dialogs == []
