"""The queue board's taps: each its own unit of work that writes from the start, by a member
whose authority is read in it, on a visit at their location; each returns what happened, in
words, shown next to the visit (kiosk_core.screens.queue_board offers them with the board)."""

from collections.abc import Callable

from sqlmodel import Session

from kiosk_core import db
from kiosk_core.config import load_clinic
from kiosk_core.errors import NotFound
from kiosk_core.models import Visit
from kiosk_core.staff.on_duty import Authority, on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.shifts import on_shift_for
from kiosk_core.staff.therapists import StaffMember
from kiosk_core.visits.actions import apply_action, call_next, reroute
from kiosk_core.visits.review import record_review
from kiosk_core.visits.todays_queue import QueueEntry
from kiosk_core.visits.undo import undo as undo_last
from kiosk_core.vocabulary import Queue, VisitAction, VisitStatus

A = VisitAction
ACTION_DONE = {
    A.CALL: "{code} called.",
    A.START: "{code} started.",
    A.PAUSE: "{code} paused: the client stepped out.",
    A.RESUME: "{code} resumed.",
    A.FINISH: "{code} finished.",
    A.NO_SHOW: "{code} marked as a no-show.",
    A.WALK_OUT: "{code} marked as walked out.",
    A.CANCEL: "{code} cancelled.",
    A.REQUEUE: "{code} is back in the queue.",
    A.REROUTE: "{code} moved to the {queue} queue.",
}


def said(action: VisitAction, visit: Visit | QueueEntry) -> str:
    """What an action did, in words, shown next to the visit."""
    if action == A.REVIEW:
        if visit.status == VisitStatus.DECLINED:
            return f"{visit.ticket_code}: not today. The visit is closed as declined for safety."
        return f"{visit.ticket_code} cleared: the massage can start."
    return ACTION_DONE[action].format(code=visit.ticket_code, queue=visit.queue)


def here(session, who: Authority, visit_id: int) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None or visit.location_id != who.location_id:
        raise NotFound("That visit isn't at this location.")
    return visit


def _tap(member: StaffMember, visit_id: int | None, change: Callable[[Session, Authority], str]) -> str:
    """One tap in a unit of work of its own that writes from the start, by a member whose
    authority is read in it, on a visit (if any) at their location; returns what happened, in words."""

    def work(session: Session) -> str:
        db.begin_writes(session)
        who = on_duty(session, member, Need.VISIT_TAP)
        if visit_id is not None:
            here(session, who, visit_id)
        return change(session, who)

    return db.run_write(work)


def _by(who: Authority, confirm_for: int | None) -> dict:
    return {"therapist_id": who.therapist_id, "confirm_for": confirm_for}


def act(
    *, member: StaffMember, visit_id: int, action: VisitAction, reason: str = "", confirm_for: int | None = None
) -> str:
    """Apply one tap to a visit; returns what happened, in words. Raises OthersClient (naming the
    therapist) for a client another therapist holds, until `confirm_for` names that therapist."""
    where = {"visit_id": visit_id, "action": action, "reason": reason}
    return _tap(
        member,
        visit_id,
        lambda s, who: said(action, apply_action(session=s, **where, **_by(on_shift_for(action, who), confirm_for))),
    )


def review(*, member: StaffMember, visit_id: int, outcome: str, note: str, confirm_for: int | None = None) -> str:
    """Record the red-flag review: "cleared" with a note, or "not today" with the reason."""
    what = {"visit_id": visit_id, "outcome": outcome, "note": note}
    return _tap(
        member,
        visit_id,
        lambda s, who: said(
            A.REVIEW, record_review(session=s, **what, policy=load_clinic().review, **_by(who, confirm_for))
        ),
    )


def undo(*, member: StaffMember, visit_id: int) -> str:
    def change(session: Session, who: Authority) -> str:
        visit = undo_last(session=session, visit_id=visit_id, therapist_id=who.therapist_id)
        where = "back in its place in the queue" if visit.status == VisitStatus.WAITING else "back as it was"
        return f"Undone: {visit.ticket_code} is {where}."

    return _tap(member, visit_id, change)


def call_next_client(*, member: StaffMember, queue: Queue) -> str:
    def change(s: Session, who: Authority) -> str:
        on_shift_for(A.CALL, who)
        return said(
            A.CALL, call_next(session=s, location_slug=who.location_slug, queue=queue, therapist_id=who.therapist_id)
        )

    return _tap(member, None, change)


def move_to_queue(
    *, member: StaffMember, visit_id: int, to_queue: Queue, reason: str, confirm_for: int | None = None
) -> str:
    what = {"visit_id": visit_id, "to_queue": to_queue, "reason": reason}
    return _tap(member, visit_id, lambda s, who: said(A.REROUTE, reroute(session=s, **what, **_by(who, confirm_for))))
