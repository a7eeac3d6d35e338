"""Registration with a keyboard on the lobby tablet, in a real Chromium: Enter goes from field to
field and presses Continue on the last; a form with a problem stays, saying so under the field."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from kiosk_core import db
from kiosk_core.models import Client
from tests.e2e.checks import settle
from tests.e2e.test_tablet import TIMEOUT, open_tablet

pytestmark = pytest.mark.browser


def field(page, name: str):
    return page.locator(f".st-key-reg_{name} input")


def clients(server) -> list[tuple[str, str, str]]:
    with db.read_session(server.engine) as session:
        return [(c.first_name, c.phone, c.email) for c in session.exec(select(Client))]


def test_enter_goes_field_to_field_and_continues_from_the_last(server, browser):
    t = open_tablet(browser, server)
    page = t.page
    try:
        t.tap(t.button("to_register"))
        expect(field(page, "first_name")).to_be_focused(timeout=TIMEOUT)
        for name, value, then in (("first_name", "Nina", "last_name"), ("last_name", "Alvarez", "phone")):
            page.keyboard.type(value)
            page.keyboard.press("Enter")
            expect(field(page, then)).to_be_focused(timeout=TIMEOUT)
            expect(field(page, name)).to_have_value(value)
        page.keyboard.type("nina@")  # in the phone field: wrong
        page.keyboard.press("Enter")
        expect(field(page, "email")).to_be_focused(timeout=TIMEOUT)
        page.keyboard.type("nina@example.com")
        page.keyboard.press("Enter")  # the last field: Continue
        expect(page.locator('[data-error-for="reg_phone"]')).to_be_visible(timeout=TIMEOUT)
        settle(page)
        assert clients(server) == []  # refused, and everything typed is still there
        expect(field(page, "email")).to_have_value("nina@example.com")
        field(page, "phone").fill("")
        field(page, "phone").press("Enter")  # no phone but an e-mail: fine; Enter goes on to the e-mail
        expect(page.locator('[data-error-for="reg_phone"]')).to_have_count(0, timeout=TIMEOUT)
        expect(field(page, "email")).to_be_focused(timeout=TIMEOUT)
        page.keyboard.press("Enter")
        t.see("Here's your card for next time")
        assert clients(server) == [("Nina", "", "nina@example.com")]
    finally:
        page.context.close()
