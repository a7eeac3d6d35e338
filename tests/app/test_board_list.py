"""The queue board's compact list and detail pane (AppTest): one line per client, the next this
therapist may serve at the top, the selection kept through refreshes, only the taps allowed."""

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from kiosk_core import db
from kiosk_core.models import Client, Visit
from kiosk_core.visits.actions import apply_action
from kiosk_core.vocabulary import VisitStatus
from tests.app.test_board import arrive
from tests.app.test_queue_page import buttons, markup, on_shift, staff_page, visible
from tests.factories import intake, make_therapist

SCIATICA = intake(goal="treat_problem", conditions={"sciatica"}, body_areas={"lower_back"}, has_diagnosis=True)
CLOT = intake(**{**SCIATICA.model_dump(), "safety": {"blood_clot_signs"}})


@pytest.fixture
def sam(app_db):
    return make_therapist(app_db, name="Sam Chen", pin="286413", medical=True)


@pytest.fixture
def jordan(app_db):
    return make_therapist(app_db, name="Jordan Lee", pin="330571", medical=False)


def lines(at) -> list[str]:
    """The list's lines, top first, as the radio group offers them."""
    return list(at.radio(key="board_pick").options)


def test_one_line_per_client_with_its_columns_and_the_next_at_the_top(app_db, clinic, jordan):
    arrive(app_db, clinic, SCIATICA, first_name="Mia", last_name="Park")  # medical: not Jordan's to call
    rosa = arrive(app_db, clinic, intake(goal="relax", stress=8), language="es", first_name="Rosa", last_name="Diaz")
    at = on_shift(staff_page(), jordan, "330571")
    assert not at.exception
    top, second = lines(at)
    assert top.startswith("T\\-001") and "Rosa D\\." in top and "ES" in top and "speaks Spanish" in visible(at)
    assert "therapeutic" in top and "pain 2 stress 8" in top
    assert "Mia P\\." in second and "medical" in second and "EN" in second
    assert at.radio(key="board_pick").value == rosa  # the top line is selected by itself
    assert at.button(key="call_next").label == "Call next: T\\-001 Rosa D\\."  # Markdown, made literal
    assert "Why this queue: Wants to relax; stress 8/10" in visible(at)  # about the client, not to them


def test_selecting_a_line_shows_its_pane_and_the_choice_survives_the_refresh(app_db, clinic, sam, jordan):
    first = arrive(app_db, clinic, first_name="Ann")
    second = arrive(app_db, clinic, first_name="Bo")
    at = on_shift(staff_page(), sam, "286413")
    at.radio(key="board_pick").set_value(second).run()
    assert "T-002 · Bo" in visible(at) and f"act_call_{second}" in buttons(at)
    for _ in range(3):
        at.run()  # the board's refresh
        assert at.radio(key="board_pick").value == second and f"act_call_{first}" not in buttons(at)
    with db.write_session(app_db) as session:  # Jordan cancels Bo: the pane goes back to the top
        apply_action(session=session, visit_id=second, action="cancel", therapist_id=jordan)
    at.run()
    assert at.radio(key="board_pick").value == first and "T-001 · Ann" in visible(at)


def test_a_line_the_browser_names_by_its_old_text_keeps_the_choice(app_db, clinic, sam, monkeypatch):
    """The browser sends the chosen line's text; a refresh that changed it meanwhile (its minutes,
    "called") must not turn the pane to the top line (a browser test once met it after a call)."""
    arrive(app_db, clinic, first_name="Ann")
    second = arrive(app_db, clinic, first_name="Bo")
    at = on_shift(staff_page(), sam, "286413")
    at.radio(key="board_pick").set_value(second).run()
    stale = lines(at)[1].replace("min", "min\u00a0")  # Bo's line as drawn a minute before
    assert stale not in lines(at)
    picker = at.radio(key="board_pick")
    as_drawn = type(picker)._widget_state

    def as_the_browser_sends(radio):  # what the browser sends for the old line: its old text
        return WidgetState(id=radio.id, string_value=stale) if radio.id == picker.id else as_drawn.fget(radio)

    monkeypatch.setattr(type(picker), "_widget_state", property(as_the_browser_sends))
    picker.set_value(second).run()
    assert not at.exception and at.radio(key="board_pick").value == second and "T-002 · Bo" in visible(at)


def test_call_next_calls_the_top_line_and_the_pane_follows_the_client(app_db, clinic, sam):
    first = arrive(app_db, clinic, first_name="Ann")
    arrive(app_db, clinic, first_name="Bo")
    at = on_shift(staff_page(), sam, "286413")
    at.button(key="call_next").click().run()
    assert not at.exception and "T-001 called." in visible(at)
    assert at.radio(key="board_pick").value == first
    assert f"act_start_{first}" in buttons(at) and f"act_call_{first}" not in buttons(at)
    assert "with you" in lines(at)[1]  # Bo is next now, Ann below as this therapist's client
    at.button(key=f"act_start_{first}").click().run()
    at.button(key=f"act_finish_{first}").click().run()
    with db.read_session(app_db) as session:
        assert session.get(Visit, first).status == VisitStatus.DONE


def test_only_the_taps_this_therapist_may_make_are_offered(app_db, clinic, sam, jordan):
    medical = arrive(app_db, clinic, SCIATICA, first_name="Mia")
    at = on_shift(staff_page(), jordan, "330571")
    at.radio(key="board_pick").set_value(medical).run()
    keys = buttons(at)
    assert f"act_call_{medical}" not in keys and f"act_no_show_{medical}" in keys
    assert at.button(key="call_next").disabled
    with db.write_session(app_db) as session:  # Sam calls her: Jordan sees it, but no Start
        apply_action(session=session, visit_id=medical, action="call", therapist_id=sam)
    at.run()
    assert "called · with Sam Chen" in visible(at)
    assert f"act_start_{medical}" not in buttons(at) and f"act_requeue_{medical}" in buttons(at)


def test_an_untrained_therapist_is_not_offered_cleared_on_a_medical_flag(app_db, clinic, sam, jordan):
    flagged = arrive(app_db, clinic, CLOT, first_name="Mia")
    at = on_shift(staff_page(), jordan, "330571")
    at.radio(key="board_pick").set_value(flagged).run()
    assert "⚑ review" in lines(at)[0]
    assert "Possible blood clot (DVT)" in visible(at)
    assert f"review_cleared_{flagged}" not in buttons(at) and f"review_not_today_{flagged}" in buttons(at)
    assert "A therapist trained in medical massage clears red flags on medical visits." in visible(at)
    trained = on_shift(staff_page(), sam, "286413")
    assert f"review_cleared_{flagged}" in buttons(trained)  # the top line, selected by itself


def test_the_whole_intake_is_read_on_request_and_closes_with_another_selection(app_db, clinic, sam):
    first = arrive(app_db, clinic, SCIATICA, first_name="Ann")
    second = arrive(app_db, clinic, first_name="Bo")
    at = on_shift(staff_page(), sam, "286413")
    at.button(key=f"open_{first}").click().run()
    assert "<td>Sciatica</td>" in markup(at)
    at.radio(key="board_pick").set_value(second).run()
    assert "<td>Sciatica</td>" not in markup(at)


def test_forty_waiting_clients_are_forty_lines(app_db, clinic, sam):
    for n in range(40):
        arrive(app_db, clinic, first_name="Client", last_name=f"Number{'abcdefghij'[n % 10]}")
    at = on_shift(staff_page(), sam, "286413")
    assert not at.exception and len(lines(at)) == 40
    assert "Therapeutic massage: 40 waiting" in visible(at) or "40 waiting" in visible(at)


def test_a_name_is_shown_as_typed_never_as_markdown(app_db, clinic, sam):
    visit_id = arrive(app_db, clinic, first_name="Ann")
    with db.write_session(app_db) as session:  # a name from before today's rules, or another door in
        client = session.get(Client, session.get(Visit, visit_id).client_id)
        client.first_name, client.last_name = "[Ann](https://example.com)", "*Bold*"
        session.add(client)
    at = on_shift(staff_page(), sam, "286413")
    line = lines(at)[0]
    assert "\\[Ann\\]\\(htt…" in line  # cut to the column's width, every mark escaped
