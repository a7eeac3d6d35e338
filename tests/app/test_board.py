"""The queue board (AppTest): the red-flag review, the client's language, results next to the visit
that survive the refresh, undo, the confirmation naming another therapist, pause and walk-out."""

from datetime import timedelta

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.models import RecentAction, Visit, utcnow
from kiosk_core.visits.actions import apply_action
from kiosk_core.vocabulary import VisitStatus
from tests.app.conftest import APP
from tests.app.test_queue_page import buttons, markup, on_shift, pick, staff_page, tap, visible
from tests.factories import intake, make_client, make_therapist

FEVER = intake(safety={"fever_or_contagious"})


def arrive(engine, clinic, answers=None, *, language="en", now=None, **client) -> int:
    client_id = make_client(engine, **client)[0]
    with db.write_session(engine) as session:
        return check_in(
            session=session,
            clinic=clinic,
            location_slug="north-syracuse",
            client_id=client_id,
            intake=answers or intake(),
            language=language,
            now=now,
        ).visit_id


def status(engine, visit_id) -> VisitStatus:
    with db.read_session(engine) as session:
        return session.get(Visit, visit_id).status


@pytest.fixture
def sam(app_db):
    return make_therapist(app_db, name="Sam Chen", pin="286413", medical=True)


def test_to_review_marked_with_the_flags_in_english_and_the_language_in_words(app_db, clinic, sam):
    calm = arrive(app_db, clinic, first_name="Ann")
    flagged = arrive(app_db, clinic, FEVER, language="es", first_name="Rosa")
    at = on_shift(staff_page(), sam, "286413")
    first, second = at.radio(key="board_pick").options  # in check-in order: Call next takes Ann first
    assert "Ann" in first and "Rosa" in second and "⚑ review" in second and "ES" in second
    pick(at, flagged)
    assert "Fever or a contagious illness." in visible(at) and "speaks Spanish" in markup(at)
    assert f"review_cleared_{flagged}" in buttons(at)
    pick(at, calm)
    assert f"review_cleared_{calm}" not in buttons(at) and "speaks English" in markup(at)

    lobby = AppTest.from_file(APP, default_timeout=30)
    lobby.query_params["location"] = "north-syracuse"
    lobby.run().switch_page("pages/display.py").run()
    assert not lobby.exception
    assert not [w for w in ("Fever", "review", "flag", "Rosa", "Spanish") if w in visible(lobby)]  # never why


def test_the_review_flow_cleared_then_start(app_db, clinic, sam):
    visit_id = arrive(app_db, clinic, FEVER)
    at = on_shift(staff_page(), sam, "286413")
    at.button(key="call_next").click().run()
    assert f"act_start_{visit_id}" not in buttons(at) and "Start comes after the review." in visible(at)
    at.button(key=f"review_cleared_{visit_id}").click().run()
    assert "Please write a short note" in visible(at)  # next to the visit, nothing recorded
    at.text_input(key=f"review_note_{visit_id}").input("No fever now: 36.9").run()
    at.button(key=f"review_cleared_{visit_id}").click().run()
    assert not at.exception and "T-001 cleared: the massage can start." in visible(at)
    assert "✓ cleared" in at.radio(key="board_pick").options[0] and "✓ Reviewed:" in markup(at)
    at.button(key=f"act_start_{visit_id}").click().run()
    assert status(app_db, visit_id) == VisitStatus.IN_SESSION
    at.button(key=f"open_{visit_id}").click().run()
    assert "Cleared by Sam Chen at" in visible(at) and "No fever now: 36.9" in visible(at)


def test_not_today_closes_the_visit_and_says_so_next_to_it(app_db, clinic, sam):
    visit_id = arrive(app_db, clinic, intake(safety={"blood_clot_signs"}))
    at = on_shift(staff_page(), sam, "286413")
    at.text_input(key=f"review_note_{visit_id}").input("possible clot: see a doctor first").run()
    at.button(key=f"review_not_today_{visit_id}").click().run()
    assert "T-001: not today. The visit is closed as declined for safety." in visible(at)
    assert status(app_db, visit_id) == VisitStatus.DECLINED
    at.run()  # the board's refresh
    assert "declined for safety" in visible(at) and f"act_call_{visit_id}" not in buttons(at)


def test_a_result_stays_next_to_its_visit_through_refreshes(app_db, clinic, sam):
    arrive(app_db, clinic, first_name="Ann")
    visit_id = arrive(app_db, clinic, first_name="Bo")
    at = on_shift(staff_page(), sam, "286413")
    tap(at, visit_id, "call")
    for _ in range(3):
        at.run()
        page = markup(at)
        assert "T-002 called." in page and page.index("T-002 called.") > page.index("T-002 · Bo")
    pick(at, visit_id - 1)
    assert "T-002 called." not in markup(at)  # next to its own visit, not another's


def test_undo_a_cancel_from_the_banner_puts_the_client_back_in_place(app_db, clinic, sam):
    first, second = arrive(app_db, clinic, first_name="Ann"), arrive(app_db, clinic, first_name="Bo")
    at = on_shift(staff_page(), sam, "286413")
    tap(at, first, "cancel")
    at.run()  # a refresh keeps the banner in its place
    assert "T-001 cancelled." in visible(at) and f"undo_{first}" in buttons(at)
    at.button(key=f"undo_{first}").click().run()
    assert not at.exception and "Undone: T-001 is back in its place in the queue." in visible(at)
    lines = at.radio(key="board_pick").options
    assert status(app_db, first) == VisitStatus.WAITING and "Ann" in lines[0] and "Bo" in lines[1]
    assert second


def test_the_undo_banner_goes_when_the_window_has_passed(app_db, clinic, sam):
    visit_id = arrive(app_db, clinic, first_name="Ann")
    at = on_shift(staff_page(), sam, "286413")
    tap(at, visit_id, "no_show")
    assert f"undo_{visit_id}" in buttons(at)
    with db.write_session(app_db) as session:  # 20 seconds later
        recent = session.get(RecentAction, visit_id)
        recent.done_at = utcnow() - timedelta(seconds=20)
        session.add(recent)
    at.run()
    assert f"undo_{visit_id}" not in buttons(at) and "Ann" not in visible(at) and not at.radio


def test_acting_on_another_therapists_client_asks_naming_them(app_db, clinic, sam):
    jordan = make_therapist(app_db, name="Jordan Lee", pin="330571")
    visit_id = arrive(app_db, clinic)
    with db.write_session(app_db) as session:
        apply_action(session=session, visit_id=visit_id, action="call", therapist_id=sam)
    at = on_shift(staff_page(), jordan, "330571")
    tap(at, visit_id, "cancel")
    assert "T-001 is Sam Chen's client. Cancel anyway?" in visible(at)
    assert status(app_db, visit_id) == VisitStatus.CALLED
    at.button(key=f"keep_{visit_id}").click().run()
    assert "anyway?" not in visible(at) and status(app_db, visit_id) == VisitStatus.CALLED
    at.button(key=f"act_cancel_{visit_id}").click().run()
    at.run()  # the question survives a refresh too
    at.button(key=f"confirm_{visit_id}").click().run()
    assert "T-001 cancelled." in visible(at) and status(app_db, visit_id) == VisitStatus.CANCELLED


def test_pause_resume_and_a_walk_out_with_its_reason(app_db, clinic, sam):
    visit_id = arrive(app_db, clinic)
    other = arrive(app_db, clinic)
    at = on_shift(staff_page(), sam, "286413")
    for action in ("call", "start", "pause"):
        tap(at, visit_id, action)
    assert "paused: stepped out" in markup(at) and f"act_resume_{visit_id}" in buttons(at)
    at.button(key=f"act_resume_{visit_id}").click().run()
    assert status(app_db, visit_id) == VisitStatus.IN_SESSION
    pick(at, other)
    at.text_input(key=f"walk_out_reason_{other}").input("had to leave for work").run()
    at.button(key=f"act_walk_out_{other}").click().run()
    assert "T-002 marked as walked out." in visible(at)
    with db.read_session(app_db) as session:
        visit = session.get(Visit, other)
    assert (visit.status, visit.closed_reason) == (VisitStatus.WALKED_OUT, "had to leave for work")


def test_the_first_look_of_the_day_closes_yesterday(app_db, clinic, sam):
    left = arrive(app_db, clinic, now=utcnow() - timedelta(days=1))
    at = on_shift(staff_page(), sam, "286413")
    assert not at.exception
    with db.read_session(app_db) as session:
        assert session.exec(select(Visit.status).where(Visit.id == left)).one() == VisitStatus.DAY_ENDED


def test_moving_another_therapists_client_asks_too_and_keeps_the_reason(app_db, clinic, sam):
    jordan = make_therapist(app_db, name="Jordan Lee", pin="330571")
    visit_id = arrive(app_db, clinic)
    with db.write_session(app_db) as session:
        apply_action(session=session, visit_id=visit_id, action="call", therapist_id=sam)
    at = on_shift(staff_page(), jordan, "330571")
    at.button(key=f"open_{visit_id}").click().run()
    at.text_input(key=f"reroute_reason_{visit_id}").input("Brought an MRI report").run()
    at.button(key=f"reroute_{visit_id}").click().run()
    assert "T-001 is Sam Chen's client. Move to medical anyway?" in visible(at)
    at.button(key=f"confirm_{visit_id}").click().run()
    assert not at.exception and "T-001 moved to the medical queue." in visible(at)
    assert "Whole intake ·" not in visible(at)  # the intake closed, as after any move
    with db.read_session(app_db) as session:
        visit = session.get(Visit, visit_id)
    assert (visit.queue, visit.status, visit.reroute_reason) == (
        "medical",
        VisitStatus.WAITING,
        "Brought an MRI report",
    )
