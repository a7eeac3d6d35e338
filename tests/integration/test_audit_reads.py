"""Every read of health data on the staff screens leaves an audit row, on SQLite and PostgreSQL;
and no staff read or action runs without a signed-in therapist."""

from datetime import date

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import NotAllowed
from kiosk_core.models import AuditEvent, Location, Visit
from kiosk_core.screens import staff_desk
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.vocabulary import VisitStatus
from tests.factories import make_client, make_therapist, signed_in
from tests.integration.test_checkin import MORNING, NORTH, SCIATICA, do_check_in
from tests.integration.test_queue import act, at

DAY = date(2026, 11, 23)  # MORNING's clinic day
READS = ("view_board", "view_intake", "view_report", "download_csv", "view_audit_log")


@pytest.fixture
def desk_db(engine, monkeypatch):
    """The desk opens its own sessions on the process's engine: make that the test's database."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


def member(engine, *, admin: bool = False) -> StaffMember:
    """A therapist signed in at North Syracuse, who may also read reports."""
    return signed_in(engine, make_therapist(engine, admin=admin, roles=("therapist", "reporting")), location=NORTH)


def reads(engine) -> list[tuple[str, int, int, str]]:
    """(action, therapist, location, detail) of every audited read, oldest first."""
    with db.read_session(engine) as session:
        rows = session.exec(
            select(AuditEvent, Location.slug)
            .join(Location, Location.id == AuditEvent.location_id)
            .where(AuditEvent.action.in_(READS))
            .order_by(AuditEvent.id)
        ).all()
    return [(e.action, e.therapist_id, slug, e.detail) for e, slug in rows]


def test_the_board_is_audited_when_the_screen_asks_and_only_then(desk_db, clinic):
    sam = member(desk_db)
    do_check_in(desk_db, clinic, make_client(desk_db, first_name="Linda")[0])
    looked = staff_desk.board(clinic=clinic, member=sam, now=MORNING, audit=True)
    for _ in range(3):  # the refreshes every 2 seconds
        staff_desk.board(clinic=clinic, member=sam, now=MORNING)
    assert [e.first_name for e in looked.rows] == ["Linda"]
    assert reads(desk_db) == [("view_board", sam.therapist_id, NORTH, "today's queue, 2026-11-23")]


def test_opening_an_intake_names_the_visit(desk_db, clinic):
    sam = member(desk_db)
    ticket = do_check_in(desk_db, clinic, make_client(desk_db)[0], SCIATICA)
    staff_desk.open_visit(member=sam, visit_id=ticket.visit_id)
    with db.read_session(desk_db) as session:
        event = session.exec(select(AuditEvent).where(AuditEvent.action == "view_intake")).one()
    assert (event.therapist_id, event.visit_id, event.detail) == (sam.therapist_id, ticket.visit_id, "M-001")


def test_reports_and_csv_downloads_record_who_and_which_days(desk_db, clinic):
    sam = member(desk_db)
    do_check_in(desk_db, clinic, make_client(desk_db, first_name="Linda")[0])
    report = staff_desk.report(member=sam, start=date(2026, 11, 17), end=DAY)
    csv_text = staff_desk.visits_csv_download(member=sam, start=DAY, end=DAY)
    assert report.check_ins == 1 and csv_text.count("\n") == 2  # the header and one visit
    assert reads(desk_db) == [
        ("view_report", sam.therapist_id, NORTH, "2026-11-17 to 2026-11-23"),
        ("download_csv", sam.therapist_id, NORTH, "2026-11-23 to 2026-11-23"),
    ]


def test_reading_the_audit_log_is_itself_audited_and_admins_only(desk_db, clinic):
    sam, priya = member(desk_db), member(desk_db, admin=True)
    with pytest.raises(NotAllowed):
        staff_desk.audit_log(member=sam, start=DAY, end=DAY)
    assert reads(desk_db) == []  # a refused read is not a read
    staff_desk.audit_log(member=priya, start=date(2026, 11, 1), end=DAY)
    assert reads(desk_db) == [("view_audit_log", priya.therapist_id, NORTH, "2026-11-01 to 2026-11-23, page 1")]


def test_a_refused_range_reads_nothing_and_records_nothing(desk_db, clinic):
    sam = member(desk_db)
    with pytest.raises(Exception, match="before the start"):
        staff_desk.report(member=sam, start=DAY, end=date(2026, 11, 1))
    assert reads(desk_db) == []


@pytest.mark.parametrize(
    "call",
    [
        lambda clinic: staff_desk.board(clinic=clinic, member=None),
        lambda clinic: staff_desk.open_visit(member=None, visit_id=1),
        lambda clinic: staff_desk.act(member=None, visit_id=1, action="call"),
        lambda clinic: staff_desk.call_next_client(member=None, queue="therapeutic"),
        lambda clinic: staff_desk.move_to_queue(member=None, visit_id=1, to_queue="medical", reason="MRI"),
        lambda clinic: staff_desk.report(member=None, start=DAY, end=DAY),
        lambda clinic: staff_desk.visits_csv_download(member=None, start=DAY, end=DAY),
        lambda clinic: staff_desk.audit_log(member=None, start=DAY, end=DAY),
    ],
    ids=["board", "open", "act", "call_next", "move", "report", "csv", "audit_log"],
)
def test_nothing_without_a_signed_in_therapist(desk_db, clinic, call):
    ticket = do_check_in(desk_db, clinic, make_client(desk_db)[0])
    before = trail(desk_db)
    with pytest.raises(NotAllowed, match="sign in"):
        call(clinic)
    assert trail(desk_db) == before
    with db.read_session(desk_db) as session:
        visit = session.get(Visit, ticket.visit_id)
        assert (visit.status, visit.queue) == (VisitStatus.WAITING, "therapeutic")


def trail(engine) -> list[str]:
    with db.read_session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_the_board_reads_the_open_queue_the_recent_taps_and_a_count_of_the_rest(desk_db, clinic):
    """Sessions finished earlier are counted, not listed (nor read: a board refreshed every 2
    seconds costs what the open queue does); a visit closed by this therapist a moment ago stays
    in its place with what the tap did."""
    sam = member(desk_db)
    seen, cancelled, waiting = (do_check_in(desk_db, clinic, make_client(desk_db)[0]) for _ in range(3))
    for action, minute in (("call", 1), ("start", 2), ("finish", 50)):
        act(desk_db, seen.visit_id, action, sam.therapist_id, minute)
    act(desk_db, cancelled.visit_id, "cancel", sam.therapist_id, 60)
    board = staff_desk.board(clinic=clinic, member=sam, now=at(60.1))
    listed = {e.ticket_code: e for e in board.rows}
    assert board.finished_today == 1
    assert set(listed) == {cancelled.ticket_code, waiting.ticket_code}
    assert board.recent[cancelled.visit_id].said == f"{cancelled.ticket_code} cancelled."
    assert listed[waiting.ticket_code].position == 1
