"""The wait estimate from the therapists on shift (kiosk_core/waits/estimate.py), and its clinic settings."""

from pathlib import Path

import pytest

from kiosk_core.config import ClinicConfigError, load_clinic
from kiosk_core.waits.estimate import (
    NOBODY_ON_SHIFT,
    OnShift,
    SessionLengths,
    WaitEstimate,
    estimate_wait,
    estimate_waits,
    learn_session_lengths,
)

# Short, typical and long sessions (25th, 50th, 75th percentiles), no sample behind them.
LENGTHS = {"medical": SessionLengths((50.0, 60.0, 70.0)), "therapeutic": SessionLengths((40.0, 50.0, 60.0))}
FREE = OnShift(medical_trained=False)
FREE_TRAINED = OnShift(medical_trained=True)
M, T = "medical", "therapeutic"


def wait(queue, ahead, therapists, *, lengths=LENGTHS, cap=120, turnover=0):
    return estimate_wait(
        queue=queue, ahead=ahead, therapists=therapists, lengths=lengths, cap_minutes=cap, turnover_minutes=turnover
    )


@pytest.mark.parametrize(
    ("queue", "ahead", "therapists", "low", "high"),
    [
        # Nobody ahead and someone free: called now.
        (T, [], [FREE], 0, 0),
        (M, [], [FREE_TRAINED], 0, 0),
        # One therapist, two ahead: two sessions, short to long.
        (T, [T, T], [FREE], 80, 120),
        # Two therapists share the line: one session.
        (T, [T, T], [FREE, FREE], 40, 60),
        # Clients of the other queue who checked in later are behind, whatever their queue.
        (T, [], [OnShift(True, M, None)], 50, 70),
        # One trained therapist serves both queues once, not once per queue: the therapeutic
        # client who checked in first is served first.
        (M, [T], [FREE_TRAINED], 40, 60),
        (T, [M], [FREE_TRAINED], 50, 70),
        # Free together, the untrained therapist takes the therapeutic client and the trained
        # one is left for the medical client.
        (M, [T], [FREE, FREE_TRAINED], 0, 0),
        # An untrained therapist does not shorten a medical wait...
        (M, [M], [FREE_TRAINED, FREE], 50, 70),
        # ...but a trained one shortens a therapeutic wait.
        (T, [T], [FREE, FREE_TRAINED], 0, 0),
        # The other queue's demand on the shared therapist: two therapeutic clients ahead of a
        # medical one, an untrained therapist busy for a whole session.
        (M, [T, T], [FREE_TRAINED, OnShift(False, T, None)], 40, 60),
        # Time left in a session in progress, 30 minutes in (no sample: the lengths less 30).
        (T, [], [OnShift(False, T, 30)], 10, 30),
        # Called but not started: a whole session of that visit's queue.
        (T, [], [OnShift(False, T, None)], 40, 60),
        (T, [], [OnShift(True, M, None)], 50, 70),
        # Past every usual length: ends within a few minutes, not now.
        (T, [], [OnShift(False, T, 75)], 5, 5),
    ],
)
def test_the_wait_from_who_is_on_shift(queue, ahead, therapists, low, high):
    estimate = wait(queue, ahead, therapists)
    assert (estimate.low, estimate.high) == (low, high)
    assert not estimate.ask_front_desk and not estimate.nobody_on_shift


def test_turnover_between_clients_counts_for_each_client_ahead():
    assert wait(T, [T], [FREE], turnover=5) == WaitEstimate(low=45, high=65)
    # ...and after a session in progress: 10 to 30 minutes left, then 5 minutes' turnover.
    assert wait(T, [], [OnShift(False, T, 30)], turnover=5) == WaitEstimate(low=15, high=35)


@pytest.mark.parametrize(
    ("queue", "therapists"),
    [
        (M, []),
        (T, []),
        (M, [FREE, OnShift(False, T, 20)]),  # only untrained therapists: nobody for medical
    ],
)
def test_nobody_on_shift_who_may_serve_the_queue_gives_no_figure(queue, therapists):
    estimate = wait(queue, [T], therapists)
    assert estimate == NOBODY_ON_SHIFT
    assert estimate.low is None and estimate.high is None
    assert estimate.ask_front_desk and estimate.nobody_on_shift and not estimate.over_cap


@pytest.mark.parametrize(
    ("ahead", "therapists", "cap", "low"),
    [
        ([T, T, T], [FREE], 120, 120),  # 120 to 180 minutes: no figure past the cap
        ([T, T], [OnShift(False, T, 30)], 120, 90),  # 90 to 150: the low figure stands, the high is the cap
        ([T], [FREE], 45, 40),  # a clinic's own cap
    ],
)
def test_past_the_cap_ask_at_the_front_desk_and_no_figure_above_it(ahead, therapists, cap, low):
    estimate = wait(T, ahead, therapists, cap=cap)
    assert estimate == WaitEstimate(low=low, high=cap, ask_front_desk=True)
    assert estimate.over_cap and not estimate.nobody_on_shift


def test_exactly_the_cap_is_still_a_figure():
    assert wait(T, [T, T], [FREE]) == WaitEstimate(low=80, high=120)


@pytest.mark.parametrize(
    ("quartiles", "ahead", "expected"),
    [
        ((48.0, 50.0, 52.0), [T], (50, 50)),  # short and long within 5 minutes: one figure
        ((46.0, 47.0, 49.0), [T], (45, 45)),  # ...to the nearest 5
        ((21.0, 24.0, 26.5), [T], (20, 30)),  # wider: a range, widened to whole steps of 5
        ((41.0, 50.0, 58.0), [T, T], (80, 120)),  # 82 to 116
    ],
)
def test_a_range_when_unsure_one_figure_when_narrow(quartiles, ahead, expected):
    lengths = {M: LENGTHS[M], T: SessionLengths(quartiles)}
    estimate = wait(T, ahead, [FREE], lengths=lengths)
    assert (estimate.low, estimate.high) == expected
    assert estimate.is_range == (expected[0] != expected[1])


def test_every_client_in_line_at_once_matches_one_at_a_time():
    line = [T, M, T, T, M, M, T]
    therapists = [FREE_TRAINED, OnShift(False, T, 12), OnShift(True, M, None)]
    together = estimate_waits(line=line, therapists=therapists, lengths=LENGTHS, cap_minutes=120, turnover_minutes=5)
    assert together == [wait(q, line[:i], therapists, turnover=5) for i, q in enumerate(line)]


@pytest.mark.parametrize("queue", [M, T])
def test_more_people_ahead_never_shortens_the_wait(queue):
    therapists = [FREE_TRAINED, OnShift(False, T, 20), OnShift(True, M, 45)]
    lows = [wait(queue, [T, M] * n, therapists, cap=480).low for n in range(6)]
    assert lows == sorted(lows)
    assert lows[-1] > lows[0]


def test_more_therapists_never_lengthen_the_wait():
    ahead = [M, T, T, M, T]
    alone = wait(M, ahead, [FREE_TRAINED], cap=480)
    helped = wait(M, ahead, [FREE_TRAINED, FREE], cap=480)
    assert helped.low < alone.low and helped.high < alone.high


# --- Session lengths learned from recent days -----------------------------------------


@pytest.mark.parametrize(
    ("sample", "min_sessions", "quartiles"),
    [
        ([], 20, (42.5, 50.0, 57.5)),  # nothing yet: the clinic's default, give or take 15%
        ([30.0] * 19, 20, (42.5, 50.0, 57.5)),  # too few to trust
        ([30.0] * 20, 20, (30.0, 30.0, 30.0)),
        ([30, 50, 50, 80, 500], 5, (50.0, 50.0, 80.0)),  # one session left running moves nothing much
        ([0, -3, 40, 60], 2, (45.0, 50.0, 55.0)),  # non-sessions (zero, negative) are left out
    ],
)
def test_session_lengths_from_recent_sessions_or_the_default(sample, min_sessions, quartiles):
    lengths = learn_session_lengths(sample, default_minutes=50, min_sessions=min_sessions)
    assert lengths.quartiles == pytest.approx(quartiles)


@pytest.mark.parametrize(
    ("minutes_in", "left"),
    [
        (0, (30.0, 55.0, 80.0)),  # just started: any of the recent lengths
        (40, (40.0, 40.0, 40.0)),  # past the short ones: the rest of a long one
        (70, (10.0, 10.0, 10.0)),
        (95, (5.0, 5.0, 5.0)),  # past them all: a few minutes
    ],
)
def test_time_left_in_a_session_from_the_sessions_that_ran_longer(minutes_in, left):
    lengths = learn_session_lengths([30.0] * 10 + [80.0] * 10, default_minutes=50, min_sessions=20)
    assert tuple(lengths.remaining(minutes_in, level) for level in (0.25, 0.5, 0.75)) == pytest.approx(left)


# --- The clinic file's settings ------------------------------------------------------------

CLINIC = """
[clinic]
name = "Lakeside Bodywork"
[[locations]]
slug = "lakeside"
name = "Lakeside"
[queues.medical]
label = "Clinical"
ticket_prefix = "C"
default_service_minutes = 45
[queues.therapeutic]
label = "Wellness"
ticket_prefix = "W"
default_service_minutes = 30
"""


def test_the_shipped_clinic_sets_the_wait_settings():
    waits = load_clinic().waits
    assert waits.model_dump() == {
        "ask_front_desk_minutes": 120,
        "recent_days": 28,
        "min_sessions": 20,
        "turnover_minutes": 5,
    }


def test_a_clinic_file_without_wait_settings_gets_the_defaults(tmp_path: Path):
    path = tmp_path / "lakeside.toml"
    path.write_text(CLINIC)
    assert load_clinic(path).waits.ask_front_desk_minutes == 120


@pytest.mark.parametrize(
    "setting",
    [
        "ask_front_desk_minutes = 5",  # a cap shorter than a walk to the room
        "ask_front_desk_minutes = 1000",
        "recent_days = 0",
        "min_sessions = 1",  # one session is no median
        "turnover_minutes = -1",
        "tea_minutes = 5",  # a typo is refused, not ignored
    ],
)
def test_a_wrong_wait_setting_is_refused(tmp_path: Path, setting):
    path = tmp_path / "bad.toml"
    path.write_text(CLINIC + "[waits]\n" + setting + "\n")
    with pytest.raises(ClinicConfigError, match=setting.split(" ")[0]):
        load_clinic(path)
