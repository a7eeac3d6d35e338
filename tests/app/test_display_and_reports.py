"""The lobby display (no PHI, ever) and the staff reports with the audit log."""

from streamlit.testing.v1 import AppTest

from kiosk_core import db
from kiosk_core.checkin.check_in import check_in
from kiosk_core.visits.actions import apply_action
from tests.app.conftest import APP
from tests.app.test_queue_page import SCIATICA, sign_in, staff_page, visible
from tests.factories import intake, make_client, make_therapist, start_shift

PEOPLE = [
    ("Gonzalez", "3155550101", "1984-03-12", SCIATICA),
    ("Okonkwo", "3155550102", "1979-07-30", intake(safety={"pregnant"})),
    ("Lindqvist", "3155550103", "1991-11-02", intake(conditions={"insomnia"})),
]


def seed_lobby(engine, clinic) -> list[str]:
    therapist = make_therapist(engine, name="Priya Patel", pin="440573", admin=True)
    start_shift(engine, therapist)  # calling is done on shift
    codes = []
    for last, phone, born, answers in PEOPLE:
        client_id = make_client(engine, first_name="Zed", last_name=last, phone=phone, birth_date=born)[0]
        with db.write_session(engine) as session:
            ticket = check_in(
                session=session, clinic=clinic, location_slug="north-syracuse", client_id=client_id, intake=answers
            )
            codes.append(ticket.ticket_code)
            if last == "Gonzalez":
                apply_action(session=session, visit_id=ticket.visit_id, action="call", therapist_id=therapist)
    return codes


def display(location="north-syracuse") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["location"] = location
    at.run()
    at.switch_page("pages/display.py").run()
    return at


def everything_on(at: AppTest) -> str:
    return visible(at) + "\n".join(h.value for h in at.html)


def test_the_display_shows_tickets_and_counts_and_nothing_about_anyone(app_db, clinic):
    seed_lobby(app_db, clinic)
    at = display()
    assert not at.exception
    page = everything_on(at)
    assert "Now calling" in page and "M-001" in page
    assert "<b>2</b> waiting for therapeutic massage" in page
    assert "<b>0</b> waiting for medical massage" in page
    for last, phone, born, _ in PEOPLE:
        assert last not in page and phone not in page and born not in page
    for private in ("Zed", "Sciatica", "pregnan", "Pregnan", "insomnia", "Trouble sleeping", "pain"):
        assert private not in page


def test_the_display_needs_a_known_location(app_db):
    assert "This display isn't set up yet" in everything_on(display("mars"))


def test_reports_need_a_signed_in_therapist(app_db, clinic):
    seed_lobby(app_db, clinic)
    at = staff_page("pages/reports.py")
    assert at.title[0].value == "Staff sign-in"
    assert not at.metric


def test_reports_count_check_ins_flags_and_offer_the_csv(app_db, clinic):
    seed_lobby(app_db, clinic)
    sam = make_therapist(app_db, name="Sam Chen", pin="286413", roles=("therapist", "reporting"))
    at = sign_in(staff_page("pages/reports.py"), sam, "286413")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Check-ins": "3", "Medical": "1", "Therapeutic": "2", "Red flags": "1"}
    assert at.get("download_button")
    assert "Audit log" not in visible(at)  # Sam is not an admin


def test_admins_read_the_audit_log(app_db, clinic):
    seed_lobby(app_db, clinic)
    at = sign_in(staff_page("pages/reports.py"), 1, "440573")  # Priya, the admin seeded first
    assert "Audit log" in visible(at)
    log = at.dataframe[0].value
    assert {"check in", "call", "sign in"} <= set(log["What"])
    assert "Priya Patel" in set(log["Who"])


def test_the_audit_log_filters_pages_and_summarises_refused_sign_ins(app_db, clinic):
    seed_lobby(app_db, clinic)
    at = staff_page("pages/reports.py")
    for _ in range(3):  # refused sign-ins at Priya's name, then her own
        sign_in(at, 1, "000917")
    sign_in(at, 1, "440573")
    assert not at.exception
    shown = visible(at)
    assert "Refused sign-ins, per source and minute" in shown
    burst = at.dataframe[-1].value
    assert list(burst["Refused"]) == [3] and list(burst["Names tried"]) == [1]
    assert "sign in failed" not in set(at.dataframe[0].value["What"])  # summarised, not listed
    at.selectbox(key="audit_kind").set_value("sign_in_failed").run()
    assert set(at.dataframe[0].value["What"]) == {"sign in failed"} and len(at.dataframe[0].value) == 3
    assert at.get("download_button")[-1].proto.label == "Download this view (CSV)"
