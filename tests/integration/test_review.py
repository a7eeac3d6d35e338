"""The red-flag review gate, enforced by the services, for every flag code (SQLite and PostgreSQL)."""

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import IllegalTransition, InvalidInput
from kiosk_core.intake.shapes import Recency
from kiosk_core.intake.wording import FLAGS
from kiosk_core.models import AuditEvent, Visit
from kiosk_core.visits.actions import OthersClient
from kiosk_core.visits.review import record_review
from kiosk_core.vocabulary import ReviewOutcome, VisitStatus
from tests.factories import intake, make_client, make_therapist
from tests.integration.test_checkin import do_check_in
from tests.integration.test_queue import act, at, queue_now

# One answer that raises each flag; a flag added to kiosk_core.intake.wording fails the first test until
# it is here too, so none can slip past the gate untested.
RAISES = {
    "fever_or_contagious": {"safety": {"fever_or_contagious"}},
    "blood_clot_signs": {"safety": {"blood_clot_signs"}},
    "recent_surgery": {"surgery": Recency.LAST_6_WEEKS},
    "pregnant": {"safety": {"pregnant"}},
    "blood_thinners": {"safety": {"blood_thinners"}},
    "skin_problem": {"safety": {"skin_problem"}},
    "heart_condition": {"safety": {"heart_condition"}},
    "cancer_treatment": {"safety": {"cancer_treatment"}},
    "nerve_symptoms": {"safety": {"nerve_symptoms"}},
    "acute_injury": {"injury": Recency.LAST_3_DAYS},
    "severe_pain": {"pain": 9},
}


def test_every_flag_code_is_covered():
    assert set(RAISES) == set(FLAGS)


def review(engine, visit_id, therapist, outcome, note, minutes, **kwargs):
    with db.write_session(engine) as session:
        return record_review(
            session=session,
            visit_id=visit_id,
            therapist_id=therapist,
            outcome=outcome,
            note=note,
            now=at(minutes),
            **kwargs,
        )


def flagged(engine, clinic, code):
    ticket = do_check_in(engine, clinic, make_client(engine)[0], intake(**RAISES[code]))
    with db.read_session(engine) as session:
        assert [f["code"] for f in session.get(Visit, ticket.visit_id).flags] == [code]
    return ticket


@pytest.mark.parametrize("code", sorted(RAISES))
def test_start_waits_for_the_review_and_cleared_lets_it_start(engine, clinic, code):
    therapist = make_therapist(engine)
    ticket = flagged(engine, clinic, code)
    entry = queue_now(engine, clinic, 1)[ticket.ticket_code]
    assert entry.to_review and entry.flags[0].startswith(FLAGS[code].split("{")[0][:12])
    act(engine, ticket.visit_id, "call", therapist, 2)  # calling is how the talk begins
    with pytest.raises(IllegalTransition, match=f"{ticket.ticket_code} has red flags to review first"):
        act(engine, ticket.visit_id, "start", therapist, 3)
    review(engine, ticket.visit_id, therapist, "cleared", "  Talked it through:   fine today ", 4)
    act(engine, ticket.visit_id, "start", therapist, 5)
    with db.read_session(engine) as session:
        visit = session.get(Visit, ticket.visit_id)
        trail = session.exec(select(AuditEvent).where(AuditEvent.visit_id == visit.id).order_by(AuditEvent.id)).all()
    assert visit.status == VisitStatus.IN_SESSION and not queue_now(engine, clinic, 6)[ticket.ticket_code].to_review
    assert (visit.review_outcome, visit.reviewed_by, visit.reviewed_at) == (ReviewOutcome.CLEARED, therapist, at(4))
    assert (visit.review_note, visit.reviewed_flags) == ("Talked it through: fine today", [code])
    assert [e.action for e in trail] == ["check_in", "call", "review", "start"]
    assert trail[2].detail == f"cleared ({code}): Talked it through: fine today"


@pytest.mark.parametrize("code", sorted(RAISES))
def test_not_today_closes_the_visit_as_declined_for_safety(engine, clinic, code):
    therapist = make_therapist(engine)
    ticket = flagged(engine, clinic, code)
    review(engine, ticket.visit_id, therapist, "not_today", f"{code}: rebook", 2)
    with db.read_session(engine) as session:
        visit = session.get(Visit, ticket.visit_id)
        audit = session.exec(select(AuditEvent).where(AuditEvent.action == "review")).one()
    assert visit.status == VisitStatus.DECLINED and visit.closed_at == at(2)
    assert (visit.review_outcome, visit.review_note, visit.closed_reason) == (
        "not_today",
        f"{code}: rebook",
        f"{code}: rebook",
    )
    assert audit.detail == f"not_today ({code}): {code}: rebook" and audit.therapist_id == therapist
    with pytest.raises(IllegalTransition, match="declined for safety"):
        act(engine, ticket.visit_id, "call", therapist, 3)
    assert ticket.ticket_code not in {c for c, e in queue_now(engine, clinic, 4).items() if e.position}


def test_a_review_needs_its_words_and_a_flag(engine, clinic):
    therapist = make_therapist(engine)
    ticket = flagged(engine, clinic, "fever_or_contagious")
    with pytest.raises(InvalidInput, match="short note"):
        review(engine, ticket.visit_id, therapist, "cleared", "   ", 1)
    with pytest.raises(InvalidInput, match="reason for not today"):
        review(engine, ticket.visit_id, therapist, "not_today", "", 1)
    with pytest.raises(InvalidInput, match="under 500"):
        review(engine, ticket.visit_id, therapist, "cleared", "x" * 501, 1)
    for hidden in ("fine\x00", "fine \u202etoday"):  # a NUL, a right-to-left override
        with pytest.raises(InvalidInput, match="remove special characters from a short note"):
            review(engine, ticket.visit_id, therapist, "cleared", hidden, 1)
    with pytest.raises(InvalidInput, match="Unknown review outcome"):
        review(engine, ticket.visit_id, therapist, "maybe", "hm", 1)
    calm = do_check_in(engine, clinic, make_client(engine)[0])
    with pytest.raises(IllegalTransition, match="no red flags to review"):
        review(engine, calm.visit_id, therapist, "cleared", "fine", 1)
    act(engine, calm.visit_id, "call", therapist, 2)
    act(engine, calm.visit_id, "start", therapist, 3)  # no flag, no gate


def test_a_flag_added_by_a_second_check_in_asks_for_a_review_again(engine, clinic):
    therapist = make_therapist(engine)
    client_id = make_client(engine)[0]
    first = do_check_in(engine, clinic, client_id, intake(safety={"pregnant"}))
    review(engine, first.visit_id, therapist, "cleared", "second trimester, side-lying", 1)
    again = do_check_in(engine, clinic, client_id, intake(safety={"pregnant", "fever_or_contagious"}), now=at(2))
    assert again.visit_id == first.visit_id and queue_now(engine, clinic, 3)[first.ticket_code].to_review
    act(engine, first.visit_id, "call", therapist, 4)
    with pytest.raises(IllegalTransition, match="red flags to review first"):
        act(engine, first.visit_id, "start", therapist, 5)
    review(engine, first.visit_id, therapist, "cleared", "no fever: 36.8", 6)
    act(engine, first.visit_id, "start", therapist, 7)


def test_resume_after_a_pause_is_gated_too(engine, clinic):
    therapist = make_therapist(engine)
    client_id = make_client(engine)[0]
    ticket = do_check_in(engine, clinic, client_id, intake(safety={"pregnant"}))
    review(engine, ticket.visit_id, therapist, "cleared", "side-lying", 1)
    for minutes, action in ((2, "call"), (3, "start"), (10, "pause")):
        act(engine, ticket.visit_id, action, therapist, minutes)
    do_check_in(engine, clinic, client_id, intake(safety={"blood_clot_signs"}), now=at(11))  # back, and says more
    with pytest.raises(IllegalTransition, match="before the massage is resumed"):
        act(engine, ticket.visit_id, "resume", therapist, 12)
    review(engine, ticket.visit_id, therapist, "not_today", "possible clot: see a doctor first", 13)
    with db.read_session(engine) as session:
        visit = session.get(Visit, ticket.visit_id)
    assert visit.status == VisitStatus.DECLINED and visit.session_minutes == 7


def test_reviewing_another_therapists_client_names_them(engine, clinic):
    sam, jo = make_therapist(engine, name="Sam Chen"), make_therapist(engine, name="Jo Park")
    ticket = flagged(engine, clinic, "heart_condition")
    act(engine, ticket.visit_id, "call", sam, 1)
    with pytest.raises(OthersClient, match=f"{ticket.ticket_code} is Sam Chen's client") as asked:
        review(engine, ticket.visit_id, jo, "cleared", "BP 128/80 today", 2)
    review(engine, ticket.visit_id, jo, "cleared", "BP 128/80 today", 2, confirm_for=asked.value.therapist_id)
    with db.read_session(engine) as session:
        assert session.get(Visit, ticket.visit_id).reviewed_by == jo
