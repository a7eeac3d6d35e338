"""The board's order for one therapist: the next client they may serve at the top (the one
call_next would call, by vocabulary.may_serve), then their own clients, everyone else waiting in
check-in order, other therapists' clients, and the visits just closed."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.visits.board_order import board_order, next_to_serve
from kiosk_core.vocabulary import Queue, VisitStatus, may_serve

S, M, T = VisitStatus, Queue.MEDICAL, Queue.THERAPEUTIC
ME, OTHER = 1, 2
START = datetime(2026, 12, 6, 14, tzinfo=UTC)


@dataclass(frozen=True)
class Row:
    visit_id: int
    queue: str
    status: str
    checked_in_at: datetime
    therapist_id: int | None = None


def rows(*specs) -> list[Row]:
    """(queue, status, holder) per visit, in check-in order; ids from 1."""
    return [
        Row(n, queue, status, START + timedelta(minutes=n), holder)
        for n, (queue, status, holder) in enumerate(specs, 1)
    ]


CASES = [
    # the line, trained in medical massage, the order of visit ids
    ([(M, S.WAITING, None), (T, S.WAITING, None)], True, [1, 2]),
    ([(M, S.WAITING, None), (T, S.WAITING, None)], False, [2, 1]),  # the medical client isn't theirs to call
    ([(T, S.IN_SESSION, ME), (T, S.WAITING, None)], False, [2, 1]),  # next above their own client in session
    ([(T, S.IN_SESSION, OTHER), (T, S.CALLED, ME), (M, S.WAITING, None)], False, [2, 3, 1]),  # nobody to call
    ([(T, S.CANCELLED, None), (T, S.WAITING, None), (T, S.WAITING, None)], True, [2, 3, 1]),  # closed last
    ([(M, S.WAITING, None), (M, S.WAITING, None), (T, S.PAUSED, OTHER)], False, [1, 2, 3]),
    ([], True, []),
]


@pytest.mark.parametrize(("line", "trained", "order"), CASES)
def test_the_order(line, trained, order):
    listed = board_order(rows(*line), therapist_id=ME, medical_trained=trained)
    assert [row.visit_id for row in listed] == order


@pytest.mark.parametrize(("line", "trained", "next_id"), [
    ([(M, S.WAITING, None), (T, S.WAITING, None)], True, 1),
    ([(M, S.WAITING, None), (T, S.WAITING, None)], False, 2),
    ([(M, S.WAITING, None)], False, None),
    ([(T, S.CALLED, ME)], True, None),
])  # fmt: skip
def test_the_next_is_the_longest_waiting_client_they_may_serve(line, trained, next_id):
    found = next_to_serve(rows(*line), medical_trained=trained)
    assert (found.visit_id if found else None) == next_id


statuses = st.sampled_from(list(VisitStatus))
visits = st.lists(st.tuples(st.sampled_from([M, T]), statuses, st.sampled_from([None, ME, OTHER])), max_size=30)


@given(line=visits, trained=st.booleans(), shuffle=st.randoms())
def test_the_top_line_is_the_next_they_may_serve_whatever_the_line(line, trained, shuffle):
    given_rows = rows(*line)
    mixed = list(given_rows)
    shuffle.shuffle(mixed)
    listed = board_order(mixed, therapist_id=ME, medical_trained=trained)
    assert sorted(r.visit_id for r in listed) == [r.visit_id for r in given_rows]  # nobody lost, nobody twice
    assert listed == board_order(given_rows, therapist_id=ME, medical_trained=trained)  # the order is the rule's
    servable = [r for r in given_rows if r.status == S.WAITING and may_serve(r.queue, medical_trained=trained)]
    rest = listed
    if servable:
        assert listed[0] == min(servable, key=lambda r: (r.checked_in_at, r.visit_id))
        rest = listed[1:]
    waiting = [r for r in rest if r.status == S.WAITING]
    assert waiting == sorted(waiting, key=lambda r: r.checked_in_at)  # the others keep check-in order
    closed = [n for n, r in enumerate(listed) if r.status not in (S.WAITING, S.CALLED, S.IN_SESSION, S.PAUSED)]
    assert closed == list(range(len(listed) - len(closed), len(listed)))  # the closed ones last
