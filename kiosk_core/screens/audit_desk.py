"""The audit log for admins (kiosk_core.reports.audit_trail): a filtered page of it, the refused
sign-ins per source and minute, and a filtered view as CSV. Each look and each export is itself
audited, with its days and filters, in the unit of work that read it."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.models import Therapist
from kiosk_core.reports.audit_trail import (
    PAGE_SIZE,
    AuditQuery,
    AuditRow,
    RefusedBurst,
    audit_rows,
    kinds_seen,
    refused_bursts,
)
from kiosk_core.reports.csv_cells import csv_text
from kiosk_core.staff.on_duty import audit_read, on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember

CSV_COLUMNS = ["when", "who", "what", "client_id", "ticket", "detail"]


def _line(row: AuditRow) -> list:
    when = row.at.astimezone(settings.tz).isoformat(timespec="seconds")
    return [when, row.therapist, row.action, row.client_id or "", row.ticket, row.detail]


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int  # matching events in all
    page: int
    pages: int
    refused: list[RefusedBurst]  # refused sign-ins per source and minute, apart from the rows
    kinds: list[str]  # every kind of event in the days, for the filter
    members: dict[int, str]  # every staff member by id, for the filter


def _query(start: date, end: date, member_id: int | None, client_id: int | None, kind: str | None) -> AuditQuery:
    return AuditQuery(start, end, member_id, client_id, kind or None)


def audit_log(
    *,
    member: StaffMember | None,
    start: date,
    end: date,
    member_id: int | None = None,
    client_id: int | None = None,
    kind: str | None = None,
    page: int = 0,
) -> AuditPage:
    """Audit events at the member's location from the clinic day `start` to `end`, both whole,
    filtered; admins only. Reading the log is itself recorded (it names who looked at whose intake)."""
    query = _query(start, end, member_id, client_id, kind)

    def read(session) -> AuditPage:
        who = on_duty(session, member, Need.AUDIT_LOG)
        rows, total = audit_rows(session=session, location_id=who.location_id, query=query, page=page)
        refused = refused_bursts(session=session, location_id=who.location_id, query=query)
        kinds = kinds_seen(session=session, location_id=who.location_id, query=query)
        members = dict(session.exec(select(Therapist.id, Therapist.name).order_by(Therapist.name)).all())
        audit_read(session, who, "view_audit_log", f"{query.described()}, page {page + 1}")
        return AuditPage(rows, total, page, max(1, -(-total // PAGE_SIZE)), refused, kinds, members)

    return db.run_write(read)


def audit_csv(
    *,
    member: StaffMember | None,
    start: date,
    end: date,
    member_id: int | None = None,
    client_id: int | None = None,
    kind: str | None = None,
) -> str:
    """Every event of the filtered view as CSV (no cell a formula); the export is audited."""
    query = _query(start, end, member_id, client_id, kind)

    def read(session) -> str:
        who = on_duty(session, member, Need.AUDIT_LOG)
        rows, _ = audit_rows(session=session, location_id=who.location_id, query=query, size=None)
        audit_read(session, who, "export_audit_log", f"{query.described()}, {len(rows)} rows")
        return csv_text(CSV_COLUMNS, (_line(r) for r in rows))

    return db.run_write(read)
