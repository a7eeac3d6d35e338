"""Today's queues at a location: who waits where, in what order, and how long they may wait.

The actions that move a visit along are in kiosk_core.visits.actions, the state machine in
kiosk_core.visits.transitions.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import sqlalchemy as sa
from babel import Locale, UnknownLocaleError
from sqlmodel import Session, select

from kiosk_core.clock import clinic_day, minutes_between
from kiosk_core.config import ClinicConfig
from kiosk_core.intake.wording import flag_text
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Client, Location, Therapist, Visit, utcnow
from kiosk_core.visits.transitions import needs_review
from kiosk_core.vocabulary import OPEN_STATUSES, Queue, VisitStatus
from kiosk_core.waits.estimate import WaitEstimate
from kiosk_core.waits.location_waits import expected_waits, flushed

S = VisitStatus


@cache
def language_name(code: str) -> str:
    """A language's name in English ("es" -> "Spanish"), for staff who read English."""
    try:
        return Locale.parse(code).get_language_name("en") or code
    except (UnknownLocaleError, ValueError):
        return code


@dataclass(frozen=True)
class QueueEntry:
    visit_id: int
    client_id: int
    ticket_code: str
    queue: Queue
    status: VisitStatus
    first_name: str
    last_initial: str
    checked_in_at: datetime
    minutes_waiting: int
    pain: int
    stress: int
    flags: tuple[str, ...]  # what the therapist reads
    therapist_id: int | None
    position: int | None  # among those waiting in the same queue, 1 = next
    expected_wait: WaitEstimate | None  # for a waiting visit (kiosk_core.waits.location_waits)
    language: str = "en"  # the client's, on the tablet
    to_review: bool = False  # red flags no therapist has cleared yet: no massage before the review
    review_note: str = ""  # the latest review's note (cleared) or reason (not today)
    therapist_name: str | None = None  # who holds the client (called, in session or paused)
    without_card: bool = False  # recognised by name and phone or e-mail: the desk offers a new card

    @property
    def speaks(self) -> str:
        """The client's language in English words, e.g. "Spanish"."""
        return language_name(self.language)


def todays_queue(
    *,
    session: Session,
    clinic: ClinicConfig,
    location_slug: str,
    now: datetime | None = None,
    open_and: Collection[int] | None = None,
) -> list[QueueEntry]:
    """Every visit today at the location, waiting ones in order with their expected wait. With
    `open_and` (visit ids), only the open visits and those: a board refreshed every 2 seconds
    then costs what the open queue does, however many have been seen today."""
    now = now or utcnow()
    location = location_by_slug(session, location_slug)
    shown = [Visit.location_id == location.id, Visit.clinic_day == clinic_day(now)]
    if open_and is not None:
        shown.append(sa.or_(Visit.status.in_(OPEN_STATUSES), Visit.id.in_(list(open_and))))
    rows = flushed(session).connection().execute(_queue_read().where(*shown)).all()  # Core: a third of the ORM's cost
    waits = expected_waits(session=session, clinic=clinic, location_id=location.id, now=now, visits=rows)

    entries = []
    positions = dict.fromkeys(Queue, 0)
    for row in rows:
        position = None
        if row.status == S.WAITING:
            positions[row.queue] += 1
            position = positions[row.queue]
        flags = row.flags or []
        entries.append(
            QueueEntry(
                visit_id=row.id,
                client_id=row.client_id,
                ticket_code=row.ticket_code,
                queue=row.queue,
                status=VisitStatus(row.status),
                first_name=row.first_name,
                last_initial=row.last_name[:1],
                checked_in_at=row.checked_in_at,
                minutes_waiting=round(minutes_between(row.checked_in_at, row.called_at or now)),
                pain=int(row.pain or 0),
                stress=int(row.stress or 0),
                flags=tuple(flag_text(flag) for flag in flags),
                language=row.language,
                therapist_id=row.therapist_id,
                position=position,
                expected_wait=waits.get(row.id),
                to_review=needs_review(flags, row.review_outcome, row.reviewed_flags or []),
                review_note=row.review_note,
                therapist_name=row.therapist_name,
                without_card=row.without_card,
            )
        )
    return entries


@cache
def _queue_read() -> sa.Select:
    """The columns a queue entry needs, the stored answers' pain and stress read in SQL: whole
    visits and clients (four JSON columns decoded per row) cost most of a refresh on a long line."""
    answers = Visit.intake_json
    visit = (Visit.id, Visit.client_id, Visit.ticket_code, Visit.queue, Visit.status, Visit.checked_in_at)
    visit += (Visit.called_at, Visit.flags, Visit.language, Visit.therapist_id, Visit.review_outcome)
    visit += (Visit.reviewed_flags, Visit.review_note, Visit.without_card)
    said = (answers["pain"].as_integer().label("pain"), answers["stress"].as_integer().label("stress"))
    return (
        sa.select(*visit, *said, Client.first_name, Client.last_name, Therapist.name.label("therapist_name"))
        .join(Client, Client.id == Visit.client_id)
        .join(Therapist, Therapist.id == Visit.therapist_id, isouter=True)
        .order_by(Visit.checked_in_at, Visit.id)
    )


def finished_count(*, session: Session, location_slug: str, now: datetime) -> int:
    """How many sessions were finished today at a location (none at an unknown one)."""
    return session.exec(
        select(sa.func.count())
        .select_from(Visit)
        .join(Location, Location.id == Visit.location_id)
        .where(Location.slug == location_slug, Visit.clinic_day == clinic_day(now), Visit.status == S.DONE)
    ).one()


def waiting_counts(*, session: Session, location_slug: str, now: datetime | None = None) -> dict[str, int]:
    """How many are waiting in each queue at a location today."""
    location = location_by_slug(session, location_slug)
    rows = session.exec(
        select(Visit.queue, sa.func.count())
        .where(Visit.location_id == location.id, Visit.clinic_day == clinic_day(now), Visit.status == S.WAITING)
        .group_by(Visit.queue)
    ).all()
    return {queue: 0 for queue in Queue} | dict(rows)
