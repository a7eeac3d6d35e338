"""Issue 21, finding 1: an admin's change reaches an open screen at its next read, on SQLite and
PostgreSQL. Each case signs a member in, changes them as an admin would, then makes the very read
the open screen makes next: refused, saying why, and nothing audited as read. Before the fix all
six cases kept reading client data until sign-out."""

from datetime import date

import pytest
from sqlmodel import delete, select

from kiosk_core import db
from kiosk_core.models import AuditEvent, Location, Therapist, TherapistLocation
from kiosk_core.screens import staff_desk
from kiosk_core.staff.authority import AccessChanged, RoleNeeded, SignedOut
from kiosk_core.staff.shifts import NotOnShift
from kiosk_core.staff.therapists import StaffMember
from tests.factories import make_client, make_therapist, signed_in, start_shift
from tests.integration.test_checkin import MORNING, NORTH, SCIATICA, do_check_in

DAY = date(2026, 11, 23)  # MORNING's clinic day
READS = ("view_board", "view_intake", "view_report", "download_csv", "view_audit_log")


@pytest.fixture
def desk_db(engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


@pytest.fixture
def visit_id(desk_db, clinic) -> int:
    return do_check_in(desk_db, clinic, make_client(desk_db)[0], SCIATICA).visit_id


def change(engine, therapist_id: int, **columns) -> None:
    with db.write_session(engine) as session:
        therapist = session.get(Therapist, therapist_id)
        for name, value in columns.items():
            setattr(therapist, name, value)
        session.add(therapist)


def audited_reads(engine) -> list[str]:
    with db.read_session(engine) as session:
        return list(session.exec(select(AuditEvent.action).where(AuditEvent.action.in_(READS))))


def test_a_deactivated_therapist_reads_nothing_more(desk_db, clinic, visit_id):
    sam = signed_in(desk_db, make_therapist(desk_db, roles=("therapist", "reporting")))
    staff_desk.open_visit(member=sam, visit_id=visit_id)  # allowed while active
    change(desk_db, sam.therapist_id, active=False)
    for read in (
        lambda: staff_desk.open_visit(member=sam, visit_id=visit_id),
        lambda: staff_desk.board(clinic=clinic, member=sam, now=MORNING),
        lambda: staff_desk.report(member=sam, start=DAY, end=DAY),
        lambda: staff_desk.visits_csv_download(member=sam, start=DAY, end=DAY),
        lambda: staff_desk.act(member=sam, visit_id=visit_id, action="call"),
    ):
        with pytest.raises(AccessChanged, match="Your access was changed by an admin"):
            read()
    assert audited_reads(desk_db) == ["view_intake"]


def test_a_demoted_admin_no_longer_reads_the_audit_log(desk_db):
    priya = signed_in(desk_db, make_therapist(desk_db, admin=True))
    staff_desk.audit_log(member=priya, start=DAY, end=DAY)
    change(desk_db, priya.therapist_id, is_admin=False)
    with pytest.raises(RoleNeeded, match="Your access was changed by an admin"):
        staff_desk.audit_log(member=priya, start=DAY, end=DAY)
    assert audited_reads(desk_db) == ["view_audit_log"]


def test_a_therapist_taken_off_the_location_no_longer_reads_its_queue(desk_db, clinic, visit_id):
    sam = signed_in(desk_db, make_therapist(desk_db))
    with db.write_session(desk_db) as session:
        north = session.exec(select(Location).where(Location.slug == NORTH)).one()
        session.exec(
            delete(TherapistLocation).where(
                TherapistLocation.therapist_id == sam.therapist_id, TherapistLocation.location_id == north.id
            )
        )
    with pytest.raises(AccessChanged):
        staff_desk.board(clinic=clinic, member=sam, now=MORNING, audit=True)
    with pytest.raises(AccessChanged):
        staff_desk.open_visit(member=sam, visit_id=visit_id)
    assert audited_reads(desk_db) == []


def test_a_shift_started_elsewhere_leaves_this_screen_signed_in_without_a_shift(desk_db, clinic, visit_id):
    """A sign-in is not a shift: starting a shift at another location ends the one here, and
    this screen stays signed in (it reads the board) but may no longer call anyone."""
    therapist = make_therapist(desk_db, locations=(NORTH, "downtown-syracuse"))
    first_screen = signed_in(desk_db, therapist)
    start_shift(desk_db, therapist, location="downtown-syracuse")
    assert staff_desk.access(member=first_screen).shift_id is None
    staff_desk.board(clinic=clinic, member=first_screen)
    with pytest.raises(NotOnShift):
        staff_desk.act(member=first_screen, visit_id=visit_id, action="call")


def test_a_sign_out_ends_what_the_tab_held(desk_db, clinic):
    sam = signed_in(desk_db, make_therapist(desk_db))
    staff_desk.sign_out(sam)
    with pytest.raises(SignedOut):
        staff_desk.board(clinic=clinic, member=sam, now=MORNING)


def test_the_core_believes_no_staff_object_it_did_not_issue(desk_db, clinic, visit_id):
    """What the object says (admin, training, location) is never believed; only the ids it
    carries, and only while they name an open sign-in of that very therapist."""
    sam = signed_in(desk_db, make_therapist(desk_db, medical=False))
    forged_admin = StaffMember(sam.therapist_id, "Sam", NORTH, "North", True, True, sign_in_id=sam.sign_in_id)
    with pytest.raises(RoleNeeded):
        staff_desk.audit_log(member=forged_admin, start=DAY, end=DAY)
    assert staff_desk.board(clinic=clinic, member=forged_admin, now=MORNING).serves == ("therapeutic",)
    other = signed_in(desk_db, make_therapist(desk_db))
    for forged in (
        StaffMember(other.therapist_id, "x", NORTH, "North", True, True),  # no sign-in
        StaffMember(other.therapist_id, "x", NORTH, "North", True, True, sign_in_id=sam.sign_in_id),  # not theirs
        StaffMember(999, "x", NORTH, "North", True, True, sign_in_id=other.sign_in_id),
    ):
        with pytest.raises(SignedOut):
            staff_desk.open_visit(member=forged, visit_id=visit_id)
    assert audited_reads(desk_db) == []


def test_the_front_desk_sees_the_queues_but_no_intake_and_taps_nothing(desk_db, clinic, visit_id):
    desk = signed_in(desk_db, make_therapist(desk_db, roles=("front_desk",)))
    board = staff_desk.board(clinic=clinic, member=desk, now=MORNING)
    assert [e.visit_id for e in board.rows] == [visit_id]
    assert board.offers == {} and board.serves == () and board.why == {} and board.next_id is None
    with pytest.raises(RoleNeeded):
        staff_desk.open_visit(member=desk, visit_id=visit_id)
    with pytest.raises(RoleNeeded):
        staff_desk.act(member=desk, visit_id=visit_id, action="call")
    with pytest.raises(RoleNeeded):
        staff_desk.report(member=desk, start=DAY, end=DAY)
