"""The order of the board's compact list for one therapist (pure).

At the top, the client this therapist would call next: the longest-waiting client of a queue
they may serve (vocabulary.may_serve), the one kiosk_core.visits.actions.call_next picks; a
client to review is called like any other, since the review is a talk. Then the therapist's own
clients (called, in session or paused), everyone else waiting in check-in order, the clients
other therapists hold, and last the visits closed in the last few seconds (kept for their Undo).
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol, TypeVar

from kiosk_core.vocabulary import OPEN_STATUSES, VisitStatus, may_serve

S = VisitStatus
HELD = frozenset({S.CALLED, S.IN_SESSION, S.PAUSED})


class Listed(Protocol):
    """What the order reads of a visit (a QueueEntry serves)."""

    visit_id: int
    queue: str
    status: str
    checked_in_at: datetime
    therapist_id: int | None


Row = TypeVar("Row", bound=Listed)


def next_to_serve(rows: Iterable[Row], *, medical_trained: bool) -> Row | None:
    """The waiting visit this therapist would call next, or None when none is theirs to call."""
    mine = [r for r in rows if r.status == S.WAITING and may_serve(r.queue, medical_trained=medical_trained)]
    return min(mine, key=_arrival, default=None)


def board_order(rows: Sequence[Row], *, therapist_id: int | None, medical_trained: bool) -> list[Row]:
    """`rows` in the board's order (see the module docstring)."""
    first = next_to_serve(rows, medical_trained=medical_trained)

    def rank(row: Row) -> tuple:
        if first is not None and row.visit_id == first.visit_id:
            group = 0
        elif row.status in HELD and row.therapist_id is not None and row.therapist_id == therapist_id:
            group = 1
        elif row.status == S.WAITING:
            group = 2
        elif row.status in OPEN_STATUSES:
            group = 3
        else:
            group = 4
        return (group, *_arrival(row))

    return sorted(rows, key=rank)


def _arrival(row: Listed) -> tuple[datetime, int]:
    return row.checked_in_at, row.visit_id
