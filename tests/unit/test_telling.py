"""The place in line and the wait never contradict each other (kiosk_core.waits.telling): a
table over (place, staff on shift, cap), and a property over every estimate."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.waits.estimate import NOBODY_ON_SHIFT, WaitEstimate
from kiosk_core.waits.telling import (
    A_WHILE,
    ABOUT,
    AHEAD,
    ASK_ABOUT_WAIT,
    ASK_HOW_LONG,
    IN_LINE,
    NEXT,
    RANGE,
    SHORTLY,
    place_and_wait,
)

CAPPED = WaitEstimate(low=100, high=120, ask_front_desk=True)
FREE = WaitEstimate(0, 0)
FIGURE = WaitEstimate(25, 25)
SPAN = WaitEstimate(20, 30)


@pytest.mark.parametrize(
    ("ahead", "wait", "place", "told"),
    [
        # nobody on shift who may serve the queue: the count is true, no figure
        (0, NOBODY_ON_SHIFT, NEXT, ASK_ABOUT_WAIT),
        (1, NOBODY_ON_SHIFT, AHEAD, ASK_ABOUT_WAIT),
        (6, None, AHEAD, ASK_ABOUT_WAIT),
        # on shift, under the cap: the figure is the estimate for that count
        (0, FREE, NEXT, SHORTLY),
        (1, FIGURE, AHEAD, ABOUT),
        (4, SPAN, AHEAD, RANGE),
        # past the cap: never a count beside "a while", never "a while" for the next one
        (0, CAPPED, NEXT, ASK_HOW_LONG),
        (1, CAPPED, IN_LINE, A_WHILE),
        (9, CAPPED, IN_LINE, A_WHILE),
    ],
)
def test_the_place_and_the_wait(ahead, wait, place, told):
    said_place, said_wait = place_and_wait(ahead, wait)
    assert (said_place.message, said_wait.message) == (place, told)
    if place == AHEAD:
        assert said_place.count == ahead


estimates = st.one_of(
    st.none(),
    st.just(NOBODY_ON_SHIFT),
    st.builds(lambda low, extra, cap: WaitEstimate(low, low + extra, ask_front_desk=cap), st.integers(0, 120),
              st.integers(0, 60), st.booleans()),
)  # fmt: skip


@given(st.integers(0, 40), estimates)
def test_a_count_never_stands_beside_a_while_and_a_figure_always_has_its_count(ahead, wait):
    place, told = place_and_wait(ahead, wait)
    if told.message == A_WHILE:
        assert place.message == IN_LINE and ahead > 0
    if told.message in (ABOUT, RANGE):
        assert place.message in (NEXT, AHEAD) and (place.count or 0) == ahead
    if ahead == 0:
        assert place.message == NEXT and told.message != A_WHILE
