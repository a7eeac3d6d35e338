"""Who may serve which queue: one rule (vocabulary.may_serve), and every place that needs it
answers the same: the board's taps, the wait estimate's replay and the place in line's count."""

import pytest

from kiosk_core.visits.transitions import SERVES, offered_actions
from kiosk_core.vocabulary import Queue, VisitAction, VisitStatus, may_serve
from kiosk_core.waits.estimate import NOBODY_ON_SHIFT, OnShift, estimate_wait, learn_session_lengths
from kiosk_core.waits.place_in_line import serving

RULE = [
    # queue, trained in medical massage, may serve
    (Queue.MEDICAL, True, True),
    (Queue.MEDICAL, False, False),
    (Queue.THERAPEUTIC, True, True),
    (Queue.THERAPEUTIC, False, True),
    ("medical", False, False),  # as stored: plain text
    ("therapeutic", False, True),
]


@pytest.mark.parametrize(("queue", "trained", "allowed"), RULE)
def test_the_rule(queue, trained, allowed):
    assert may_serve(queue, medical_trained=trained) is allowed


@pytest.mark.parametrize("queue", ["", "Medical", "massage", "relaxation"])
@pytest.mark.parametrize("trained", [True, False])
def test_an_unknown_queue_is_an_error_not_an_answer(queue, trained):
    with pytest.raises(ValueError):
        may_serve(queue, medical_trained=trained)


@pytest.mark.parametrize(("queue", "trained", "allowed"), RULE)
def test_the_board_offers_the_serving_taps_by_the_rule(queue, trained, allowed):
    for status in (VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.PAUSED):
        offered = set(offered_actions(status, queue=queue, medical_trained=trained, to_review=False))
        assert bool(offered & SERVES) is allowed
    assert (
        VisitAction.CALL in offered_actions(VisitStatus.WAITING, queue=queue, medical_trained=trained, to_review=False)
    ) is allowed


@pytest.mark.parametrize(("queue", "trained", "allowed"), RULE)
def test_the_wait_estimate_counts_only_who_may_serve(queue, trained, allowed):
    lengths = {q: learn_session_lengths([], default_minutes=50, min_sessions=3) for q in Queue}
    wait = estimate_wait(
        queue=queue,
        ahead=[],
        therapists=[OnShift(medical_trained=trained)],
        lengths=lengths,
        cap_minutes=120,
        turnover_minutes=5,
    )
    assert (wait != NOBODY_ON_SHIFT) is allowed


@pytest.mark.parametrize(("queue", "trained", "allowed"), RULE)
def test_the_place_in_line_counts_only_who_may_serve(queue, trained, allowed):
    assert serving(queue, trained=3 * trained, untrained=3 * (not trained)) == 3 * allowed
