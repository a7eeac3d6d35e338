"""The queue board's compact list in real Chromium: forty waiting clients on a therapist's screen,
the next at the top, a call from the list by keyboard and by tap."""

import re

import pytest
from playwright.sync_api import expect

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.models import Visit
from kiosk_core.vocabulary import VisitStatus
from tests.e2e.checks import audit
from tests.e2e.conftest import APP_IDLE, screenshot, start_server, start_shift
from tests.e2e.test_staff import sign_in
from tests.e2e.test_tablet import TIMEOUT
from tests.factories import intake, make_client, make_therapist

pytestmark = pytest.mark.browser
NAMES = ("Ada", "Ben", "Cleo", "Dev", "Eve", "Finn", "Gia", "Hal", "Ivy", "Jo")
SCIATICA = intake(goal="treat_problem", conditions={"sciatica"}, has_diagnosis=True, pain=7)


@pytest.fixture(scope="module")
def busy(tmp_path_factory):
    """A server whose north lobby has forty clients waiting, every fourth a medical one, a few flagged."""
    for server in start_server(tmp_path_factory.mktemp("busy")):
        make_therapist(server.engine, name="Sam Chen", pin="286413", medical=True)
        make_therapist(server.engine, name="Jordan Lee", pin="330571", medical=False)
        from kiosk_core.config import load_clinic

        clinic = load_clinic()
        for n in range(40):
            client_id = make_client(server.engine, first_name=NAMES[n % 10], last_name="Quinn")[0]
            answers = SCIATICA if n % 4 == 0 else intake(goal="relax", stress=n % 11)
            if n % 9 == 4:
                answers = intake(**{**answers.model_dump(), "safety": {"fever_or_contagious"}})
            with db.write_session(server.engine) as session:
                check_in(
                    session=session,
                    clinic=clinic,
                    location_slug="north-syracuse",
                    client_id=client_id,
                    intake=answers,
                    language="es" if n % 5 == 0 else "en",
                )
        yield server


def lines(page):
    return page.locator(".st-key-board_pick").get_by_role("radio")


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)])
def test_forty_waiting_clients_fit_the_screen_as_a_list(busy, browser, size, axe_source):
    page = sign_in(browser, busy, size, name="Jordan Lee", pin="330571")
    expect(lines(page)).to_have_count(40, timeout=TIMEOUT)
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    screenshot(page, f"board-40-{size[0]}x{size[1]}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing off to the side
    group = page.locator(".st-key-board_pick [role=radiogroup]").bounding_box()
    first, last = lines(page).first.bounding_box(), lines(page).nth(39).bounding_box()
    # One line each, no line cut short: forty in at most 24 px each, the pane beside them, not below.
    assert (last["y"] - first["y"]) / 39 <= 24
    assert page.evaluate(
        "[...document.querySelectorAll('.st-key-board_pick label')].every(l => l.scrollWidth <= l.clientWidth + 1)"
    )
    assert page.locator(".st-key-board_detail").bounding_box()["x"] > group["x"] + group["width"] - 5
    # Jordan serves the therapeutic queue only: the first client (medical) is not the top line.
    expect(lines(page).first).to_have_accessible_name(re.compile(r"^T-001.*therapeutic"))
    audit(page, axe_source, f"board with 40 clients at {size[0]}x{size[1]}")


def test_a_therapist_calls_the_next_client_from_the_list(busy, browser):
    page = sign_in(browser, busy, name="Sam Chen", pin="286413")
    start_shift(page)  # a call needs a shift
    top = lines(page).first
    expect(top).to_have_accessible_name(re.compile(r"^M-001"), timeout=TIMEOUT)
    expect(top).to_be_checked()
    # By keyboard: the second line, then back to the top; the pane follows the selection.
    top.focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".st-key-board_detail").get_by_text("T-001 · Ben Q.")).to_be_visible(timeout=TIMEOUT)
    # The line chosen is drawn again with the pane: the keyboard goes on from it.
    lines(page).nth(1).focus()
    page.keyboard.press("ArrowUp")
    pane = page.locator(".st-key-board_detail")
    expect(pane.get_by_text("M-001 · Ada Q.")).to_be_visible(timeout=TIMEOUT)
    expect(pane.get_by_text("Why this queue: Has a diagnosis")).to_be_visible()
    page.locator(".st-key-call_next button").click()
    expect(pane.get_by_text("M-001 called.")).to_be_visible(timeout=TIMEOUT)
    expect(pane.get_by_role("button", name="Start")).to_be_visible(timeout=TIMEOUT)
    expect(lines(page).nth(1)).to_have_accessible_name(re.compile(r"M-001.*with you"))
    with db.read_session(busy.engine) as session:
        visit = session.exec(Visit.__table__.select().where(Visit.ticket_code == "M-001")).first()
    assert visit.status == VisitStatus.CALLED
    screenshot(page, "board-called-1280x800")
