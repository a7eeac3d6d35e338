"""Staff screens under attack, in real Chromium: a replayed refresh after sign-out (or an idle
sign-out) reads nothing; the PIN form sends what was typed (Enter, Tab to the eye icon)."""

import re
import time

import pytest
from playwright.sync_api import expect
from sqlmodel import select
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.config import load_clinic
from kiosk_core.models import AuditEvent
from kiosk_core.staff.therapists import sign_in_label
from tests.e2e.conftest import APP_IDLE, start_server
from tests.factories import intake, make_client, make_therapist

pytestmark = pytest.mark.browser
TIMEOUT = 20_000
PRIVATE = (b"Linnea", b"T-001", b"gardening strain")  # the client's name, ticket and own words


def wait_for(page, condition, what: str) -> None:
    """Until `condition()` holds; each short wait lets Playwright deliver events (frames,
    downloads), it is not a sleep to hope by."""
    deadline = time.monotonic() + TIMEOUT / 1000
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        page.wait_for_timeout(50)


class Wire:
    """The page's Streamlit WebSocket, passed through and recorded both ways, so a test can
    resend what the page sent, as an attacker holding the page would."""

    def __init__(self, page):
        self.page = page
        self.sent: list[bytes] = []
        self.received: list[bytes] = []
        self._server = None
        page.route_web_socket(re.compile(r"/_stcore/stream"), self._route)

    def _route(self, ws) -> None:
        server = ws.connect_to_server()
        ws.on_message(lambda message: (self.sent.append(message), server.send(message)))
        server.on_message(lambda message: (self.received.append(message), ws.send(message)))
        self._server = server

    def resend(self, message: bytes) -> None:
        self._server.send(message)

    def reruns(self) -> list[tuple[bytes, BackMsg]]:
        parsed = [(m, BackMsg.FromString(m)) for m in self.sent if isinstance(m, bytes)]
        return [(m, msg) for m, msg in parsed if msg.WhichOneof("type") == "rerun_script"]

    def timer_refresh(self) -> bytes | None:
        """The last rerun the live board's 2-second timer sent."""
        ticks = [m for m, msg in self.reruns() if msg.rerun_script.fragment_id and msg.rerun_script.is_auto_rerun]
        return ticks[-1] if ticks else None

    def click(self, key: str) -> bytes:
        """The rerun the page sent when the button keyed `key` was pressed."""
        return next(
            m
            for m, msg in reversed(self.reruns())
            if any(w.id.endswith(key) and w.trigger_value for w in msg.rerun_script.widget_states.widgets)
        )

    def settle(self) -> None:
        """Have the server run /status and wait for it: runs go one at a time, so once its
        page arrives, every message resent before has been answered (or dropped)."""
        status = next(
            page.page_script_hash
            for message in self.received
            if isinstance(message, bytes) and (forward := ForwardMsg.FromString(message)).HasField("navigation")
            for page in forward.navigation.app_pages
            if page.url_pathname == "status"
        )
        sentinel = BackMsg()
        sentinel.rerun_script.page_script_hash = status
        mark = len(self.received)
        self.resend(sentinel.SerializeToString())
        self.wait(lambda: any(b"The check-in kiosk is running" in m for m in self.received[mark:]), "the /status run")

    def finished_runs(self, since: int) -> int:
        messages = [ForwardMsg.FromString(m) for m in self.received[since:] if isinstance(m, bytes)]
        return sum(1 for m in messages if m.WhichOneof("type") == "script_finished")

    def wait(self, condition, what: str) -> None:
        wait_for(self.page, condition, what)


def seed_visit(engine) -> int:
    client_id, _ = make_client(engine, first_name="Linnea", last_name="Quist")
    with db.write_session(engine) as session:
        return check_in(
            session=session,
            clinic=load_clinic(),
            location_slug="north-syracuse",
            client_id=client_id,
            intake=intake(other_condition="gardening strain"),
        ).visit_id


def views(engine) -> int:
    with db.read_session(engine) as session:
        return len(session.exec(select(AuditEvent).where(AuditEvent.action == "view_intake")).all())


def open_sign_in(browser, server, path="/queue"):
    page = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True).new_page()
    wire = Wire(page)
    page.goto(f"{server.url}{path}")
    page.get_by_label("Your name").click()
    return page, wire


def choose(page, name: str) -> None:
    page.get_by_role("option", name=sign_in_label(name)).click()
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)


def signed_in_with_an_open_intake(browser, server, name: str, pin: str):
    visit_id = seed_visit(server.engine)
    page, wire = open_sign_in(browser, server)
    choose(page, name)
    page.get_by_label("PIN").fill(pin)
    page.get_by_label("PIN").press("Enter")
    expect(page.get_by_text("Linnea Q.").first).to_be_visible(timeout=TIMEOUT)
    page.locator(f".st-key-open_{visit_id} button").click()
    expect(page.get_by_text("gardening strain")).to_be_visible(timeout=TIMEOUT)
    wire.wait(wire.timer_refresh, "the board's own timed refresh")
    # Control: while signed in, a resent refresh does bring the board (so the replay below is real).
    mark = len(wire.received)
    wire.resend(wire.timer_refresh())
    wire.wait(lambda: any(b"Linnea" in m for m in wire.received[mark:]), "the replayed refresh's board")
    return page, wire, visit_id


def replay_after_sign_out(page, wire, server, visit_id) -> None:
    """Resend the "Open" tap and the board's refresh; nothing of the client comes back."""
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    looked = views(server.engine)
    mark = len(wire.received)
    for message in (wire.click(f"open_{visit_id}"), wire.timer_refresh(), wire.timer_refresh()):
        wire.resend(message)
    wire.wait(lambda: wire.finished_runs(mark) >= 1, "the server to answer the replayed messages")
    page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    expect(page.get_by_text("Staff sign-in")).to_be_visible()
    body = page.locator("body").inner_text()
    assert "Linnea" not in body and "gardening" not in body and "T-001" not in body
    wire.settle()
    after = b"".join(m if isinstance(m, bytes) else m.encode() for m in wire.received[mark:])
    assert not [token for token in PRIVATE if token in after]
    assert views(server.engine) == looked  # no intake opened, none audited in the leaver's name


def test_after_sign_out_a_replayed_refresh_or_tap_reads_nothing(server, browser):
    make_therapist(server.engine, name="Sam Chen", pin="286413")
    page, wire, visit_id = signed_in_with_an_open_intake(browser, server, "Sam Chen", "286413")
    page.locator(".st-key-sign_out button").click()
    expect(page.get_by_text("Staff sign-in")).to_be_visible(timeout=TIMEOUT)
    replay_after_sign_out(page, wire, server, visit_id)


@pytest.fixture(scope="module")
def quiet_server(tmp_path_factory):
    """A server that signs staff out after 30 quiet seconds: time to sign in and open an intake
    on a busy machine, and to see a refresh, before it."""
    yield from start_server(tmp_path_factory.mktemp("idle"), staff_idle_minutes="0.5")


def test_after_an_idle_sign_out_a_replayed_refresh_or_tap_reads_nothing(quiet_server, browser):
    make_therapist(quiet_server.engine, name="Ida Quiet", pin="315724")
    page, wire, visit_id = signed_in_with_an_open_intake(browser, quiet_server, "Ida Quiet", "315724")
    expect(page.get_by_text("signed out after a quiet spell")).to_be_visible(timeout=120_000)
    replay_after_sign_out(page, wire, quiet_server, visit_id)


def failed_tries(engine, therapist_id: int) -> int:
    with db.read_session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.therapist_id == therapist_id, AuditEvent.action == "sign_in_failed")
        ).all()
    return len(events)


def test_enter_in_the_pin_field_signs_in(server, browser):
    rae = make_therapist(server.engine, name="Rae Enter", pin="864209")
    page, _ = open_sign_in(browser, server)
    choose(page, "Rae Enter")
    page.get_by_label("PIN").fill("864209")
    page.get_by_label("PIN").press("Enter")
    expect(page.get_by_text("Today's queue")).to_be_visible(timeout=TIMEOUT)
    assert failed_tries(server.engine, rae) == 0


def test_tab_to_the_eye_icon_then_sign_in_sends_the_typed_pin(server, browser):
    tom = make_therapist(server.engine, name="Tom Tab", pin="975318")
    page, _ = open_sign_in(browser, server)
    choose(page, "Tom Tab")
    page.get_by_label("PIN").click()
    page.keyboard.type("975318")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.closest('.st-key-signin_pin') !== null")
    assert focused and page.evaluate("document.activeElement.tagName") == "BUTTON"  # the eye icon
    page.locator(".st-key-signin_go button").click()
    expect(page.get_by_text("Today's queue")).to_be_visible(timeout=TIMEOUT)
    assert failed_tries(server.engine, tom) == 0


def test_an_empty_pin_is_refused_and_not_counted(server, browser):
    una = make_therapist(server.engine, name="Una Empty", pin="147036")
    page, _ = open_sign_in(browser, server)
    choose(page, "Una Empty")
    for _ in range(6):  # more than the lockout's five
        page.locator(".st-key-signin_go button").click()
        expect(page.get_by_text("Please type your PIN.")).to_be_visible(timeout=TIMEOUT)
        page.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    assert failed_tries(server.engine, una) == 0
    page.get_by_label("PIN").fill("147036")
    page.get_by_label("PIN").press("Enter")
    expect(page.get_by_text("Today's queue")).to_be_visible(timeout=TIMEOUT)


def test_the_csv_is_made_and_audited_only_when_downloaded(server, browser):
    ana = make_therapist(server.engine, name="Ana Csv", pin="258064", roles=("reporting",))  # reports need it
    page, _ = open_sign_in(browser, server, "/reports")
    choose(page, "Ana Csv")
    page.get_by_label("PIN").fill("258064")
    page.get_by_label("PIN").press("Enter")
    expect(page.get_by_text("Download visits (CSV)")).to_be_visible(timeout=TIMEOUT)
    assert downloads(server.engine, ana) == []
    with page.expect_download(timeout=TIMEOUT) as download:
        page.locator(".st-key-report_csv button").click()
    assert "ticket" in download.value.path().read_text().splitlines()[0]  # the CSV's header
    wait_for(page, lambda: len(downloads(server.engine, ana)) == 1, "the download's audit row")
    assert " to " in downloads(server.engine, ana)[0]  # the days it covered


def downloads(engine, therapist_id: int) -> list[str]:
    with db.read_session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.therapist_id == therapist_id, AuditEvent.action == "download_csv")
        ).all()
    return [e.detail for e in events]
