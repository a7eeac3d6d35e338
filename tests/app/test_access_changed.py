"""Issue 21, finding 1, on the staff pages: an admin's change reaches an open page at its next
run (a tap, or the board's timed refresh): the tab signs out and says why, nothing more is read."""

from sqlmodel import select

from kiosk_core import db
from kiosk_core.models import AuditEvent, Therapist, Visit
from kiosk_core.vocabulary import VisitStatus
from tests.app.test_queue_page import arrive, sign_in, staff_page, visible
from tests.factories import make_therapist

CHANGED = "Your access was changed by an admin. Please sign in again."


def deactivate(engine, therapist_id: int) -> None:
    with db.write_session(engine) as session:
        session.get(Therapist, therapist_id).active = False


def sign_outs(engine) -> list[str]:
    with db.read_session(engine) as session:
        return list(session.exec(select(AuditEvent.detail).where(AuditEvent.action == "sign_out")))


def test_the_open_board_signs_out_at_its_next_run_and_says_why(app_db, clinic):
    arrive(app_db, clinic, first_name="Linda", last_name="Park")
    sam = make_therapist(app_db, name="Sam Chen", pin="286413")
    at = sign_in(staff_page(), sam, "286413")
    assert "Linda" in visible(at)
    deactivate(app_db, sam)
    at.run()
    assert not at.exception
    assert at.title[0].value == "Staff sign-in" and CHANGED in visible(at) and "Linda" not in visible(at)
    assert sign_outs(app_db) == ["access_changed"]


def test_a_tap_after_the_change_does_nothing_and_says_why(app_db, clinic):
    visit_id = arrive(app_db, clinic, first_name="Linda", last_name="Park")
    sam = make_therapist(app_db, name="Sam Chen", pin="286413")
    at = sign_in(staff_page(), sam, "286413")
    deactivate(app_db, sam)
    at.button(key="call_next").click().run()
    assert not at.exception and at.title[0].value == "Staff sign-in" and CHANGED in visible(at)
    with db.read_session(app_db) as session:
        assert session.get(Visit, visit_id).status == VisitStatus.WAITING
