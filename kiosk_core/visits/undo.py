"""Undo: a cancel, no-show, walk-out or put-back tapped by mistake is put right for a few seconds
(`KIOSK_UNDO_SECONDS`, 15), by the therapist who tapped it."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core.config import settings
from kiosk_core.errors import IllegalTransition, NotAllowed
from kiosk_core.models import AuditEvent, RecentAction, SessionPeriod, Therapist, Visit, utcnow
from kiosk_core.visits.actions import locked_visit, therapist_here
from kiosk_core.visits.transitions import ACTION_WORDS, OPEN, TRANSITIONS
from kiosk_core.vocabulary import VisitStatus


def undo(
    *,
    session: Session,
    visit_id: int,
    therapist_id: int,
    now: datetime | None = None,
    window_seconds: int | None = None,
) -> Visit:
    """Put back what the last cancel, no-show, walk-out or put-back changed, within the window,
    by the therapist who did it. The visit keeps its check-in time, so it is back in its place
    in line, not at the end."""
    now = now or utcnow()
    window = timedelta(seconds=settings.undo_seconds if window_seconds is None else window_seconds)
    visit = locked_visit(session, visit_id)
    therapist_here(session, therapist_id, visit.location_id)
    last = session.get(RecentAction, visit.id, with_for_update=True)
    if last is None or last.before is None or visit.status != TRANSITIONS[last.action][1]:
        raise IllegalTransition(f"There is nothing to undo for {visit.ticket_code}.")
    if last.therapist_id != therapist_id:
        who = session.get(Therapist, last.therapist_id)
        raise NotAllowed(f"Only {who.name}, who did it, can undo that for {visit.ticket_code}.")
    if now - last.done_at > window:
        raise IllegalTransition(
            f"Too late to undo: {visit.ticket_code} was {ACTION_WORDS[last.action]} "
            f"more than {round(window.total_seconds())} seconds ago."
        )
    before = last.before
    restored = VisitStatus(before["status"])
    if restored in OPEN:
        _no_other_open_visit(session, visit)
    visit.status, visit.therapist_id = restored, before["therapist_id"]
    visit.called_at = datetime.fromisoformat(before["called_at"]) if before["called_at"] else None
    visit.session_minutes = before["session_minutes"]
    stamp = TRANSITIONS[last.action][2]
    if stamp:
        setattr(visit, stamp, None)
    visit.closed_reason = ""
    if before["period"] is not None:
        period = session.get(SessionPeriod, before["period"])
        period.ended_at = None
        session.add(period)
    session.add(visit)
    session.delete(last)
    session.add(
        AuditEvent(
            at=now,
            action="undo",
            therapist_id=therapist_id,
            location_id=visit.location_id,
            client_id=visit.client_id,
            visit_id=visit.id,
            detail=last.action,
        )
    )
    return visit


def _no_other_open_visit(session: Session, visit: Visit) -> None:
    """A client has one open visit a day: one who checked in again since can't have this one back."""
    other = session.exec(
        select(Visit.ticket_code).where(
            Visit.client_id == visit.client_id,
            Visit.clinic_day == visit.clinic_day,
            Visit.status.in_(OPEN),
            Visit.id != visit.id,
        )
    ).first()
    if other is not None:
        raise IllegalTransition(f"{visit.ticket_code} can't come back: the client has checked in again as {other}.")


def forget_recent(session: Session, before: datetime) -> None:
    """Last actions older than `before` can no longer be undone or shown: drop them."""
    session.execute(sa.delete(RecentAction).where(RecentAction.done_at < before))
