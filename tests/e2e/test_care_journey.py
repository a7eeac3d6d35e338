"""A plan client's care in real Chromium: they check in at the tablet in Spanish and rate their
activities (within the returning client's 5 taps + one per activity + one for the change), the
therapist sees the progress chart, finishes, writes and signs the note, and adds an addendum."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from kiosk_core import db
from kiosk_core.care import plans
from kiosk_core.care.tables import Outcome
from kiosk_core.models import Visit, utcnow
from tests.e2e.checks import audit
from tests.e2e.conftest import APP_IDLE, screenshot, start_shift
from tests.e2e.test_staff import sign_in
from tests.e2e.test_tablet import TIMEOUT, open_tablet
from tests.factories import make_client, make_therapist
from tests.integration.care_setup import plan_form, visit_with_outcomes

pytestmark = pytest.mark.browser
RETURNING_TAPS = 5  # pain, stress, "Yes, same as last time", "None of these apply", Check me in


def test_a_plan_client_rates_their_activities_and_the_therapist_follows_up(server, browser, clinic, axe_source):
    priya = make_therapist(server.engine, name="Priya Patel", pin="286413", medical=True)
    client_id, payload = make_client(server.engine, first_name="Rosa", last_name="Delgado")
    visit_with_outcomes(server.engine, clinic, client_id, priya, days_ago=14, pain=8)
    form = plan_form(starts_on=(utcnow() - timedelta(days=14)).date())
    with db.write_session(server.engine) as session:
        plans.create_plan(session=session, client_id=client_id, therapist_id=priya, content=plans.checked_plan(form)[0])
    visit_with_outcomes(server.engine, clinic, client_id, priya, days_ago=7, pain=7, ratings=(3, 4))

    t = open_tablet(browser, server)
    t.tap(t.button("language"))
    t.see("¿Ya ha venido antes?")
    t.page.wait_for_function(APP_IDLE, timeout=TIMEOUT)  # the switch's run is over: nothing typed is lost
    expect(t.page.locator(".st-key-scan input")).to_be_focused(timeout=TIMEOUT)
    t.page.keyboard.type(payload + "\n")
    t.see("¡Hola de nuevo, Rosa!")
    after_scan = t.taps
    t.tap(t.choice("q_pain", "4"))
    t.see("sitting 30 minutes")  # the activity in the words agreed with the therapist
    t.tap(t.choice("q_psfs_act1", "6"))
    t.tap(t.choice("q_psfs_act2", "7"))
    t.tap(t.choice("q_groc", "Mejor"))
    t.tap(t.choice("q_stress", "3"))
    screenshot(t.page, "plan-client-outcomes-es")
    audit(t.page, axe_source, "tablet, a plan client's outcomes (es)")
    t.tap(t.button("same_yes"))
    t.see("Antes de su masaje")
    t.tap(t.choice("q_safety", "No tengo ninguna de estas"))
    t.tap(t.button("safety_next"))
    t.see("¡Listo, Rosa! Registramos su llegada.")
    taps = t.taps - after_scan
    assert taps <= RETURNING_TAPS + 2 + 1, taps
    print(f"\nplan client: {taps} taps after the scan ({RETURNING_TAPS} + 2 activities + the change)")
    with db.read_session(server.engine) as session:
        today = session.exec(select(Visit).where(Visit.client_id == client_id).order_by(Visit.id.desc())).first()
        rated = session.exec(select(Outcome.measure, Outcome.value).where(Outcome.visit_id == today.id)).all()
    assert sorted(rated) == [("groc", 2), ("psfs", 6), ("psfs", 7)]

    queue = sign_in(browser, server, name="Priya Patel")
    start_shift(queue)
    queue.locator(".st-key-call_next button").click()
    queue.locator(f".st-key-act_start_{today.id} button").click()
    queue.locator(f".st-key-act_finish_{today.id} button").click()
    queue.get_by_role("link", name="Write the note").click()
    expect(queue.get_by_text("S: what the client told us today")).to_be_visible(timeout=TIMEOUT)
    expect(queue.get_by_text("6/10")).to_be_visible()  # today's rating, read-only in S
    note = _note_id(queue)
    queue.get_by_label("Findings in a few words").fill("Right QL taut, tender at L5")
    queue.locator(f".st-key-n{note}_response").get_by_text("Better", exact=True).click()
    expect(queue.locator(f".st-key-n{note}_response button[aria-checked='true']")).to_have_count(1, timeout=TIMEOUT)
    queue.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    techniques = queue.locator(f".st-key-n{note}_techniques input")
    techniques.click()
    techniques.press_sequentially("Trigger")
    option = queue.get_by_role("option", name="Trigger point therapy")
    expect(option).to_be_visible(timeout=TIMEOUT)
    option.click()
    expect(queue.get_by_label(f"{'Trigger point therapy'}: minutes")).to_be_visible(timeout=TIMEOUT)  # chosen
    audit(queue, axe_source, "session note, being written")
    queue.locator(".st-key-note_sign button").click()
    expect(queue.get_by_text("Signed by Priya Patel")).to_be_visible(timeout=TIMEOUT)
    screenshot(queue, "note-signed-1280x800")
    audit(queue, axe_source, "session note, signed")
    queue.get_by_label("Addendum: why").fill("left out")
    queue.get_by_label("Addendum", exact=True).fill("Numbness in the right foot gone since Tuesday.")
    queue.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    queue.locator(".st-key-add_addendum button").click()
    expect(queue.get_by_text("Numbness in the right foot gone since Tuesday.").first).to_be_visible(timeout=TIMEOUT)

    queue.get_by_role("link", name="Open the client's chart").click()
    expect(queue.get_by_text("Progress", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(queue.get_by_text("2 of 6")).to_be_visible()  # the two visits that rated the activities
    charts = queue.locator('[data-testid="stVegaLiteChart"]')
    expect(charts).to_have_count(4, timeout=TIMEOUT)  # pain, PSFS, GROC, stress
    queue.locator('[data-testid="stVegaLiteChart"]').nth(1).scroll_into_view_if_needed()
    queue.wait_for_function(APP_IDLE, timeout=TIMEOUT)
    expect(queue.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')).to_have_count(
        4, timeout=TIMEOUT
    )
    screenshot(queue, "chart-progress-1280x800")
    audit(queue, axe_source, "client chart")


def _note_id(page) -> str:
    """The note's id, from its widgets' keys (st-key-n<id>_objective)."""
    key = page.locator("[class*='st-key-n'][class*='_objective']").first.get_attribute("class")
    return next(c for c in key.split() if c.startswith("st-key-n")).removeprefix("st-key-n").split("_")[0]
