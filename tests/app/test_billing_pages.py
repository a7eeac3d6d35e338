"""The chart's superbill section and the reports page's CMS-1500 lines through AppTest: a signed
medical visit gives a PDF to download; an unsigned one is refused, saying what is missing; the
reporting role finds both CSVs; nothing raises."""

from datetime import timedelta

from sqlmodel import select

from kiosk_core import db
from kiosk_core.care.tables import CarePlanVersion, SessionNote
from kiosk_core.models import AuditEvent, utcnow
from kiosk_core.screens import care_desk
from tests.app.test_care_pages import opened, visible
from tests.factories import make_therapist
from tests.integration.care_setup import NORTH, member, plan_client, visit_with_outcomes
from tests.integration.test_superbills import NOTE


def _billable(engine, clinic):
    priya = member(engine)
    client_id, plan_id = plan_client(engine, clinic, priya)
    with db.write_session(engine) as session:  # the plan as written at her first visit
        for version in session.exec(select(CarePlanVersion).where(CarePlanVersion.plan_id == plan_id)):
            version.written_at = utcnow() - timedelta(days=45)
    signed = visit_with_outcomes(engine, clinic, client_id, priya.therapist_id, days_ago=1)
    note = care_desk.open_note(member=priya, visit_id=signed)
    care_desk.sign_note(member=priya, note_id=note.note_id, content=NOTE)
    unsigned = visit_with_outcomes(engine, clinic, client_id, priya.therapist_id, days_ago=0)
    return priya, client_id, signed, unsigned


def test_a_therapist_prints_a_superbill_or_is_told_what_is_missing(app_db, clinic):
    priya, client_id, signed, unsigned = _billable(app_db, clinic)
    at = opened("pages/chart.py", priya.therapist_id, client=client_id)
    assert not at.exception and "Superbill" in visible(at)
    at.selectbox(key="billing_visit").set_value(unsigned).run()
    at.button(key="billing_one").click().run()
    assert not at.exception and "Not billed" in visible(at) and "not signed yet" in visible(at)
    assert not at.get("download_button") or all(b.proto.label != "Download the superbill (PDF)"
                                                for b in at.get("download_button"))  # fmt: skip
    at.selectbox(key="billing_visit").set_value(signed).run()
    at.button(key="billing_one").click().run()
    assert not at.exception
    assert "Download the superbill (PDF)" in [b.proto.label for b in at.get("download_button")]
    assert "NCCI" in visible(at)  # 97124 with 97140, not attested
    at.button(key="billing_range").click().run()  # the last 30 days: the signed one billed, the others named
    assert not at.exception and "Not billed" in visible(at)
    with db.read_session(app_db) as session:
        prints = session.exec(select(AuditEvent).where(AuditEvent.action == "print_superbill")).all()
    assert len(prints) == 3


def test_the_reporting_role_finds_the_cms1500_lines(app_db, clinic):
    _billable(app_db, clinic)
    rita = make_therapist(app_db, name="Rita", roles=("reporting",), locations=(NORTH,))
    at = opened("pages/reports.py", rita)
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "CMS-1500 lines (CSV)" in labels and "Refused visits (CSV)" in labels


def test_the_therapist_attests_distinct_regions_on_the_note_and_it_is_signed_with_it(app_db, clinic):
    priya = member(app_db)
    client_id, _plan = plan_client(app_db, clinic, priya)
    visit_id = visit_with_outcomes(app_db, clinic, client_id, priya.therapist_id, days_ago=0)
    at = opened("pages/note.py", priya.therapist_id, visit=visit_id)
    note_id = at.session_state["note"].note_id
    at.selectbox(key=f"n{note_id}_area_0").set_value("lower_back").run()
    at.selectbox(key=f"n{note_id}_finding_0").set_value("trigger_points").run()
    at.pills(key=f"n{note_id}_response").set_value("better").run()
    at.multiselect(key=f"n{note_id}_techniques").set_value(["trigger_point", "swedish"]).run()
    at.checkbox(key=f"n{note_id}_distinct").check().run()
    at.button(key="note_sign").click().run()
    assert not at.exception and "Signed by" in visible(at)
    assert "separate body regions (modifier 59)" in visible(at)  # the signed note says what was attested
    with db.read_session(app_db) as session:
        note = session.exec(select(SessionNote).where(SessionNote.visit_id == visit_id)).one()
    assert note.content["attestations"] == ["distinct_regions"] and note.signed_by == priya.therapist_id
