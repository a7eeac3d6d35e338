"""Who may clear a red flag is clinic policy (the clinic file's [review]), enforced by the
service and offered by the board, on SQLite and PostgreSQL: by default only a therapist trained
in medical massage clears a medical visit's flag, any therapist a therapeutic one's; "not today"
is open to all."""

import pytest

from kiosk_core.config import ReviewPolicy
from kiosk_core.errors import NotAllowed
from kiosk_core.screens import queue_board
from kiosk_core.visits.transitions import may_clear
from kiosk_core.vocabulary import Queue
from tests.factories import intake, make_client, make_therapist
from tests.integration.test_admin import member
from tests.integration.test_checkin import MORNING, do_check_in
from tests.integration.test_review import review

MEDICAL_WITH_A_CLOT = {"care": {"diagnosis"}, "conditions": {"sciatica"}, "safety": {"blood_clot_signs"}}


@pytest.mark.parametrize(
    ("queue", "trained", "policy", "allowed"),
    [
        (Queue.MEDICAL, True, ReviewPolicy(), True),
        (Queue.MEDICAL, False, ReviewPolicy(), False),
        (Queue.THERAPEUTIC, False, ReviewPolicy(), True),
        (Queue.MEDICAL, False, ReviewPolicy(medical="any"), True),
        (Queue.THERAPEUTIC, False, ReviewPolicy(therapeutic="medical_trained"), False),
    ],
)
def test_the_rule(queue, trained, policy, allowed):
    assert may_clear(queue, medical_trained=trained, policy=policy) == allowed


def test_an_untrained_therapist_cannot_clear_a_medical_visits_flag_but_may_say_not_today(engine, clinic):
    untrained = make_therapist(engine, medical=False)
    ticket = do_check_in(engine, clinic, make_client(engine)[0], intake(**MEDICAL_WITH_A_CLOT))
    assert ticket.queue == Queue.MEDICAL and ticket.needs_review
    with pytest.raises(NotAllowed, match="trained in medical massage can clear"):
        review(engine, ticket.visit_id, untrained, "cleared", "looks fine", 2)
    visit = review(engine, ticket.visit_id, untrained, "not_today", "calf swollen: see a doctor", 3)
    assert visit.review_outcome == "not_today"


def test_any_therapist_clears_a_therapeutic_visits_flag(engine, clinic):
    untrained = make_therapist(engine, medical=False)
    ticket = do_check_in(engine, clinic, make_client(engine)[0], intake(safety={"pregnant"}))
    assert ticket.queue == Queue.THERAPEUTIC
    assert review(engine, ticket.visit_id, untrained, "cleared", "second trimester, side-lying", 2).review_outcome


def test_the_board_offers_cleared_only_where_this_therapist_may_clear(engine, clinic, monkeypatch):
    monkeypatch.setattr("kiosk_core.db.get_engine", lambda: engine)
    untrained, trained = make_therapist(engine, medical=False), make_therapist(engine, medical=True)
    medical = do_check_in(engine, clinic, make_client(engine)[0], intake(**MEDICAL_WITH_A_CLOT))
    relaxed = do_check_in(engine, clinic, make_client(engine)[0], intake(safety={"pregnant"}))
    seen_by = {t: queue_board.board(clinic=clinic, member=member(engine, t), now=MORNING) for t in (untrained, trained)}
    assert seen_by[untrained].clears == {relaxed.visit_id}
    assert seen_by[trained].clears == {relaxed.visit_id, medical.visit_id}
