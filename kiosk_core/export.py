"""Visits as CSV for a date range: times in the clinic's zone, no names or contact details."""

import csv
import io
from datetime import date

from sqlmodel import Session, select

from kiosk_core.clock import minutes_between
from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput
from kiosk_core.models import Location, Therapist, Visit
from kiosk_core.queue import location_by_slug

COLUMNS = [
    "clinic_day",
    "location",
    "ticket",
    "queue",
    "routed_queue",
    "status",
    "client_id",
    "checked_in",
    "called",
    "started",
    "finished",
    "wait_minutes",
    "service_minutes",
    "therapist",
    "red_flags",
    "reasons",
    "language",
    "reroute_reason",
]


def _local(moment) -> str:
    return moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def visits_csv(*, session: Session, start: date, end: date, location_slug: str | None = None) -> str:
    if end < start:
        raise InvalidInput("The end date is before the start date.")
    query = select(Visit, Location).join(Location).where(Visit.clinic_day >= start, Visit.clinic_day <= end)
    if location_slug:
        query = query.where(Visit.location_id == location_by_slug(session, location_slug).id)
    rows = session.exec(query.order_by(Visit.clinic_day, Location.slug, Visit.checked_in_at)).all()
    therapists = {t.id: t.name for t in session.exec(select(Therapist))}

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for visit, location in rows:
        waited = minutes_between(visit.checked_in_at, visit.called_at) if visit.called_at else None
        served = (
            minutes_between(visit.started_at, visit.finished_at) if visit.started_at and visit.finished_at else None
        )
        writer.writerow(
            [
                visit.clinic_day.isoformat(),
                location.slug,
                visit.ticket_code,
                visit.queue,
                visit.routed_queue,
                visit.status,
                visit.client_id,
                _local(visit.checked_in_at),
                _local(visit.called_at),
                _local(visit.started_at),
                _local(visit.finished_at),
                "" if waited is None else round(waited),
                "" if served is None else round(served),
                therapists.get(visit.therapist_id, ""),
                " ".join(flag["code"] for flag in visit.flags),
                " ".join(reason["code"] for reason in visit.reasons),
                visit.language,
                visit.reroute_reason,
            ]
        )
    return out.getvalue()
