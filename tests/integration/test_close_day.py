"""Close of day: visits still open when their clinic day ended are closed as "not seen: day
ended", across midnight and on both DST days, by the board's first look and by `close-day`."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import __main__ as cli
from kiosk_core import db
from kiosk_core.clock import clinic_day, day_start
from kiosk_core.config import settings
from kiosk_core.models import AuditEvent, RecentAction, ReportDay, SessionPeriod, Visit
from kiosk_core.screens import staff_desk
from kiosk_core.screens.staff_desk import build_report
from kiosk_core.visits.actions import apply_action
from kiosk_core.visits.close_day import close_ended_days, due, total_ended_days
from kiosk_core.vocabulary import VisitStatus
from tests.factories import make_client, make_therapist
from tests.integration.test_audit_reads import desk_db, member  # noqa: F401  (fixtures)
from tests.integration.test_checkin import do_check_in
from tests.integration.test_queue import act


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def close(engine, now):
    with db.write_session(engine) as session:
        return [v.id for v in close_ended_days(session=session, now=now)]


def stored(engine, visit_id):
    with db.read_session(engine) as session:
        visit = session.get(Visit, visit_id)
        periods = session.exec(select(SessionPeriod).where(SessionPeriod.visit_id == visit_id)).all()
        return visit, [(p.started_at, p.ended_at) for p in periods]


def test_a_client_waiting_past_midnight_is_closed_at_the_first_use_of_the_next_day(engine, clinic):
    late = do_check_in(engine, clinic, make_client(engine)[0], now=utc(2026, 11, 24, 4, 50))  # 23:50 EST
    assert close(engine, utc(2026, 11, 24, 4, 59, 59)) == []  # 23:59:59: still its day
    with db.read_session(engine) as session:
        assert due(session=session, now=utc(2026, 11, 24, 5, 0, 1))
    assert close(engine, utc(2026, 11, 24, 5, 10)) == [late.visit_id]  # 00:10
    visit, _ = stored(engine, late.visit_id)
    assert (visit.status, visit.closed_at) == (VisitStatus.DAY_ENDED, utc(2026, 11, 24, 5, 0))
    with db.read_session(engine) as session:
        audit = session.exec(select(AuditEvent).where(AuditEvent.action == "end_day")).one()
        assert not due(session=session, now=utc(2026, 11, 24, 5, 11))
    assert (audit.therapist_id, audit.at, audit.detail) == (
        None,
        utc(2026, 11, 24, 5, 10),
        "not seen: 2026-11-23 ended",
    )
    assert close(engine, utc(2026, 11, 24, 6, 0)) == []  # once is enough


@pytest.mark.parametrize(
    ("day", "checked_in", "last_minute", "hours"),
    [
        # Spring forward: 01:30 EST, then 23:59 EDT; the day has 23 hours.
        (date(2026, 3, 8), utc(2026, 3, 8, 6, 30), utc(2026, 3, 9, 3, 59), 23),
        # Fall back: the second 01:30 (EST), then 23:59 EST; the day has 25 hours.
        (date(2026, 11, 1), utc(2026, 11, 1, 6, 30), utc(2026, 11, 2, 4, 59), 25),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_dst_days_end_at_their_own_midnight(engine, clinic, day, checked_in, last_minute, hours):
    therapist = make_therapist(engine)
    waiting = do_check_in(engine, clinic, make_client(engine)[0], now=checked_in)
    in_session = do_check_in(engine, clinic, make_client(engine)[0], now=checked_in + timedelta(minutes=5))
    started = last_minute - timedelta(hours=1)
    with db.write_session(engine) as session:
        for action in ("call", "start"):
            apply_action(
                session=session, visit_id=in_session.visit_id, action=action, therapist_id=therapist, now=started
            )
    assert waiting.ticket_code and close(engine, last_minute) == []
    midnight = last_minute + timedelta(minutes=1)
    assert midnight - day_start(day) == timedelta(hours=hours)
    assert sorted(close(engine, midnight + timedelta(seconds=1))) == [waiting.visit_id, in_session.visit_id]
    visit, periods = stored(engine, in_session.visit_id)
    assert (visit.status, visit.closed_at, visit.session_minutes) == (VisitStatus.DAY_ENDED, midnight, None)
    assert periods == [(started, midnight)]  # closed at the day's end; its length is not counted


def test_every_open_status_is_closed_and_nothing_else(engine, clinic):
    therapist = make_therapist(engine)
    yesterday = utc(2026, 11, 22, 15, 0)
    visits = {}
    for status, steps in {
        "waiting": [],
        "called": ["call"],
        "in_session": ["call", "start"],
        "paused": ["call", "start", "pause"],
        "done": ["call", "start", "finish"],
        "cancelled": ["cancel"],
    }.items():
        ticket = do_check_in(engine, clinic, make_client(engine)[0], now=yesterday)
        with db.write_session(engine) as session:
            for step in steps:
                apply_action(
                    session=session, visit_id=ticket.visit_id, action=step, therapist_id=therapist, now=yesterday
                )
        visits[status] = ticket.visit_id
    today = do_check_in(engine, clinic, make_client(engine)[0], now=utc(2026, 11, 23, 14, 0))
    closed = close(engine, utc(2026, 11, 23, 15, 0))
    assert sorted(closed) == sorted(visits[s] for s in ("waiting", "called", "in_session", "paused"))
    with db.read_session(engine) as session:
        counts = dict(session.exec(select(Visit.status, sa.func.count()).group_by(Visit.status)).all())
        assert session.get(Visit, today.visit_id).status == VisitStatus.WAITING
        assert session.exec(select(RecentAction)).all() == []  # yesterday's undo and results are gone
    assert counts == {"day_ended": 4, "done": 1, "cancelled": 1, "waiting": 1}  # reports can group by status


def test_the_board_closes_yesterday_at_its_first_look(desk_db, clinic):  # noqa: F811
    sam = member(desk_db)
    left = do_check_in(desk_db, clinic, make_client(desk_db)[0])  # 9:00 on the 23rd
    act(desk_db, left.visit_id, "call", sam.therapist_id, 1)
    board = staff_desk.board(clinic=clinic, member=sam, now=utc(2026, 11, 24, 13, 0))  # the next morning
    assert board.rows == []
    visit, _ = stored(desk_db, left.visit_id)
    assert visit.status == VisitStatus.DAY_ENDED
    # ...and the day's report totals are written, at every location
    assert totalled(desk_db) == {(1, date(2026, 11, 23)), (2, date(2026, 11, 23))}


def totalled(engine) -> set[tuple[int, date]]:
    with db.read_session(engine) as session:
        return set(
            session.exec(select(ReportDay.location_id, ReportDay.clinic_day).where(ReportDay.totalled_at.is_not(None)))
        )


def test_close_of_day_totals_yesterday_and_the_days_it_closed_once(engine, clinic):
    old = do_check_in(engine, clinic, make_client(engine)[0], now=utc(2026, 11, 20, 15, 0))
    do_check_in(engine, clinic, make_client(engine)[0], now=utc(2026, 11, 23, 15, 0), where="downtown-syracuse")
    now = utc(2026, 11, 24, 13, 0)
    with db.write_session(engine) as session:
        closed = close_ended_days(session=session, now=now)
    assert total_ended_days(engine=engine, closed=closed, now=now) == [
        (1, date(2026, 11, 20)),
        (1, date(2026, 11, 23)),
        (2, date(2026, 11, 23)),
    ]
    assert total_ended_days(engine=engine, closed=closed, now=now) == []
    report = build_report(
        engine=engine, start=date(2026, 11, 20), end=date(2026, 11, 20), location_slug="north-syracuse", now=now
    )
    assert (report.check_ins, report.per_day) == (1, [{"day": "2026-11-20", "queue": old.queue, "check_ins": 1}])


def test_the_close_day_command(engine, clinic, capsys, monkeypatch):
    left = do_check_in(
        engine, clinic, make_client(engine)[0], now=utc(2020, 1, 6, 14, 0)
    )  # long over, whatever today is
    monkeypatch.setattr(settings, "database_url", engine.url.render_as_string(hide_password=False))
    db.get_engine.cache_clear()
    try:
        assert cli.main(["close-day"]) == 0
        first = capsys.readouterr().out
        assert cli.main(["close-day"]) == 0
        second = capsys.readouterr().out
    finally:
        db.get_engine().dispose()
        db.get_engine.cache_clear()
    assert f"2020-01-06 {left.ticket_code}: closed (day_ended)" in first and "1 visit(s) closed" in first
    # Every day since that one at North, and yesterday at Downtown (no visits: nothing before).
    since = (clinic_day() - date(2020, 1, 6)).days
    written = {since + 1, since}  # the latter if midnight passed meanwhile
    assert any(f"Report totals written for {n} day(s) and location(s)." in first for n in written)
    assert "Nothing was left open on an earlier day." in second and "closed" not in second
