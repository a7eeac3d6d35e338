"""Daily report totals stay true. A past day's visits written after its totals drop them,
whatever writes (a late tap, an undo after midnight, an admin, a script, a bulk UPDATE); a
totalling that raced such a write writes nothing; two at once write one set; a claim waits for a
visit write in flight; without the triggers no total is read or written. Each report is compared
with one pass over the visits (report_scan), to the last digit."""

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.models import Location, ReportCount, ReportDay, Visit
from kiosk_core.reports import day_totals, day_totals_writer
from kiosk_core.visits.actions import apply_action
from kiosk_core.visits.close_day import close_ended_days, total_ended_days, total_past_days
from kiosk_core.visits.undo import undo
from kiosk_core.vocabulary import VisitStatus
from tests.factories import make_client, make_therapist
from tests.integration.test_checkin import do_check_in
from tests.integration.test_reports import NOW, built, reports_of, seed, totalled_days

DAYS = [date(2026, 11, 16) + timedelta(days=n) for n in range(5)]  # the 16th to the 20th


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def north(engine) -> int:
    with db.read_session(engine) as session:
        return session.exec(select(Location.id).where(Location.slug == "north-syracuse")).one()


def first_visit(session, location_id: int, day: date, *where) -> Visit:
    return session.exec(
        select(Visit).where(Visit.location_id == location_id, Visit.clinic_day == day, *where).order_by(Visit.id)
    ).first()


def matches_the_scan(engine, start: date, end: date, **when):
    report = built(engine, start, end, **when)
    assert report == reports_of(engine, start, end, scan=True)
    return report


@pytest.mark.parametrize("change", ["uncalled", "deleted", "added", "moved_a_day", "bulk_update"])
def test_a_change_to_a_past_visit_drops_its_day_and_the_next_report_counts_it_again(engine, change):
    seed(engine, DAYS, per_day=20)
    here = north(engine)
    before = matches_the_scan(engine, DAYS[0], DAYS[-1])
    with db.write_session(engine) as session:
        visit = first_visit(session, here, DAYS[2], Visit.called_at.is_not(None))
        if change == "uncalled":  # a late status change or an admin's correction
            visit.called_at = None
        elif change == "deleted":
            session.delete(visit)
        elif change == "added":  # old data brought in by a script
            copied = {
                c.name: getattr(visit, c.name) for c in Visit.__table__.columns if c.name not in ("id", "ticket_code")
            }
            session.add(Visit(**copied, ticket_code="X-001"))
        elif change == "moved_a_day":  # both its old day and its new one
            visit.clinic_day, visit.ticket_code = DAYS[3], "X-002"
        else:  # a migration's UPDATE of many visits at once
            session.execute(
                sa.update(Visit).where(Visit.clinic_day.in_(DAYS[1:3])).values(rerouted_at=Visit.checked_in_at)
            )
        if change not in ("deleted", "bulk_update"):
            session.add(visit)
    dropped = {"moved_a_day": {DAYS[2], DAYS[3]}, "bulk_update": {DAYS[1], DAYS[2]}}.get(change, {DAYS[2]})
    assert totalled_days(engine) == {(here, day) for day in DAYS if day not in dropped}
    after = matches_the_scan(engine, DAYS[0], DAYS[-1])
    assert after != before
    assert totalled_days(engine) == {(here, day) for day in DAYS}


def test_an_undo_after_midnight_reopens_a_totalled_day_until_close_of_day(engine, clinic):
    """Cancelled at 23:59:50, totalled at 00:00:02, undone at 00:00:05: the day is counted from
    its visits until close of day closes the visit and totals the day again."""
    therapist = make_therapist(engine)
    day, midnight = date(2026, 11, 22), utc(2026, 11, 23, 5, 0)
    ticket = do_check_in(engine, clinic, make_client(engine)[0], now=midnight - timedelta(minutes=30))
    with db.write_session(engine) as session:
        apply_action(
            session=session,
            visit_id=ticket.visit_id,
            action="cancel",
            therapist_id=therapist,
            now=midnight - timedelta(seconds=10),
        )
    here = north(engine)
    cancelled = matches_the_scan(engine, day, day, now=midnight + timedelta(seconds=2))
    assert (here, day) in totalled_days(engine) and cancelled.check_ins == 1
    with db.write_session(engine) as session:
        undo(session=session, visit_id=ticket.visit_id, therapist_id=therapist, now=midnight + timedelta(seconds=5))
    assert (here, day) not in totalled_days(engine)
    matches_the_scan(engine, day, day, now=midnight + timedelta(seconds=6))
    assert (here, day) not in totalled_days(engine)  # a visit is open again: counted live
    with db.write_session(engine) as session:
        closed = close_ended_days(session=session, now=midnight + timedelta(minutes=5))
    assert (here, day) in total_ended_days(engine=engine, closed=closed, now=midnight + timedelta(minutes=5))
    assert closed[0].status == VisitStatus.DAY_ENDED
    matches_the_scan(engine, day, day, now=midnight + timedelta(minutes=6))


def test_a_session_finished_after_midnight_is_counted_once_finished(engine, clinic):
    therapist = make_therapist(engine)
    day, midnight = date(2026, 11, 22), utc(2026, 11, 23, 5, 0)
    ticket = do_check_in(engine, clinic, make_client(engine)[0], now=midnight - timedelta(hours=1))
    for action, at in (("call", -50), ("start", -45), ("finish", 10)):
        if at > 0:  # past midnight: a report has been read meanwhile, with the session open
            report = matches_the_scan(engine, day, day, now=midnight + timedelta(minutes=5))
            assert [t["measure"] for t in report.times] == ["wait"]
            assert (north(engine), day) not in totalled_days(engine)
        with db.write_session(engine) as session:
            apply_action(
                session=session,
                visit_id=ticket.visit_id,
                action=action,
                therapist_id=therapist,
                now=midnight + timedelta(minutes=at),
            )
    report = matches_the_scan(engine, day, day, now=midnight + timedelta(minutes=11))
    assert (north(engine), day) in totalled_days(engine)
    assert [t["measure"] for t in report.times] == ["wait", "session"]


def test_a_totalling_that_raced_a_visit_write_writes_nothing(engine):
    seed(engine, DAYS[:1], per_day=10)
    here = north(engine)
    token = day_totals_writer.claim(engine, here, DAYS[:1])
    with db.read_session(engine) as session:
        counted = day_totals.from_visits(session, here, DAYS[:1])
    with db.write_session(engine) as session:  # after the read, before the write
        first_visit(session, here, DAYS[0]).routed_queue = "elsewhere"
    assert day_totals_writer.write(engine, here, counted, token) == []
    assert totalled_days(engine) == set()
    matches_the_scan(engine, DAYS[0], DAYS[0])


def test_two_totallings_of_one_day_at_once_write_one_set_of_rows(engine):
    seed(engine, DAYS[:1], per_day=10)
    here = north(engine)
    first, second = (day_totals_writer.claim(engine, here, DAYS[:1]) for _ in range(2))
    with db.read_session(engine) as session:
        counted = day_totals.from_visits(session, here, DAYS[:1])
    assert day_totals_writer.write(engine, here, counted, first) == []  # claimed after it: the second writes
    assert day_totals_writer.write(engine, here, counted, second) == DAYS[:1]
    assert day_totals_writer.write(engine, here, counted, second) == []  # once
    assert day_totals_writer.claim(engine, here, DAYS[:1]) and totalled_days(engine) == {
        (here, DAYS[0])
    }  # done stays done
    with db.read_session(engine) as session:
        assert len(session.exec(select(ReportCount)).all()) == len(counted[DAYS[0]].counts)
    matches_the_scan(engine, DAYS[0], DAYS[0])


def test_a_claim_waits_for_a_visit_write_in_flight(engine):
    """The totalling starts while a write to one of the day's visits is not committed yet: its
    claim waits for it (PostgreSQL: the triggers' advisory lock; SQLite: the write lock), so the
    totals it writes include that write."""
    seed(engine, DAYS[:1], per_day=10)
    here, written = north(engine), []
    with db.write_session(engine) as session:
        session.execute(
            sa.update(Visit)
            .where(Visit.id == first_visit(session, here, DAYS[0]).id)
            .values(called_at=None, routed_queue="elsewhere")
        )
        totalling_thread = threading.Thread(
            target=lambda: written.extend(day_totals_writer.total_days(engine, here, DAYS[:1], NOW))
        )
        totalling_thread.start()
        totalling_thread.join(0.5)
    totalling_thread.join(60)
    assert written == DAYS[:1]
    with db.read_session(engine) as session:
        assert session.exec(
            select(ReportCount.check_ins).where(ReportCount.queue == "elsewhere")
        ).all() == [1]  # fmt: skip
    matches_the_scan(engine, DAYS[0], DAYS[0])


def test_totals_of_another_version_are_counted_again(engine, monkeypatch):
    seed(engine, DAYS[:2], per_day=5)
    here = north(engine)
    assert day_totals_writer.total_range(engine, here, DAYS[0], DAYS[1], NOW) == DAYS[:2]
    assert day_totals_writer.total_range(engine, here, DAYS[0], DAYS[1], NOW) == []
    monkeypatch.setattr(day_totals, "VERSION", day_totals.VERSION + 1)
    assert day_totals_writer.total_range(engine, here, DAYS[0], DAYS[1], NOW) == DAYS[:2]
    matches_the_scan(engine, DAYS[0], DAYS[1])


def test_without_its_triggers_no_total_is_read_or_written(engine):
    seed(engine, DAYS[:2], per_day=10)
    here = north(engine)
    matches_the_scan(engine, DAYS[0], DAYS[0])
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:  # e.g. a later SQLite migration rebuilt the visit table
        connection.exec_driver_sql(
            "ALTER TABLE visit DISABLE TRIGGER visit_totals_update" if postgres else "DROP TRIGGER visit_totals_update"
        )
    try:
        with db.write_session(engine) as session:  # nothing drops the day's totals now
            first_visit(session, here, DAYS[0]).routed_queue = "elsewhere"
        assert (here, DAYS[0]) in totalled_days(engine)
        report = matches_the_scan(engine, DAYS[0], DAYS[1])  # the visits are counted, not the stale totals
        assert {row["queue"] for row in report.per_day} >= {"elsewhere"}
        assert (here, DAYS[1]) not in totalled_days(engine)
    finally:
        if postgres:
            with engine.begin() as connection:
                connection.exec_driver_sql("ALTER TABLE visit ENABLE TRIGGER visit_totals_update")


def test_close_day_writes_every_past_day_still_without_totals_once(engine):
    """After an upgrade: weeks of visits and no totals. One backfill writes each past day at each
    location from its first visit on; the next writes nothing; the report is read from them."""
    days = [date(2026, 10, 20) + timedelta(days=n) for n in range(35)]  # to the 23rd, yesterday
    seed(engine, days, per_day=8)
    with db.write_session(engine) as session:
        session.execute(sa.delete(ReportDay))
    with db.read_session(engine) as session:
        locations = list(session.exec(select(Location.id)))
    written = total_past_days(engine=engine, now=NOW)
    assert written == sorted((here, day) for here in locations for day in days)
    assert totalled_days(engine) == set(written)
    assert total_past_days(engine=engine, now=NOW) == []
    with db.read_session(engine) as session:
        assert day_totals.done_days(session, north(engine), days[0], days[-1]) == days
    matches_the_scan(engine, days[0], days[-1])
