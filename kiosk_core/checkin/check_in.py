"""Check-in: route the intake, assign a ticket atomically, and never open two visits for one client.

`open_visit` is the one way a visit is made, in the caller's unit of work (it never commits):
one read (the location, the client's first name, any visit open today), then, for a new visit,
the write lock (db.begin_writes) and the writes of kiosk_core.checkin.visit_write. A client
whose visit is open already keeps it: a second scan adds only new red flags, and a visit open
at another location is refused (kiosk_core.checkin.moving). The place in line is read apart
(`ticket_of`): the tablet reads it after its commit, so the write lock is held for the writes only.
"""

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

import psycopg
from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.checkin import visit_write
from kiosk_core.checkin.moving import elsewhere
from kiosk_core.checkin.visit_write import NewVisit
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig
from kiosk_core.errors import KioskError, NotFound
from kiosk_core.i18n import N_
from kiosk_core.intake.answers import Intake
from kiosk_core.intake.routing import FRONT_DESK_FLAGS, red_flags, route
from kiosk_core.locations import location_by_slug
from kiosk_core.models import AuditEvent, Visit, utcnow
from kiosk_core.vocabulary import Queue
from kiosk_core.waits.estimate import WaitEstimate
from kiosk_core.waits.place_in_line import place_in_queue


class OpenAlready(KioskError):
    """A client recognised without a card has a visit open today: its ticket is not shown to
    someone who only typed a name and a number."""

    message = N_("We couldn't check you in from here. Please ask at the front desk.")


@dataclass(frozen=True)
class Opened:
    """A check-in's visit: new, or the one open already today (`created` False)."""

    visit: NewVisit
    first_name: str
    created: bool


@dataclass(frozen=True)
class Ticket:
    """What the tablet shows after check-in: plain values, nothing to lazy-load."""

    visit_id: int
    first_name: str
    ticket_code: str
    queue: Queue
    queue_label: str
    reasons: tuple[dict, ...]  # codes with values; see kiosk_core.intake.wording
    needs_review: bool
    see_front_desk: bool  # a red flag that needs a word before the client sits down among others
    position: int | None  # 1 = next; None once called
    wait: WaitEstimate | None  # None once called (kiosk_core.waits.location_waits)
    already_checked_in: bool


def open_visit(
    *,
    session: Session,
    clinic: ClinicConfig,
    location_slug: str,
    client_id: int,
    intake: Intake,
    language: str = "en",
    now: datetime | None = None,
    without_card: bool = False,
) -> Opened:
    """The client's open visit today at this location, or a new one with its ticket; raises
    CheckedInElsewhere while it is open at another location, NotFound for an unknown location
    or client, and db.TryAgain when a double tap on another tablet opened it since our read
    (the next try of the unit of work finds it). `without_card`: recognised by name and phone or
    e-mail, who may not see a visit open already (OpenAlready: it would show what is stored)."""
    now = now or utcnow()
    day = clinic_day(now)
    dialect = session.get_bind().dialect
    found = visit_write.first_row(
        db.driver_connection(session), dialect, slug=location_slug, client_id=client_id, day=day
    )
    if found is None:
        location_by_slug(session, location_slug)  # NotFound with its own words for a wrong location
        raise NotFound("We couldn't find your details. Please ask at the front desk.")
    location_id, first_name, open_visit_id = found
    if open_visit_id is not None and without_card:
        raise OpenAlready()
    if open_visit_id is not None:
        elsewhere(session, open_visit_id, location_id)
        return Opened(as_new_visit(_add_new_flags(session, open_visit_id, intake, clinic, now)), first_name, False)
    decision = route(intake, clinic.routing)
    values = {"location_id": location_id, "client_id": client_id, "day": day, "language": language, "now": now}
    values["without_card"] = without_card
    row = visit_write.visit_row(decision=decision, intake=intake, **values)
    # Made before the write lock is taken: converting the values costs more than the inserts.
    pending = visit_write.PendingWrite(dialect, row=row, prefix=clinic.queues[decision.queue].ticket_prefix)
    db.begin_writes(session)
    try:
        visit_id, code = pending.run(db.driver_connection(session))
    except (sqlite3.IntegrityError, psycopg.IntegrityError) as error:
        raise db.TryAgain from error  # the one-open-visit index: another tablet was first
    visit = NewVisit(visit_id, code, location_id, decision.queue, row["reasons"], row["flags"], now)
    return Opened(visit, first_name, True)


def as_new_visit(visit: Visit) -> NewVisit:
    """An open visit's columns as a check-in returns them."""
    columns = (visit.id, visit.ticket_code, visit.location_id, visit.queue, visit.reasons, visit.flags)
    return NewVisit(*columns, visit.checked_in_at, visit.status)


def _add_new_flags(session: Session, visit_id: int, intake: Intake, clinic: ClinicConfig, now: datetime) -> Visit:
    """A second check-in keeps the visit and its answers, but a red flag the client adds is never lost."""
    visit = session.get(Visit, visit_id)
    if not _new_flags(visit, intake, clinic):
        return visit
    db.begin_writes(session)
    visit = session.get(Visit, visit_id, with_for_update=True, populate_existing=True)
    new = _new_flags(visit, intake, clinic)
    if new:
        visit.flags = [*visit.flags, *new]
        session.add(visit)
        where = {"location_id": visit.location_id, "client_id": visit.client_id, "visit_id": visit.id}
        detail = ", ".join(flag["code"] for flag in new)
        session.add(AuditEvent(at=now, action="flags_added", detail=detail, **where))
        session.flush()
    return visit


def _new_flags(visit: Visit, intake: Intake, clinic: ClinicConfig) -> list[dict]:
    codes = {flag["code"] for flag in visit.flags}
    return [flag for flag in red_flags(intake, clinic.routing) if flag["code"] not in codes]


def ticket_of(*, session: Session, clinic: ClinicConfig, opened: Opened, now: datetime) -> Ticket:
    """The ticket of a visit just opened, with its place in line and wait now."""
    visit = opened.visit
    position, wait = place_in_queue(session=session, clinic=clinic, visit=visit, now=now)
    return Ticket(
        visit_id=visit.id,
        first_name=opened.first_name,
        ticket_code=visit.ticket_code,
        queue=visit.queue,
        queue_label=clinic.queues[visit.queue].label,
        reasons=tuple(visit.reasons),
        needs_review=bool(visit.flags),
        see_front_desk=any(flag["code"] in FRONT_DESK_FLAGS for flag in visit.flags),
        position=position,
        wait=wait,
        already_checked_in=not opened.created,
    )


def check_in(*, session: Session, clinic: ClinicConfig, now: datetime | None = None, **request) -> Ticket:
    """open_visit and its ticket, both in the caller's unit of work (the command line, demo data,
    tests). The tablet reads the ticket after its commit instead (kiosk_core.screens.tablet)."""
    now = now or utcnow()
    opened = open_visit(session=session, clinic=clinic, now=now, **request)
    return ticket_of(session=session, clinic=clinic, opened=opened, now=now)


def last_intake(*, session: Session, client_id: int, today: date | None = None) -> Intake | None:
    """The answers from the client's most recent visit, for "Same as last time?"; with `today`,
    as they would be answered today (an injury "in the last 3 days" then is older now)."""
    visit = session.exec(
        select(Visit).where(Visit.client_id == client_id).order_by(Visit.checked_in_at.desc(), Visit.id.desc()).limit(1)
    ).first()
    if visit is None:
        return None
    answers = Intake.from_stored(visit.intake_json)
    return answers.aged((today - visit.clinic_day).days) if today else answers
