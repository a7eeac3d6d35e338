"""Writing the daily report totals (kiosk_core.reports.day_totals) of days that are over.

Days are totalled at close of day (kiosk_core.visits.close_day) and by a report for any past day of its
range still missing; never today, nor a day with a visit still open (its figures would change
when it closes). A past day's visits can still change after that: a late tap or an undo just
after midnight, an admin, a script, a migration of old data. Rather than trust every such path
to say so, migration 0008's triggers delete the day's ReportDay on any write to one of its
visits, and the next report counts that day again.

A totalling never holds a write transaction while it reads visits:

1. claim: mark the days as being totalled, with a random claim (PostgreSQL: under an exclusive
   advisory lock that every visit write takes shared, so writes in flight end first);
2. read the days' visits and count them, outside any write transaction;
3. write, a few days per transaction: only days whose claim is still there, so a day whose
   visits were written since (the trigger deleted the claim) or that another server claimed
   after us is left alone.

Two servers totalling the same days at once each count them; the last claim writes, the other
skips, and the rows are the same either way.
"""

import secrets
from collections.abc import Iterable
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.errors import Busy
from kiosk_core.models import ReportCount, ReportDay, ReportFlag, ReportTime, Visit, utcnow
from kiosk_core.reports.day_totals import DayTotals, basis, from_visits, rows
from kiosk_core.reports.sql import as_day
from kiosk_core.vocabulary import OPEN_STATUSES

# As migration 0008: the triggers' names and the advisory lock (two int4 keys) they take.
TRIGGERS = ("visit_totals_insert", "visit_totals_update", "visit_totals_delete")
LOCK = (20261124, 8)
READ_DAYS = 7  # days counted per read: a crowded day is a few thousand visits
# Rows per write transaction. SQLite: every other writer (a check-in) waits for it, so a few
# milliseconds' worth. PostgreSQL: new rows block nobody, and each commit waits for the disk.
WRITE_ROWS = {"sqlite": 500, "postgresql": 5000}


def kept(session: Session) -> bool:
    """Whether the triggers that keep the totals true are all there (a later SQLite migration
    that rebuilds the visit table drops them): without them totals are neither read nor written."""
    if session.get_bind().dialect.name == "postgresql":
        found = session.execute(
            sa.text(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'visit'::regclass "
                "AND tgname = ANY(:names) AND tgenabled <> 'D'"
            ),
            {"names": list(TRIGGERS)},
        ).scalar_one()
    else:
        found = session.execute(
            sa.text(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'visit' AND name IN :names"
            ).bindparams(sa.bindparam("names", expanding=True)),
            {"names": list(TRIGGERS)},
        ).scalar_one()
    return found == len(TRIGGERS)


def missing(session: Session, location_id: int, days: Iterable[date]) -> list[date]:
    """Of `days`, those without done totals and with no visit still open."""
    days = sorted(set(days))
    if not days:
        return []
    first, last = days[0], days[-1]
    done = session.execute(
        sa.select(ReportDay.clinic_day).where(
            ReportDay.location_id == location_id,
            ReportDay.clinic_day.between(first, last),
            ReportDay.totalled_at.is_not(None),
            ReportDay.basis == basis(),
        )
    ).scalars()
    done = {as_day(d) for d in done}
    left = [day for day in days if day not in done]
    if not left:
        return left
    # Only where totals are missing: the planner may read every visit of the range's days for it
    # (0.3 s for a crowded year on SQLite).
    still_open = session.execute(
        sa.select(Visit.clinic_day)
        .where(Visit.status.in_(OPEN_STATUSES), Visit.location_id == location_id, Visit.clinic_day.in_(left))
        .distinct()
    ).scalars()
    still_open = {as_day(d) for d in still_open}
    return [day for day in left if day not in still_open]


def claim(engine: sa.Engine, location_id: int, days: list[date]) -> str:
    """Mark `days` as being totalled by a new claim (returned), unless done meanwhile."""
    token = secrets.token_hex(8)

    def work(session: Session) -> None:
        db.begin_writes(session)
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            # Every visit write holds this lock shared (the triggers) until it commits: taken here,
            # writes in flight end first and the visits read after the claim include them; later
            # ones find the claim and delete it. (SQLite: BEGIN IMMEDIATE orders writers alike.)
            session.execute(
                sa.text("SELECT pg_advisory_xact_lock(CAST(:a AS integer), CAST(:b AS integer))"),
                dict(zip("ab", LOCK, strict=True)),
            )
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = ReportDay.__table__
        new = [{"location_id": location_id, "clinic_day": d, "basis": basis(), "claim": token} for d in days]
        statement = insert(table)
        statement = statement.on_conflict_do_update(
            index_elements=["location_id", "clinic_day"],
            set_={"basis": statement.excluded.basis, "claim": statement.excluded.claim, "totalled_at": None},
            # A day done meanwhile (by close of day, another report) is left as it is.
            where=sa.or_(table.c.totalled_at.is_(None), table.c.basis != basis()),
        )
        for start in range(0, len(new), 1000):
            session.execute(statement, new[start : start + 1000])

    db.run_write(work, engine=engine)
    return token


def write(engine: sa.Engine, location_id: int, totals: dict[date, DayTotals], token: str) -> list[date]:
    """Store the days still claimed by `token`, a few per transaction; returns the days written."""
    written, batch, size = [], {}, 0
    for day in sorted(totals):
        day_rows = rows(location_id, day, totals[day])
        batch[day] = day_rows
        size += 1 + sum(len(r) for r in day_rows.values())
        if size >= WRITE_ROWS[engine.dialect.name]:
            written += db.run_write(lambda s, b=batch: _write(s, location_id, b, token), engine=engine)
            batch, size = {}, 0
    if batch:
        written += db.run_write(lambda s: _write(s, location_id, batch, token), engine=engine)
    return written


def _write(session: Session, location_id: int, batch: dict[date, dict], token: str) -> list[date]:
    db.begin_writes(session)
    day = ReportDay.__table__.c
    ours = session.execute(
        sa.update(ReportDay.__table__)
        .where(
            day.location_id == location_id,
            day.clinic_day.in_(list(batch)),
            day.claim == token,
            day.totalled_at.is_(None),
        )
        .values(totalled_at=utcnow())
        .returning(day.clinic_day)
    ).scalars()
    ours = sorted(as_day(d) for d in ours)
    if not ours:
        return []
    for model in (ReportCount, ReportFlag, ReportTime):
        table = model.__table__
        session.execute(sa.delete(table).where(table.c.location_id == location_id, table.c.clinic_day.in_(ours)))
        new = [row for d in ours for row in batch[d][model]]
        if new:
            session.execute(sa.insert(table), new)
    return ours


def total_days(engine: sa.Engine, location_id: int, days: Iterable[date], now: datetime | None = None) -> list[date]:
    """Total the days of `days` that are over and still missing; returns those written. A busy
    database only delays them: a later report counts what is missing."""
    today = clinic_day(now or utcnow())
    with db.read_session(engine) as session:
        if not kept(session):
            return []
        wanted = missing(session, location_id, (d for d in days if d < today))
    written: list[date] = []
    if not wanted:
        return written
    try:
        token = claim(engine, location_id, wanted)
        for start in range(0, len(wanted), READ_DAYS):
            with db.read_session(engine) as session:
                counted = from_visits(session, location_id, wanted[start : start + READ_DAYS])
            written += write(engine, location_id, counted, token)
    except Busy:
        pass  # the rest stays missing: counted from visits by the reports until totalled
    return written


def total_range(engine: sa.Engine, location_id: int, start: date, end: date, now: datetime | None = None) -> list[date]:
    """total_days for every day from `start` to `end`."""
    return total_days(engine, location_id, (start + timedelta(days=n) for n in range((end - start).days + 1)), now)
