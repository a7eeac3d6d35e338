"""The pace of the timed refreshes: slower as this server's refreshes slow down, faster again as
they speed up, never more than once per hold, and never outside its levels."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.screens.refresh_pace import (
    ENOUGH,
    MULTIPLES,
    SLOW_DOWN_AFTER,
    SPEED_UP_AFTER,
    WINDOW,
    RefreshPace,
    pace_level,
)

TOP = len(MULTIPLES) - 1


@pytest.fixture(autouse=True)
def _pacing_on(monkeypatch):
    from kiosk_core.screens import refresh_pace

    monkeypatch.setattr(refresh_pace.settings, "refresh_pacing", True)


@pytest.mark.parametrize(
    ("median_seconds", "level", "then"),
    [
        (0.02, 0, 0),  # keeping up, at the base interval
        (0.02, 2, 1),  # caught up: one level faster
        (0.079, 1, 0),
        (0.08, 1, 1),  # between caught up and behind: stays
        (0.25, 1, 1),
        (0.251, 0, 1),  # behind: one level slower
        (0.5, 2, 3),
        (0.5, 3, 3),  # already the slowest
        (1.0, 1, 2),
        (1.01, 0, TOP),  # far behind: the slowest at once
    ],
)
def test_the_level_follows_how_long_refreshes_take(median_seconds, level, then):
    assert pace_level(median_seconds, level) == then


@given(st.floats(0, 60), st.floats(0, 60), st.integers(0, TOP))
def test_a_slower_server_never_refreshes_faster(faster, slower, level):
    faster, slower = sorted((faster, slower))
    assert pace_level(faster, level) <= pace_level(slower, level)
    assert 0 <= pace_level(slower, level) <= TOP


@given(st.floats(0, 60), st.integers(0, TOP))
def test_one_decision_moves_at_most_one_level_faster(seconds, level):
    assert pace_level(seconds, level) >= level - 1


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_pace_slows_down_quickly_speeds_up_slowly_and_judges_a_new_pace_by_its_own_runs():
    clock = Clock()
    pace = RefreshPace(clock)
    for _ in range(ENOUGH - 1):
        pace.record(0.5)
    assert pace.multiple() == 1  # too few runs to judge
    pace.record(0.5)
    assert pace.multiple() == 2
    clock.now += SLOW_DOWN_AFTER
    for _ in range(ENOUGH - 1):
        pace.record(0.5)
    assert pace.multiple() == 2  # the old pace's runs were dropped at the change: too few new ones
    pace.record(0.5)
    assert pace.multiple() == 4
    for _ in range(WINDOW):
        pace.record(0.5)
    assert pace.multiple() == 4  # within SLOW_DOWN_AFTER of the change: no second step yet
    clock.now += SLOW_DOWN_AFTER
    pace.record(0.5)
    assert pace.multiple() == 8
    for _ in range(ENOUGH):
        pace.record(0.01)
    clock.now += SPEED_UP_AFTER - 1
    pace.record(0.01)
    assert pace.multiple() == 8  # caught up, but speeding up waits longer
    clock.now += 1
    pace.record(0.01)
    assert pace.multiple() == 4


def test_a_server_far_behind_goes_to_the_slowest_pace_in_one_step():
    pace = RefreshPace(Clock())
    for _ in range(ENOUGH):
        pace.record(3.0)
    assert pace.multiple() == MULTIPLES[-1]


def test_with_pacing_off_every_refresh_keeps_its_base_interval(monkeypatch):
    from kiosk_core.screens import refresh_pace

    pace = RefreshPace(Clock())
    for _ in range(ENOUGH):
        pace.record(3.0)
    monkeypatch.setattr(refresh_pace.settings, "refresh_pacing", True)
    assert pace.multiple() == MULTIPLES[-1]
    monkeypatch.setattr(refresh_pace.settings, "refresh_pacing", False)
    assert pace.multiple() == 1
