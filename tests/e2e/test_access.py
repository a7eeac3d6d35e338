"""Issue 21 in real Chromium: an admin's change reaches an open board by itself within its next
refresh (2 s), and the enrolled tablet and a phone that typed the same address are told apart."""

import time

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from kiosk_core import db
from kiosk_core.models import RateCount, Tablet, Therapist
from tests.e2e.conftest import screenshot
from tests.e2e.test_staff import sign_in
from tests.e2e.test_tablet import TIMEOUT, quick_intake
from tests.e2e.test_tablet import Tablet as TabletPage
from tests.factories import make_client, make_therapist

pytestmark = pytest.mark.browser
CHANGED = "Your access was changed by an admin. Please sign in again."


def test_a_deactivated_therapists_open_board_signs_out_at_its_next_refresh(server, browser):
    make_client(server.engine, first_name="Linda")
    sam = make_therapist(server.engine, name="Sam Chen", pin="286413")
    board = sign_in(browser, server)
    with db.write_session(server.engine) as session:
        session.get(Therapist, sam).active = False
    changed = time.monotonic()
    # The board's fragment runs every 2 s; 1 s more for that run and the page's own.
    expect(board.get_by_text(CHANGED)).to_be_visible(timeout=3_000)
    print(f"\nthe open board signed out {time.monotonic() - changed:.1f} s after the admin's change")
    expect(board.get_by_text("Staff sign-in")).to_be_visible()
    expect(board.get_by_text("Today's queue")).to_have_count(0)
    screenshot(board, "board-access-changed")


def open_at(browser, address: str) -> TabletPage:
    page = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
    page.goto(address)
    t = TabletPage(page)
    t.see("Been here before?")
    return t


def test_the_enrolled_tablet_and_a_phone_at_the_same_address_are_told_apart(server, browser):
    enrolled = server.tablet()
    typed = enrolled.split("&tablet=")[0]  # the same address without the enrolled token
    for address, on_tablet in ((enrolled, True), (typed, False)):
        name = "Rosa" if on_tablet else "Nina"
        _, payload = make_client(server.engine, first_name=name, last_name="Ray", phone=f"315555018{int(on_tablet)}")
        t = open_at(browser, address)
        if on_tablet:
            expect(t.page.locator(".st-key-scan input")).to_be_focused(timeout=TIMEOUT)  # the handheld scanner's
            t.page.keyboard.type(payload + "\n")
        else:  # a phone: its own Welcome, no scanner field; Nina finds herself without the card
            t.see("Check in from your phone")
            expect(t.page.locator(".st-key-scan input")).to_have_count(0)
            t.tap(t.button("to_forgot"))
            t.page.locator(".st-key-forgot_first_name input").click()
            t.page.keyboard.type("Nina\nRay\n3155550180\n")
        quick_intake(t)
        t.see("You're checked in, " + ("Rosa!" if on_tablet else "Nina!"))
        follow = t.page.get_by_role("link", name="Follow my place in line")
        expect(follow).to_have_count(0 if on_tablet else 1)  # a phone follows its ticket itself
        with db.read_session(server.engine) as session:
            counts = list(session.exec(select(RateCount)))
            used = session.exec(select(Tablet.last_used_at)).all()
        assert bool(counts) is not on_tablet  # only the phone was counted
        assert any(used)  # the tablet's last use is kept for the admin's list
        screenshot(t.page, f"same-address-{'tablet' if on_tablet else 'phone'}")
