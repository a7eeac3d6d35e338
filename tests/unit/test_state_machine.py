"""The visit state machine, explored with hypothesis (the pure table; kiosk_core.visits.actions is
explored against real databases in tests/integration/test_visit_properties.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.errors import IllegalTransition, InvalidInput
from kiosk_core.visits.transitions import (
    CLOSED,
    NEEDS_CLEARANCE,
    SERVES,
    TAP_ACTIONS,
    TRANSITIONS,
    UNDOABLE,
    needs_review,
    next_status,
    offered_actions,
)
from kiosk_core.vocabulary import OPEN_STATUSES, VisitStatus

FLAG_CODES = ["fever_or_contagious", "blood_clot_signs", "pregnant", "severe_pain", "heart_condition"]


@given(st.lists(st.sampled_from(sorted(TRANSITIONS)), max_size=30))
def test_any_sequence_of_actions_keeps_the_visit_legal(actions):
    status = VisitStatus.WAITING
    for action in actions:
        allowed_from, target, _ = TRANSITIONS[action]
        if status in allowed_from:
            status = next_status(status, action)
            assert status == target
        else:
            with pytest.raises(IllegalTransition):
                next_status(status, action)
    assert status in VisitStatus


@given(st.sampled_from(sorted(CLOSED)), st.sampled_from(sorted(TRANSITIONS)))
def test_nothing_leaves_a_closed_visit(status, action):
    with pytest.raises(IllegalTransition):
        next_status(status, action)


def test_every_status_is_reachable_and_every_open_one_can_close():
    reached, frontier = {VisitStatus.WAITING}, [VisitStatus.WAITING]
    while frontier:
        status = frontier.pop()
        for allowed_from, target, _ in TRANSITIONS.values():
            if status in allowed_from and target not in reached:
                reached.add(target)
                frontier.append(target)
    assert reached == set(VisitStatus)
    for status in OPEN_STATUSES:  # close of day reaches every open visit, so none waits forever
        assert next_status(status, "end_day") == VisitStatus.DAY_ENDED


def test_paused_is_open_and_walk_out_only_before_the_session():
    assert VisitStatus.PAUSED in OPEN_STATUSES
    assert TRANSITIONS["walk_out"][0] == {VisitStatus.WAITING, VisitStatus.CALLED}
    assert {"cancel", "no_show", "walk_out", "requeue"} == UNDOABLE


@given(
    status=st.sampled_from(sorted(VisitStatus)),
    queue=st.sampled_from(["medical", "therapeutic"]),
    trained=st.booleans(),
    to_review=st.booleans(),
)
def test_the_board_offers_exactly_the_taps_the_services_accept(status, queue, trained, to_review):
    offered = offered_actions(status, queue=queue, medical_trained=trained, to_review=to_review)
    for action in TAP_ACTIONS:
        legal = status in TRANSITIONS[action][0]
        may = not (action in SERVES and queue == "medical" and not trained)
        cleared = not (action in NEEDS_CLEARANCE and to_review)
        assert (action in offered) == (legal and may and cleared), action
    assert offered == [a for a in TAP_ACTIONS if a in offered]  # in the board's order


@given(
    flags=st.lists(st.sampled_from(FLAG_CODES), unique=True),
    reviewed=st.lists(st.sampled_from(FLAG_CODES), unique=True),
    outcome=st.sampled_from([None, "cleared", "not_today"]),
)
def test_to_review_until_every_flag_is_cleared(flags, reviewed, outcome):
    coded = [{"code": code} for code in flags]
    expected = bool(flags) and not (outcome == "cleared" and set(flags) <= set(reviewed))
    assert needs_review(coded, outcome, reviewed) == expected


def test_done_needs_a_session_first():
    with pytest.raises(IllegalTransition, match="M-007 is still waiting, so it can't be finished"):
        next_status(VisitStatus.WAITING, "finish", ticket="M-007")


def test_the_happy_path_with_a_pause():
    status = VisitStatus.WAITING
    for action in ("call", "start", "pause", "resume", "pause", "finish"):
        status = next_status(status, action)
    assert status == VisitStatus.DONE


def test_unknown_action():
    with pytest.raises(InvalidInput):
        next_status(VisitStatus.WAITING, "teleport")
