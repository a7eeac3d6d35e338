"""The therapists' queue page: sign-in, lockout, actions, the training rule, the audit trail."""

import html
import re

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.models import AuditEvent, Therapist, Visit
from kiosk_core.staff.therapists import pin_matches
from kiosk_core.visits.actions import apply_action
from kiosk_core.vocabulary import VisitStatus
from tests.app.conftest import APP
from tests.factories import intake, make_client, make_therapist

SCIATICA = intake(goal="treat_problem", conditions={"sciatica"}, body_areas={"lower_back"}, has_diagnosis=True)


def staff_page(page="pages/queue.py") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page(page).run()
    return at


def sign_in(at: AppTest, therapist_id: int, pin: str, location: str | None = None) -> AppTest:
    at.selectbox(key="signin_name").set_value(therapist_id).run()
    if location:
        at.segmented_control(key="signin_location").set_value(location).run()
    at.text_input(key="signin_pin").input(pin)  # in a form: sent with the button, as in a browser
    at.button(key="signin_go").click().run()
    return at


def start_shift(at: AppTest, room: str | None = None) -> AppTest:
    """ "Start shift" on the board, in `room` (the first free room if None): signing in starts no shift."""
    if room is not None:
        at.segmented_control(key="shift_room").set_value(room).run()
    at.button(key="shift_start").click().run()
    return at


def on_shift(at: AppTest, therapist_id: int, pin: str, room: str | None = None) -> AppTest:
    """Signed in on the board and on shift, as a therapist at work."""
    return start_shift(sign_in(at, therapist_id, pin), room)


def pick(at: AppTest, visit_id: int) -> AppTest:
    """Select a client's line in the board's list: their detail pane and its taps."""
    at.radio(key="board_pick").set_value(visit_id).run()
    return at


def tap(at: AppTest, visit_id: int, action: str) -> AppTest:
    """Select a client's line and tap `action` in the detail pane."""
    pick(at, visit_id).button(key=f"act_{action}_{visit_id}").click().run()
    return at


def buttons(at) -> set[str]:
    return {b.key for b in at.button}


def markup(at) -> str:
    """The staff screens' plain-text HTML as sent (not the style sheet)."""
    return "\n".join(h.value for h in at.html if not h.value.startswith("<style>"))


def visible(at) -> str:
    """Every text on the page as a reader sees it."""
    kinds = ("title", "header", "subheader", "markdown", "warning", "success", "info", "caption", "error")
    texts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    return "\n".join([*texts, html.unescape(re.sub(r"<[^>]+>", "", markup(at)))])


def arrive(engine, clinic, answers=None, **client) -> int:
    client_id = make_client(engine, **client)[0]
    with db.write_session(engine) as session:
        return check_in(
            session=session,
            clinic=clinic,
            location_slug="north-syracuse",
            client_id=client_id,
            intake=answers or intake(),
        ).visit_id


@pytest.fixture
def sam(app_db):
    return make_therapist(app_db, name="Sam Chen", pin="286413", medical=True)


def test_nothing_of_any_client_before_sign_in(app_db, clinic, sam):
    arrive(app_db, clinic, first_name="Linda", last_name="Park")
    at = staff_page()
    assert not at.exception
    assert at.title[0].value == "Staff sign-in"
    assert "Linda" not in visible(at) and "T-001" not in visible(at)


def test_sign_in_shows_the_queue(app_db, clinic, sam):
    arrive(app_db, clinic, first_name="Linda", last_name="Park")
    at = on_shift(staff_page(), sam, "286413")
    assert not at.exception
    assert "Today's queue" in visible(at)
    (line,) = at.radio(key="board_pick").options
    assert "T\\-001" in line and "Linda P\\." in line and "0 min" in line
    assert "Park" not in visible(at) and "Park" not in line


def test_a_wrong_pin_is_refused_and_five_lock_the_therapist_out(app_db, sam):
    at = staff_page()
    for attempt in range(4):
        sign_in(at, sam, "000917")
        assert "That PIN isn't right" in visible(at), attempt
    sign_in(at, sam, "000917")
    assert "Too many wrong PINs" in visible(at)
    sign_in(at, sam, "286413")  # even the right PIN waits out the lockout
    assert "Too many wrong PINs" in visible(at)
    assert at.title[0].value == "Staff sign-in"
    with db.read_session(app_db) as session:
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.therapist_id == sam)).all()
        stored = session.get(Therapist, sam).pin_hash
    assert actions.count("sign_in_failed") == 5 and "sign_in_locked" in actions
    assert stored != "286413" and pin_matches("286413", stored)


def test_a_therapist_with_two_locations_chooses_one(app_db, clinic):
    both = make_therapist(app_db, name="Alex Rivera", pin="315724", locations=("north-syracuse", "downtown-syracuse"))
    at = staff_page()
    at.selectbox(key="signin_name").set_value(both).run()
    assert at.segmented_control(key="signin_location")
    sign_in(at, both, "315724", location="downtown-syracuse")
    assert "Downtown Syracuse" in visible(at)


def test_call_start_finish_each_one_tap_and_audited(app_db, clinic, sam):
    visit_id = arrive(app_db, clinic)
    at = on_shift(staff_page(), sam, "286413")
    at.button(key="call_next").click().run()
    assert "T-001 called." in visible(at)
    assert "with you" in at.radio(key="board_pick").options[0]
    at.button(key=f"act_start_{visit_id}").click().run()
    at.button(key=f"act_finish_{visit_id}").click().run()
    assert "T-001 finished." in visible(at)
    with db.read_session(app_db) as session:
        visit = session.get(Visit, visit_id)
        trail = session.exec(select(AuditEvent.action).where(AuditEvent.visit_id == visit_id)).all()
    assert visit.status == VisitStatus.DONE and visit.therapist_id == sam
    assert trail == ["check_in", "call", "start", "finish"]


@pytest.mark.parametrize(("action", "status"), [("no_show", VisitStatus.NO_SHOW), ("cancel", VisitStatus.CANCELLED)])
def test_no_show_and_cancel(app_db, clinic, sam, action, status):
    visit_id = arrive(app_db, clinic)
    at = on_shift(staff_page(), sam, "286413")
    tap(at, visit_id, action)
    with db.read_session(app_db) as session:
        assert session.get(Visit, visit_id).status == status


def test_a_stale_tap_gets_a_clear_message_not_a_crash(app_db, clinic, sam):
    """Sam's screen shows Start; meanwhile the visit went back to the queue."""
    visit_id = arrive(app_db, clinic)
    at = on_shift(staff_page(), sam, "286413")
    at.button(key="call_next").click().run()
    with db.write_session(app_db) as session:
        visit = session.get(Visit, visit_id)
        visit.status, visit.therapist_id = VisitStatus.WAITING, None
        session.add(visit)
    at.button(key=f"act_start_{visit_id}").click().run()
    assert not at.exception
    assert "T-001 is still waiting, so it can't be started." in visible(at)


def test_only_trained_therapists_are_offered_call_and_start_in_the_medical_queue(app_db, clinic, sam):
    jordan = make_therapist(app_db, name="Jordan Lee", pin="330571", medical=False)
    visit_id = arrive(app_db, clinic, SCIATICA)
    at = on_shift(staff_page(), jordan, "330571")
    assert at.button(key="call_next").disabled
    assert "trained in medical massage" in visible(at)
    keys = buttons(at)
    assert f"act_call_{visit_id}" not in keys and f"act_no_show_{visit_id}" in keys
    with db.write_session(app_db) as session:  # Sam calls the client; Jordan sees it, but no Start
        apply_action(session=session, visit_id=visit_id, action="call", therapist_id=sam)
    at.run()
    assert "called · with Sam Chen" in visible(at)
    assert f"act_start_{visit_id}" not in buttons(at) and f"act_requeue_{visit_id}" in buttons(at)


def test_opening_an_intake_shows_it_whole_and_is_audited(app_db, clinic, sam):
    visit_id = arrive(app_db, clinic, intake(**{**SCIATICA.model_dump(), "safety": {"blood_thinners"}}))
    at = on_shift(staff_page(), sam, "286413")
    at.button(key=f"open_{visit_id}").click().run()
    assert not at.exception
    assert "On blood thinners" in visible(at)
    assert "<td>Sciatica</td>" in markup(at)
    with db.read_session(app_db) as session:
        views = session.exec(select(AuditEvent).where(AuditEvent.action == "view_intake")).all()
    assert [(v.therapist_id, v.visit_id) for v in views] == [(sam, visit_id)]


def test_reroute_needs_a_reason_and_moves_the_visit(app_db, clinic, sam):
    visit_id = arrive(app_db, clinic)
    at = on_shift(staff_page(), sam, "286413")
    at.button(key=f"open_{visit_id}").click().run()
    at.button(key=f"reroute_{visit_id}").click().run()
    assert "Please say why" in visible(at)
    at.text_input(key=f"reroute_reason_{visit_id}").input("Brought an MRI report").run()
    at.button(key=f"reroute_{visit_id}").click().run()
    assert "T-001 moved to the medical queue." in visible(at)
    with db.read_session(app_db) as session:
        visit = session.get(Visit, visit_id)
        assert (visit.queue, visit.reroute_reason) == ("medical", "Brought an MRI report")


def test_sign_out(app_db, sam):
    at = on_shift(staff_page(), sam, "286413")
    at.button(key="sign_out").click().run()
    assert at.title[0].value == "Staff sign-in"


def test_idle_staff_are_signed_out(app_db, sam):
    at = on_shift(staff_page(), sam, "286413")
    at.session_state["staff_shift"].touched -= 16 * 60
    at.run()
    assert at.title[0].value == "Staff sign-in"
    assert "signed out after a quiet spell" in visible(at)


def test_what_a_client_typed_is_shown_as_text_not_markdown(app_db, clinic, sam):
    typed = "sore [click](https://example.com) :red-badge[urgent] <b>now</b>"
    visit_id = arrive(app_db, clinic, intake(other_condition=typed))
    at = on_shift(staff_page(), sam, "286413")
    at.button(key=f"open_{visit_id}").click().run()
    # Drawn as escaped HTML text: the browser shows exactly what was typed (tests/e2e proves it).
    assert "<td>sore [click](https://example.com) :red-badge[urgent] &lt;b&gt;now&lt;/b&gt;</td>" in markup(at)
    assert not [m for m in at.markdown if "click" in m.value]
