"""The audit log as an admin reviews it: filtered by member, client, kind and clinic days, a page
at a time, with refused sign-ins summarised per source and minute (605 of them hid a therapist's
intake read in the newest 500 rows of the old view; now they are counted apart, and shown one
by one only when asked for by kind)."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from kiosk_core.config import settings
from kiosk_core.models import AuditEvent, Therapist, Visit

PAGE_SIZE = 50
REFUSED = ("sign_in_failed", "sign_in_locked")
_SOURCE = re.compile(r"source ([0-9a-f]{8})")


@dataclass(frozen=True)
class AuditQuery:
    start: date
    end: date
    member_id: int | None = None  # who acted or looked
    client_id: int | None = None  # whose record
    kind: str | None = None  # an action, e.g. "view_intake"; None: every kind but refused sign-ins

    def days(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"

    def described(self) -> str:
        """For the audit row of the look itself: which days and filters."""
        parts = [self.days()]
        parts += [f"{name} {value}" for name, value in self._filters() if value is not None]
        return ", ".join(parts)

    def _filters(self):
        return (("member", self.member_id), ("client", self.client_id), ("kind", self.kind))


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    therapist: str
    action: str
    client_id: int | None
    ticket: str
    detail: str


@dataclass(frozen=True)
class RefusedBurst:
    """Refused sign-ins from one source in one minute."""

    minute: datetime
    source: str  # a digest of the browser's address, as recorded
    refused: int
    names: int  # how many members they were tried at


def _where(location_id: int, query: AuditQuery) -> list:
    first = datetime.combine(query.start, time.min, tzinfo=settings.tz)
    after = datetime.combine(query.end + timedelta(days=1), time.min, tzinfo=settings.tz)
    where = [AuditEvent.location_id == location_id, AuditEvent.at >= first, AuditEvent.at < after]
    if query.member_id is not None:
        where.append(AuditEvent.therapist_id == query.member_id)
    if query.client_id is not None:
        where.append(AuditEvent.client_id == query.client_id)
    where.append(AuditEvent.action == query.kind if query.kind else col(AuditEvent.action).not_in(REFUSED))
    return where


def audit_rows(
    *, session: Session, location_id: int, query: AuditQuery, page: int = 0, size: int | None = PAGE_SIZE
) -> tuple[list[AuditRow], int]:
    """One page of the matching events, newest first, and how many match in all (`size` None: all)."""
    where = _where(location_id, query)
    total = session.exec(select(sa.func.count()).select_from(AuditEvent).where(*where)).one()
    rows = (
        select(AuditEvent, Therapist.name, Visit.ticket_code)
        .join(Therapist, Therapist.id == AuditEvent.therapist_id, isouter=True)
        .join(Visit, Visit.id == AuditEvent.visit_id, isouter=True)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if size is not None:
        rows = rows.offset(max(page, 0) * size).limit(size)
    found = [
        AuditRow(e.at, name or "Tablet", e.action, e.client_id, code or "", e.detail)
        for e, name, code in session.exec(rows)
    ]
    return found, total


def refused_bursts(*, session: Session, location_id: int, query: AuditQuery) -> list[RefusedBurst]:
    """Refused sign-ins in the days (and for the member, if one is chosen), per source and
    minute, the busiest first."""
    where = _where(location_id, AuditQuery(query.start, query.end, query.member_id))[:-1]
    events = session.exec(
        select(AuditEvent.at, AuditEvent.detail, AuditEvent.therapist_id).where(
            *where, col(AuditEvent.action).in_(REFUSED)
        )
    ).all()
    counts: Counter = Counter()
    names: dict[tuple, set] = {}
    for at, detail, therapist_id in events:
        found = _SOURCE.search(detail or "")
        key = (at.replace(second=0, microsecond=0), found.group(1) if found else "unknown")
        counts[key] += 1
        names.setdefault(key, set()).add(therapist_id)
    return [
        RefusedBurst(minute, source, refused, len(names[(minute, source)]))
        for (minute, source), refused in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def kinds_seen(*, session: Session, location_id: int, query: AuditQuery) -> list[str]:
    """Every kind of event in the days, for the filter's choices."""
    where = _where(location_id, AuditQuery(query.start, query.end))[:-1]
    return sorted(session.exec(select(AuditEvent.action).where(*where).distinct()).all())
