"""The board's list and the selected client's reasons, on SQLite and PostgreSQL: the next client
this therapist may serve first, only open visits read however long the day, and why this queue
in staff's words for the selected and the next client only, for members who may read intakes."""

from kiosk_core.screens import staff_desk
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.vocabulary import VisitStatus
from tests.factories import intake, make_client, make_therapist, signed_in
from tests.integration.test_audit_reads import desk_db  # noqa: F401  (the fixture)
from tests.integration.test_checkin import MORNING, NORTH, SCIATICA, do_check_in
from tests.integration.test_queue import act, at


def therapist(engine, *, medical: bool) -> StaffMember:
    return signed_in(engine, make_therapist(engine, medical=medical), location=NORTH)


def test_the_next_client_this_therapist_may_serve_is_the_top_line(desk_db, clinic):  # noqa: F811
    medical = do_check_in(desk_db, clinic, make_client(desk_db)[0], SCIATICA)
    relax = do_check_in(desk_db, clinic, make_client(desk_db)[0], intake(goal="relax", stress=8))
    untrained, trained = therapist(desk_db, medical=False), therapist(desk_db, medical=True)
    board = staff_desk.board(clinic=clinic, member=untrained, now=MORNING)
    assert [r.visit_id for r in board.rows] == [relax.visit_id, medical.visit_id]
    assert board.next_id == relax.visit_id and board.why == {relax.visit_id: "Wants to relax; stress 8/10"}
    board = staff_desk.board(clinic=clinic, member=trained, now=MORNING, selected=relax.visit_id)
    assert [r.visit_id for r in board.rows] == [medical.visit_id, relax.visit_id]
    assert board.why[medical.visit_id].startswith("Has a diagnosis") and relax.visit_id in board.why


def test_a_long_day_lists_only_whats_open(desk_db, clinic):  # noqa: F811
    sam = therapist(desk_db, medical=True)
    visits = [do_check_in(desk_db, clinic, make_client(desk_db)[0]) for _ in range(12)]
    for visit in visits[:10]:
        for action, minute in (("call", 1), ("start", 2), ("finish", 3)):
            act(desk_db, visit.visit_id, action, sam.therapist_id, minute)
    board = staff_desk.board(clinic=clinic, member=sam, now=at(30))  # the finishes' undo is long past
    assert [r.visit_id for r in board.rows] == [v.visit_id for v in visits[10:]]
    assert board.finished_today == 10 and board.waiting == {"medical": 0, "therapeutic": 2}
    assert all(r.status == VisitStatus.WAITING for r in board.rows)
