"""Who may serve which queue: one rule (vocabulary.may_serve), and every place that needs it
answers the same: the board's taps, the wait estimate's replay and the place in line's count."""

import pytest

from kiosk_core.visits.transitions import SERVES, offered_actions
from kiosk_core.vocabulary import Queue, VisitAction, VisitStatus, may_serve
from kiosk_core.waits.estimate import NOBODY_ON_SHIFT, OnShift, estimate_wait, learn_session_lengths
from kiosk_core.waits.place_in_line import Place

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
    # place_read's rows: position, waiting, therapist id, medical trained (0/1 from SQLite), today's sessions
    rows = [(4, 1, therapist_id, int(trained), None, "50.0") for therapist_id in (7, 8, 9)]
    place = Place.of(rows)
    assert place.serving(queue) == 3 * allowed
    assert (place.position, place.waiting, place.todays) == (4, True, ((), (50.0,)))
    assert place.working == [(7, trained), (8, trained), (9, trained)]


def test_with_nobody_on_shift_the_place_read_has_one_row_and_no_one_serves():
    place = Place.of([(2, 0, None, None, "30.5,20", None)])
    assert place.working == [] and not place.waiting and place.serving(Queue.THERAPEUTIC) == 0
    assert place.todays == ((20.0, 30.5), ())
