"""The kiosk on a client's own phone, in a real headless Chromium at 390×844: the live ticket
turns to "It's your turn" by itself when a therapist calls, and a check-in from the poster's code
ends on that live ticket."""

import time

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.checkin.device_limits import Device, Kind, limits
from kiosk_core.models import RateCount
from kiosk_core.screens import tablet
from kiosk_core.visits.actions import call_next
from tests.e2e.checks import audit
from tests.e2e.conftest import screenshot
from tests.e2e.test_tablet import Tablet, quick_intake
from tests.factories import intake, make_client, make_therapist

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
TIMEOUT = 20_000
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def on_a_phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    return context, context.new_page()


def checked_in_with_a_link(server, clinic, first_name: str, language: str = "en"):
    """A new client checked in at North Syracuse, and the link to their live ticket: (ticket, token)."""
    client_id, _ = make_client(server.engine, first_name=first_name)
    with db.write_session(server.engine) as session:
        where = {"location_slug": "north-syracuse", "client_id": client_id, "language": language}
        ticket = check_in(session=session, clinic=clinic, intake=intake(), **where)
    return ticket, tablet.ticket_link(visit_id=ticket.visit_id, engine=server.engine)


def test_the_phone_turns_to_its_your_turn_within_3_seconds_of_call_next_without_a_reload(
    server, browser, clinic, axe_source
):
    ticket, token = checked_in_with_a_link(server, clinic, "Rosa")
    therapist = make_therapist(server.engine, name="Priya Patel", medical=False)
    context, page = on_a_phone(browser)
    try:
        page.goto(f"{server.url}/ticket?t={token}")
        expect(page.get_by_text("Hi, Rosa")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text(ticket.ticket_code)).to_be_visible()
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        screenshot(page, "phone-ticket-waiting")
        audit(page, axe_source, "phone ticket, waiting")
        page.evaluate("window.sameDocument = true")  # gone if the page reloads
        with db.write_session(server.engine) as session:
            call_next(session=session, location_slug="north-syracuse", queue=ticket.queue, therapist_id=therapist)
        called = time.monotonic()
        expect(page.get_by_test_id("your-turn")).to_be_visible(timeout=3_000)
        took = time.monotonic() - called
        expect(page.get_by_test_id("your-turn")).to_contain_text("It's your turn, Rosa!")
        expect(page.get_by_test_id("your-turn")).to_contain_text("Priya is ready for you.")
        assert page.evaluate("window.sameDocument === true")
        assert page.title() == "It's your turn, Rosa!"
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        screenshot(page, "phone-ticket-called")
        audit(page, axe_source, "phone ticket, called")
        print(f"\nCall next to 'It's your turn' on the phone: {took:.2f} s")
    finally:
        context.close()


def test_a_spanish_ticket_is_a_spanish_page(server, browser, clinic):
    """Its words and the page's language, by which screen readers choose their voice."""
    _, token = checked_in_with_a_link(server, clinic, "Inés", language="es")
    context, page = on_a_phone(browser)
    try:
        page.goto(f"{server.url}/ticket?t={token}")
        expect(page.get_by_text("Hola, Inés")).to_be_visible(timeout=TIMEOUT)
        page.wait_for_function("document.documentElement.lang === 'es'", timeout=TIMEOUT)
    finally:
        context.close()


def test_a_phone_checks_in_from_the_posters_code_and_follows_its_ticket(server, browser, axe_source):
    context, page = on_a_phone(browser)
    try:
        page.goto(f"{server.url}/?location=north-syracuse&device=phone")
        t = Tablet(page)
        t.see("Been here before?")
        screenshot(page, "phone-welcome")
        expect(page.locator("input")).to_have_count(0)  # a phone has no scanner: no field, no keyboard over it
        t.tap(t.button("to_register"))
        t.see("Let's get you registered")
        for label, value in (("First name", "Nina"), ("Last name", "Alvarez"), ("Mobile phone", "315 555 0199")):
            t.tap(page.get_by_label(label))
            page.keyboard.type(value)
        t.tap(t.button("register_next"))
        t.see("Here's your card for next time")
        quick_intake(t)
        t.see("You're checked in, Nina!")
        follow = page.get_by_role("link", name="Follow my place in line")
        expect(follow).to_be_visible(timeout=TIMEOUT)
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        screenshot(page, "phone-checked-in")
        audit(page, axe_source, "phone check-in, ticket")
        device = next(c["value"] for c in context.cookies() if c["name"] == "kiosk_device")
        with db.read_session(server.engine) as session:
            counted = {row.key for row in session.exec(select(RateCount))}
        assert limits(Kind.CHECK_IN, "north-syracuse", Device(phone_id=device))[0][0] in counted
        page.goto(follow.get_attribute("href"))
        expect(page.get_by_text("Hi, Nina")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Keep it open", exact=False)).to_be_visible()
    finally:
        context.close()
