"""The visit state machine, explored with hypothesis."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.errors import IllegalTransition, InvalidInput
from kiosk_core.models import VisitStatus
from kiosk_core.queue import TRANSITIONS, next_status

TERMINAL = {VisitStatus.DONE, VisitStatus.NO_SHOW, VisitStatus.CANCELLED}


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


@given(st.sampled_from(sorted(TERMINAL)), st.sampled_from(sorted(TRANSITIONS)))
def test_nothing_leaves_a_finished_visit(status, action):
    with pytest.raises(IllegalTransition):
        next_status(status, action)


def test_done_needs_a_session_first():
    with pytest.raises(IllegalTransition, match="M-007 is still waiting, so it can't be finished"):
        next_status(VisitStatus.WAITING, "finish", ticket="M-007")


def test_the_happy_path():
    status = VisitStatus.WAITING
    for action in ("call", "start", "finish"):
        status = next_status(status, action)
    assert status == VisitStatus.DONE


def test_unknown_action():
    with pytest.raises(InvalidInput):
        next_status(VisitStatus.WAITING, "teleport")
