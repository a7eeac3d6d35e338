"""Staff screens in real Chromium: a tablet check-in reaches the queue, a call reaches the lobby TV."""

import re
import time

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.models import Shift, Therapist, Visit
from kiosk_core.staff.therapists import sign_in_label
from kiosk_core.vocabulary import VisitStatus
from tests.e2e.conftest import APP_IDLE, screenshot, start_server, start_shift
from tests.e2e.test_tablet import TIMEOUT, Tablet, open_tablet, quick_intake
from tests.factories import intake, make_client, make_therapist
from tests.factories import start_shift as shift_in_room

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sam(server):
    return make_therapist(server.engine, name="Sam Chen", pin="286413", medical=True, admin=True)


def sign_in(browser, server, size=(1280, 800), name="Sam Chen", pin="286413"):
    page = browser.new_context(viewport={"width": size[0], "height": size[1]}).new_page()
    page.goto(f"{server.url}/queue")
    page.get_by_label("Your name").click()
    page.get_by_role("option", name=sign_in_label(name)).click()
    # Choosing a name reruns the page (it shows that therapist's places): a PIN typed before the
    # run ends can be drawn over, empty, and "Please type your PIN" comes back.
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    page.get_by_label("PIN").fill(pin)
    expect(page.get_by_label("PIN")).to_have_value(pin)
    page.locator(".st-key-signin_go button").click()
    expect(page.get_by_text("Today's queue")).to_be_visible(timeout=TIMEOUT)
    return page


def test_a_tablet_check_in_appears_on_the_queue_and_a_call_reaches_the_lobby(server, browser, sam):
    queue = sign_in(browser, server)
    start_shift(queue)  # signing in starts no shift: a call needs one
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
    listed = queue.locator(".st-key-board_pick").get_by_text("Rosa D.")
    expect(listed).to_be_visible(timeout=10_000)  # no reload: the page refreshes itself
    print(f"\ncheck-in on the queue {time.monotonic() - confirmed:.1f} s after the tablet confirmed it")
    screenshot(queue, "queue-1280x800")

    queue.locator(".st-key-call_next button").click()
    expect(queue.locator(".st-key-board_detail").get_by_text("T-001 called.")).to_be_visible(timeout=TIMEOUT)
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


def arrive(server, clinic, first_name: str, answers=None) -> tuple[int, str]:
    client_id = make_client(server.engine, first_name=first_name, last_name="Quinn")[0]
    with db.write_session(server.engine) as session:
        ticket = check_in(
            session=session,
            clinic=clinic,
            location_slug="north-syracuse",
            client_id=client_id,
            intake=answers or intake(),
        )
    return ticket.visit_id, ticket.ticket_code


def pick(page, code: str) -> None:
    """Select the client's line in the board's list by its ticket."""
    page.locator(".st-key-board_pick label").filter(has_text=re.compile(rf"^{code}\W")).click()
    expect(page.locator(".st-key-board_detail").get_by_text(f"{code} ·")).to_be_visible(timeout=TIMEOUT)


def status(server, visit_id) -> VisitStatus:
    with db.read_session(server.engine) as session:
        return session.get(Visit, visit_id).status


def test_the_review_flow_in_the_browser(server, browser, clinic):
    make_therapist(server.engine, name="Riley Park", pin="864209", medical=True)  # on no other shift
    visit_id, code = arrive(server, clinic, "Greta", intake(safety={"blood_clot_signs"}))
    page = sign_in(browser, server, name="Riley Park", pin="864209")
    start_shift(page)
    pick(page, code)
    mine = page.locator(".st-key-board_detail")
    expect(mine.get_by_text("Possible blood clot (DVT): no massage until cleared.")).to_be_visible(timeout=TIMEOUT)
    expect(mine.get_by_role("button", name="Start")).to_have_count(0)
    mine.get_by_role("button", name="Call").click()
    expect(mine.get_by_text("Start comes after the review.")).to_be_visible(timeout=TIMEOUT)
    mine.get_by_label("Review note (cleared) or reason (not today)").fill("Calf checked: no swelling, no warmth")
    mine.get_by_role("button", name="Cleared").click()
    expect(mine.get_by_text(f"{code} cleared: the massage can start.")).to_be_visible(timeout=TIMEOUT)
    mine.get_by_role("button", name="Start").click()
    expect(mine.get_by_text("in session")).to_be_visible(timeout=TIMEOUT)
    assert status(server, visit_id) == VisitStatus.IN_SESSION
    screenshot(page, "queue-review-cleared")


@pytest.fixture(scope="module")
def patient_server(tmp_path_factory):
    """Undo for 60 seconds: a slow, busy machine still taps Undo well inside the window."""
    yield from start_server(tmp_path_factory.mktemp("undo"), undo_seconds="60")


def test_undo_a_cancel_from_the_banner_next_to_the_visit(patient_server, browser, clinic):
    server = patient_server
    make_therapist(server.engine, name="Sam Chen", pin="286413", medical=True)
    first, first_code = arrive(server, clinic, "Hedda")
    second, _ = arrive(server, clinic, "Ines")
    page = sign_in(browser, server)
    pick(page, first_code)
    card = page.locator(".st-key-board_detail")
    card.get_by_role("button", name="Cancel").click()
    expect(card.get_by_text(f"{first_code} cancelled.")).to_be_visible(timeout=TIMEOUT)
    # The countdown moving on shows a refresh came (every 2 s) and the banner stayed next to the visit.
    undo = card.get_by_role("button", name=re.compile(r"Undo \((5[0-8]|[1-4][0-9]|[1-9]) s\)"))
    expect(undo).to_be_visible(timeout=10_000)
    undo.click()
    expect(card.get_by_text(f"Undone: {first_code} is back in its place in the queue.")).to_be_visible(timeout=TIMEOUT)
    assert status(server, first) == VisitStatus.WAITING
    listed = page.locator(".st-key-board_pick").get_by_role("radio")
    expect(listed.nth(0)).to_have_accessible_name(re.compile(rf"^{first_code}.*Hedda"))  # back before Ines
    expect(listed.nth(1)).to_have_accessible_name(re.compile(r"Ines"))
    assert second
    screenshot(page, "queue-undone")


def test_a_therapist_starts_a_shift_in_a_room_and_ends_it(server, browser):
    """Signing in is not a shift: the board offers Start shift with the rooms, then End shift."""
    make_therapist(server.engine, name="Noor Haddad", pin="731846", medical=False)
    page = sign_in(browser, server, name="Noor Haddad", pin="731846")
    expect(page.locator(".st-key-shift_start button")).to_be_visible(timeout=TIMEOUT)
    start_shift(page, "Room 3")
    expect(page.get_by_text("On shift · Room 3")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("North Syracuse · Room 3")).to_be_visible(timeout=TIMEOUT)  # the page's bar too
    screenshot(page, "queue-on-shift")
    page.locator(".st-key-shift_end button").click()
    expect(page.get_by_text("Your shift has ended.")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".st-key-shift_start button")).to_be_visible(timeout=TIMEOUT)
    with db.read_session(server.engine) as session:
        sam = session.exec(select(Therapist.id).where(Therapist.name == "Sam Chen")).one()
    # Sam takes the room Noor has just left: held now, whatever the tests before left in the others.
    shift_in_room(server.engine, sam, room="Room 3")
    page.locator(".st-key-shift_room").get_by_text("Room 3 (Sam C.)", exact=True).click()
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    page.locator(".st-key-shift_start button").click()
    expect(page.get_by_text("Room 3 is held by Sam C. — take it over?")).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "queue-take-over-question")
    page.locator(".st-key-shift_keep button").click()
    expect(page.locator(".st-key-shift_start button")).to_be_visible(timeout=TIMEOUT)
    with db.read_session(server.engine) as session:
        [shift] = session.exec(
            select(Shift).join(Therapist, Therapist.id == Shift.therapist_id).where(Therapist.name == "Noor Haddad")
        ).all()
    assert (shift.room, shift.end_reason) == ("Room 3", "ended")
