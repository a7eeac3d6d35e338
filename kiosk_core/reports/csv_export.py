"""Visits as CSV for a date range: times in the clinic's zone, no names or contact details."""

from datetime import date

from sqlmodel import Session, select

from kiosk_core.clock import minutes_between
from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Location, Therapist, Visit
from kiosk_core.reports.csv_cells import csv_text

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
    # Plain rows of the columns written, not whole visits: a year is tens of thousands of them,
    # and making each an object cost more than everything else here.
    query = select(
        Visit.clinic_day,
        Location.slug,
        Visit.ticket_code,
        Visit.queue,
        Visit.routed_queue,
        Visit.status,
        Visit.client_id,
        Visit.checked_in_at,
        Visit.called_at,
        Visit.started_at,
        Visit.finished_at,
        Visit.therapist_id,
        Visit.flags,
        Visit.reasons,
        Visit.language,
        Visit.reroute_reason,
    ).join(Location, Location.id == Visit.location_id)
    query = query.where(Visit.clinic_day >= start, Visit.clinic_day <= end)
    if location_slug:
        query = query.where(Visit.location_id == location_by_slug(session, location_slug).id)
    rows = session.exec(query.order_by(Visit.clinic_day, Location.slug, Visit.checked_in_at)).all()
    therapists = {t.id: t.name for t in session.exec(select(Therapist))}

    def line(row) -> list:
        waited = minutes_between(row.checked_in_at, row.called_at) if row.called_at else None
        served = minutes_between(row.started_at, row.finished_at) if row.started_at and row.finished_at else None
        return [
            row.clinic_day.isoformat(),
            row.slug,
            row.ticket_code,
            row.queue,
            row.routed_queue,
            row.status,
            row.client_id,
            _local(row.checked_in_at),
            _local(row.called_at),
            _local(row.started_at),
            _local(row.finished_at),
            "" if waited is None else round(waited),
            "" if served is None else round(served),
            therapists.get(row.therapist_id, ""),
            " ".join(flag["code"] for flag in row.flags),
            " ".join(reason["code"] for reason in row.reasons),
            row.language,
            row.reroute_reason,
        ]

    return csv_text(COLUMNS, (line(row) for row in rows))  # a typed reason is never a formula
