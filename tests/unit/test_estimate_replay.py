"""The replay behind every wait (estimate._call_times) against the plain one it replaced: a scan
of the line for each call, kept here as the reference. Same call times for any line, therapists
and session lengths; one client's wait (estimate_wait, which stops at that client) is the wait
of the last in line of estimate_waits; and when surely_over_cap answers without the line, the
replay says the same."""

import heapq

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk_core.vocabulary import may_serve
from kiosk_core.waits.estimate import (
    HIGH,
    LOW,
    MID,
    OnShift,
    WaitEstimate,
    _call_times,
    estimate_wait,
    estimate_waits,
    learn_session_lengths,
    surely_over_cap,
)

QUEUES = ("medical", "therapeutic")


def reference_call_times(line, therapists, lengths, level, turnover):
    free = []
    for index, therapist in enumerate(therapists):
        free_in = 0.0
        if therapist.busy_with is not None:
            busy = lengths[therapist.busy_with]
            left = busy.full(level) if therapist.minutes_in is None else busy.remaining(therapist.minutes_in, level)
            free_in = left + turnover
        free.append((free_in, therapist.medical_trained, index))
    heapq.heapify(free)
    times = [None] * len(line)
    waiting = list(range(len(line)))
    while waiting and free:
        free_in, trained, index = heapq.heappop(free)
        client = next((c for c in waiting if may_serve(line[c], medical_trained=trained)), None)
        if client is None:
            continue
        waiting.remove(client)
        times[client] = free_in
        heapq.heappush(free, (free_in + lengths[line[client]].full(level) + turnover, trained, index))
    return times


minutes = st.floats(min_value=1, max_value=150, allow_nan=False)
# From recent sessions (with their sample) or, with too few, the default with its spread.
lengths_of_a_queue = st.lists(minutes, max_size=30).map(
    lambda sample: learn_session_lengths(sample, default_minutes=50, min_sessions=3)
)
therapist = st.builds(
    OnShift,
    medical_trained=st.booleans(),
    busy_with=st.none() | st.sampled_from(QUEUES),
    minutes_in=st.none() | minutes,
)
shapes = {
    "line": st.lists(st.sampled_from(QUEUES), max_size=40),
    "therapists": st.lists(therapist, max_size=5),
    "lengths": st.fixed_dictionaries({queue: lengths_of_a_queue for queue in QUEUES}),
    "turnover": st.sampled_from([0, 5, 7.5]),
}


@settings(max_examples=300, deadline=None)
@given(**shapes)
def test_the_replay_calls_everyone_when_the_scan_of_the_line_did(line, therapists, lengths, turnover):
    for level in (LOW, MID, HIGH):
        expected = reference_call_times(line, therapists, lengths, level, turnover)
        assert _call_times(line, therapists, lengths, level, turnover) == expected


@settings(max_examples=300, deadline=None)
@given(**shapes, cap=st.sampled_from([30, 120, 122]))
def test_one_clients_wait_is_the_last_of_the_whole_line(line, therapists, lengths, turnover, cap):
    if not line:
        return
    feed = {"therapists": therapists, "lengths": lengths, "cap_minutes": cap, "turnover_minutes": turnover}
    one = estimate_wait(queue=line[-1], ahead=line[:-1], **feed)
    assert one == estimate_waits(line=line, **feed)[-1]


@settings(max_examples=500, deadline=None)
@given(
    line=st.lists(st.sampled_from(QUEUES), min_size=1, max_size=60),
    therapists=shapes["therapists"],
    lengths=shapes["lengths"],
    turnover=shapes["turnover"],
    cap=st.sampled_from([10, 30, 60, 121]),
)
def test_over_the_cap_without_the_line_is_what_the_replay_says(line, therapists, lengths, turnover, cap):
    queue = line[-1]
    ahead = sum(1 for other in line[:-1] if other == queue)
    serving = sum(1 for therapist in therapists if may_serve(queue, medical_trained=therapist.medical_trained))
    feed = {"lengths": lengths, "cap_minutes": cap, "turnover_minutes": turnover}
    surely = surely_over_cap(ahead=ahead, serving=serving, **feed)
    if surely is not None:
        assert surely == estimate_wait(queue=queue, ahead=line[:-1], therapists=therapists, **feed)


def test_over_the_cap_without_the_line_when_it_is_long_enough():
    lengths = {queue: learn_session_lengths([], default_minutes=50, min_sessions=3) for queue in QUEUES}
    feed = {"lengths": lengths, "cap_minutes": 120, "turnover_minutes": 5}
    # Two therapists, 42.5-minute short sessions and 5 of turnover: 47.5 minutes a round.
    assert surely_over_cap(ahead=5, serving=2, **feed) is None  # 2 rounds: 95 minutes, the replay must tell
    assert surely_over_cap(ahead=6, serving=2, **feed) == WaitEstimate(low=120, high=120, ask_front_desk=True)
    assert surely_over_cap(ahead=60, serving=0, **feed) is None  # nobody may serve it: no figure at all
