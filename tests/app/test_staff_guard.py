"""Staff pages in AppTest: nothing acts without a sign-in, the PIN form, audited reads, and a
calm "Reconnecting…" (never an error box) while the database is away."""

from types import SimpleNamespace
from unittest.mock import patch

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import NotAllowed, Unavailable
from kiosk_core.models import AuditEvent, Therapist, Visit
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.vocabulary import VisitStatus
from tests.app.test_display_and_reports import display, everything_on, seed_lobby
from tests.app.test_queue_page import arrive, sign_in, staff_page, visible
from tests.factories import make_therapist
from ui import staff_gate as staff_ui

DOWN = Unavailable()  # what every façade raises for a database that is away


@pytest.fixture
def sam(app_db):
    return make_therapist(app_db, name="Sam Chen", pin="286413", medical=True)


def audit(engine, action: str) -> list[AuditEvent]:
    with db.read_session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_a_tap_after_a_quiet_spell_signs_out_and_does_nothing(app_db, clinic, sam):
    visit_id = arrive(app_db, clinic, first_name="Linda", last_name="Park")
    at = sign_in(staff_page(), sam, "286413")
    at.session_state["staff_shift"].touched -= 16 * 60
    at.button(key="call_next").click().run()
    assert not at.exception
    assert at.title[0].value == "Staff sign-in" and "Linda" not in visible(at)
    with db.read_session(app_db) as session:
        assert session.get(Visit, visit_id).status == VisitStatus.WAITING
    assert [e.detail for e in audit(app_db, "sign_out")] == ["idle"]


def test_a_tap_from_an_ended_sign_in_does_nothing(app_db, clinic, sam):
    """A shift ended elsewhere (sign-out clears it; this is the floor under that)."""
    visit_id = arrive(app_db, clinic)
    at = sign_in(staff_page(), sam, "286413")
    at.session_state["staff_shift"].ended = True
    at.button(key=f"open_{visit_id}").click().run()
    assert at.title[0].value == "Staff sign-in"
    assert audit(app_db, "view_intake") == []


@pytest.mark.parametrize("pin", ["", "   "])
def test_an_empty_pin_is_refused_before_the_core_and_never_counted(app_db, sam, pin):
    at = sign_in(staff_page(), sam, pin)
    assert not at.exception
    assert "Please type your PIN." in visible(at)
    assert audit(app_db, "sign_in_failed") == []
    with db.read_session(app_db) as session:
        assert session.get(Therapist, sam).failed_pin_attempts == 0


def test_the_pin_is_not_kept_after_sign_in(app_db, sam):
    at = sign_in(staff_page(), sam, "286413")
    assert "Today's queue" in visible(at)
    assert "signin_pin" not in at.session_state


def test_the_board_is_audited_once_per_sign_in_not_per_refresh(app_db, clinic, sam):
    arrive(app_db, clinic)
    at = sign_in(staff_page(), sam, "286413")
    for _ in range(3):
        at.run()
    assert [(e.therapist_id, e.location_id) for e in audit(app_db, "view_board")] == [(sam, 1)]
    at.button(key="sign_out").click().run()
    sign_in(at, sam, "286413")
    assert len(audit(app_db, "view_board")) == 2


def test_reports_and_the_audit_log_are_audited_with_their_dates(app_db, clinic):
    seed_lobby(app_db, clinic)  # Priya, an admin, is therapist 1
    at = sign_in(staff_page("pages/reports.py"), 1, "440573")
    assert not at.exception
    (report,) = audit(app_db, "view_report")
    (log,) = audit(app_db, "view_audit_log")
    assert report.therapist_id == log.therapist_id == 1
    assert log.detail == f"{report.detail}, page 1" and " to " in report.detail  # the week shown, first and last day
    assert audit(app_db, "download_csv") == []  # the CSV is made (and audited) only when downloaded


def test_the_lobby_display_says_reconnecting_and_recovers(app_db, clinic):
    seed_lobby(app_db, clinic)
    with patch("kiosk_core.screens.staff_desk.lobby_board", side_effect=DOWN):
        at = display()
        assert not at.exception
        assert "Reconnecting…" in everything_on(at) and "Now calling" not in everything_on(at)
    at.run()  # the fragment's next tick, in a browser
    assert not at.exception and "M-001" in everything_on(at)


def test_the_sign_in_says_reconnecting_and_recovers(app_db, sam):
    with patch("kiosk_core.screens.staff_desk.therapist_choices", side_effect=DOWN):
        at = staff_page()
        assert not at.exception
        assert "Reconnecting…" in visible(at)
        assert not at.selectbox
    at.run()
    assert not at.exception and at.selectbox(key="signin_name")


def test_the_sign_in_button_while_the_database_is_away(app_db, sam):
    at = staff_page()
    at.selectbox(key="signin_name").set_value(sam).run()
    at.text_input(key="signin_pin").input("286413")
    with patch("kiosk_core.screens.staff_desk.sign_in", side_effect=DOWN):
        at.button(key="signin_go").click().run()
    assert not at.exception
    assert "database isn't answering" in visible(at) and at.title[0].value == "Staff sign-in"


def test_the_board_says_reconnecting_and_recovers(app_db, clinic, sam):
    arrive(app_db, clinic, first_name="Linda", last_name="Park")
    at = sign_in(staff_page(), sam, "286413")
    with patch("kiosk_core.screens.staff_desk.call_next_client", side_effect=DOWN):
        at.button(key="call_next").click().run()
    assert not at.exception and "database isn't answering" in visible(at)
    with patch("kiosk_core.screens.staff_desk.board", side_effect=DOWN):
        at.run()
        assert not at.exception
        assert "Reconnecting…" in visible(at) and "Linda" not in visible(at)
    at.run()
    assert not at.exception and "Linda P." in visible(at)


def test_reports_say_reconnecting_and_recover(app_db, clinic):
    seed_lobby(app_db, clinic)
    at = sign_in(staff_page("pages/reports.py"), 1, "440573")
    with patch("kiosk_core.screens.staff_desk.report", side_effect=DOWN):
        at.run()
        assert not at.exception and "Reconnecting…" in visible(at) and not at.metric
    at.run()
    assert not at.exception and at.metric


def test_signing_out_while_the_database_is_away_still_signs_out(app_db, sam):
    at = sign_in(staff_page(), sam, "286413")
    with patch("kiosk_core.screens.staff_desk.sign_out", side_effect=DOWN):
        at.button(key="sign_out").click().run()
    assert not at.exception and at.title[0].value == "Staff sign-in"


def test_a_download_offered_during_a_sign_in_is_not_made_after_it(monkeypatch):
    """The CSV is made on click, in another thread, from what the page offered: it checks the sign-in itself."""
    sam = StaffMember(1, "Sam Chen", "north-syracuse", "North Syracuse", medical_trained=True, is_admin=False)
    monkeypatch.setattr(staff_ui, "st", SimpleNamespace(session_state={"staff_shift": staff_ui.Shift(sam)}))
    monkeypatch.setattr(staff_ui.staff_desk, "sign_out", lambda member, reason="": None)
    make_csv = staff_ui.while_on_shift(lambda member: f"visits for {member.name}")
    assert make_csv() == "visits for Sam Chen"
    staff_ui.sign_out()
    with pytest.raises(NotAllowed):
        make_csv()


def test_the_full_run_a_new_refresh_pace_asks_for_is_not_someone_using_the_page(app_db, sam):
    from ui.paced_refresh import PACED_RERUN

    at = sign_in(staff_page(), sam, "286413")
    at.session_state["staff_shift"].touched -= 10 * 60  # quiet for 10 minutes
    at.session_state[PACED_RERUN] = True  # then the server's own full run, at a change of pace
    at.run()
    assert at.title[0].value != "Staff sign-in"
    at.session_state["staff_shift"].touched -= 6 * 60  # 16 quiet minutes in all
    at.run()
    assert at.title[0].value == "Staff sign-in"  # the pace's run did not count as a touch
    assert [e.detail for e in audit(app_db, "sign_out")] == ["idle"]
