"""The chart and the session note through AppTest: the chart shows the plan and its progress and
is audited; the note is written, signed once and amended; nothing raises."""

from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import Unavailable
from kiosk_core.models import AuditEvent
from kiosk_core.screens import care_desk
from tests.app.test_queue_page import sign_in, staff_page, visible
from tests.factories import make_client
from tests.integration.care_setup import member, plan_client, visit_with_outcomes


def opened(page: str, therapist_id: int, **params) -> object:
    at = sign_in(staff_page(page), therapist_id, "523614")
    for key, value in params.items():
        at.query_params[key] = str(value)
    return at.run()


def audited(engine, action: str) -> int:
    with db.read_session(engine) as session:
        return len(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_the_chart_shows_the_plan_progress_and_visits_and_each_read_is_audited(app_db, clinic):
    priya = member(app_db)
    client_id, _plan = plan_client(app_db, clinic, priya)
    visit_with_outcomes(app_db, clinic, client_id, priya.therapist_id, days_ago=7, pain=7, ratings=(3, 4))
    visit_with_outcomes(app_db, clinic, client_id, priya.therapist_id, days_ago=0, pain=4, ratings=(6, 6))
    at = opened("pages/chart.py", priya.therapist_id, client=client_id)
    assert not at.exception
    seen = visible(at)
    assert "Rosa Díaz" in seen and "M54.31 Sciatica, right side" in seen and "2 of 6" in seen
    assert "sitting 30 minutes" in seen
    assert "Plan history" in [e.label for e in at.expander] and "· first version" in seen
    assert len(at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")) == 4  # pain, PSFS, GROC, stress
    assert "Grey band: ratings the clinic does not count as an important change (clinic.toml)." in seen
    assert audited(app_db, "view_chart") >= 1
    at.text_input(key="chart_search").input("ros").run()
    assert not at.exception and "Rosa D." in [t.value for t in at.text][-1]  # the name as plain text
    assert "Open chart" in [link.proto.label for link in at.get("page_link")]  # the link's label is ours


def test_a_note_is_written_signed_once_and_amended(app_db, clinic):
    priya = member(app_db)
    client_id, _plan = plan_client(app_db, clinic, priya)
    visit_id = visit_with_outcomes(app_db, clinic, client_id, priya.therapist_id, days_ago=0, pain=6, ratings=(4, 5))
    at = opened("pages/note.py", priya.therapist_id, visit=visit_id)
    assert not at.exception
    assert "sitting 30 minutes" in visible(at) and "6 / 10" in visible(at)  # S from today's intake
    at.button(key="note_sign").click().run()
    assert "Before signing, please add" in visible(at)  # a medical note needs O, A and P
    note_id = at.session_state["note"].note_id
    at.selectbox(key=f"n{note_id}_area_0").set_value("lower_back").run()
    at.selectbox(key=f"n{note_id}_finding_0").set_value("trigger_points").run()
    at.pills(key=f"n{note_id}_response").set_value("better").run()
    at.multiselect(key=f"n{note_id}_techniques").set_value(["trigger_point", "stretching"]).run()
    at.text_input(key=f"n{note_id}_home").input("Stretch twice a day").run()
    at.button(key="note_sign").click().run()
    assert not at.exception and "Signed by" in visible(at)
    assert audited(app_db, "note_signed") == 1
    at.text_input(key="addendum_why").input("left out")
    at.text_area(key="addendum_text").input("Numbness gone since Tuesday.")
    at.button(key="add_addendum").click().run()
    assert not at.exception and "Numbness gone since Tuesday." in visible(at)


def test_the_database_away_while_signing_keeps_the_therapists_words(app_db, clinic, monkeypatch):
    priya = member(app_db)
    client_id, _plan = plan_client(app_db, clinic, priya)
    visit_id = visit_with_outcomes(app_db, clinic, client_id, priya.therapist_id, days_ago=0)
    at = opened("pages/note.py", priya.therapist_id, visit=visit_id)
    note_id = at.session_state["note"].note_id
    at.text_area(key=f"n{note_id}_objective").input("Right QL taut, tender at L5").run()

    def away(**_):
        raise Unavailable()

    monkeypatch.setattr(care_desk, "sign_note", away)
    at.button(key="note_sign").click().run()
    assert not at.exception
    assert "your words are kept here" in visible(at)
    assert at.text_area(key=f"n{note_id}_objective").value == "Right QL taut, tender at L5"


def test_a_plan_is_made_on_the_chart_with_codes_from_the_code_set(app_db, clinic):
    priya = member(app_db)
    client_id = make_client(app_db, first_name="Aisha")[0]
    visit_with_outcomes(app_db, clinic, client_id, priya.therapist_id, days_ago=1)
    at = opened("pages/chart.py", priya.therapist_id, client=client_id)
    at.text_area(key="plan_condition").input("Knee stiff after surgery").run()
    at.text_input(key="plan_icd_query").input("M54.31").run()
    at.multiselect(key="plan_codes").set_value(["M54.31"]).run()
    at.text_input(key="plan_activity_0").input("climbing stairs").run()
    at.text_input(key="plan_npi").input("1234567890").run()
    at.button(key="plan_save").click().run()
    assert not at.exception and "That NPI isn't valid" in visible(at)  # refused, nothing lost
    assert at.text_input(key="plan_activity_0").value == "climbing stairs"
    at.text_input(key="plan_npi").input("1234567893").run()
    at.button(key="plan_save").click().run()
    assert not at.exception and "Plan saved." in visible(at)
    assert "M54.31 Sciatica, right side" in visible(at) and "climbing stairs" in visible(at)


def test_the_chart_and_the_note_show_nothing_before_sign_in_and_reconnect_calmly(app_db, clinic, monkeypatch):
    priya = member(app_db)
    client_id, _plan = plan_client(app_db, clinic, priya)
    for page, key, value in (("pages/chart.py", "client", client_id), ("pages/note.py", "visit", 1)):
        at = staff_page(page)
        at.query_params[key] = str(value)
        at.run()
        assert not at.exception and at.title[0].value == "Staff sign-in" and "Rosa" not in visible(at)

    def away(**_):
        raise Unavailable()

    monkeypatch.setattr(care_desk, "chart", away)
    at = opened("pages/chart.py", priya.therapist_id, client=client_id)
    assert not at.exception and "Reconnecting" in visible(at)
