"""Reports counted in SQL give what counting every visit in Python gave, on SQLite and PostgreSQL."""

import random
import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.clock import minutes_between
from kiosk_core.config import settings
from kiosk_core.intake.wording import flag_name
from kiosk_core.models import Client, Location, ReportDay, Visit
from kiosk_core.reports.build import visit_report
from kiosk_core.screens.staff_desk import build_report
from kiosk_core.vocabulary import Queue

FLAGS = [[], [], [], [{"code": "pregnant"}], [{"code": "severe_pain", "pain": 9}, {"code": "fever_or_contagious"}]]


def seed(engine, days: list[date], per_day: int, seed: int = 7) -> None:
    """Visits at both locations with random times (across DST changes), waits, sessions, flags."""
    chance = random.Random(seed)
    with db.write_session(engine) as session:
        locations = list(session.exec(select(Location.id).order_by(Location.id)))
        client = Client(first_name="Report", last_name="Test", phone="3155550199")
        session.add(client)
        session.flush()
        for day in days:
            for n in range(per_day):
                noon = datetime(day.year, day.month, day.day, 12, tzinfo=settings.tz).astimezone(UTC)
                at = noon + timedelta(minutes=chance.randint(-300, 540), seconds=chance.randint(0, 59))
                called = at + timedelta(minutes=chance.randint(0, 90), seconds=chance.randint(0, 59))
                started = called + timedelta(minutes=chance.randint(1, 5))
                queue, routed = chance.choice(list(Queue)), chance.choice(list(Queue))
                session.add(
                    Visit(
                        location_id=locations[n % 2],
                        client_id=client.id,
                        clinic_day=day,
                        queue=queue,
                        routed_queue=routed,
                        ticket_code=f"{queue[0].upper()}-{n:03d}",
                        status="done",
                        intake_json={},
                        flags=chance.choice(FLAGS),
                        checked_in_at=at,
                        called_at=called if chance.random() < 0.9 else None,
                        started_at=started if chance.random() < 0.8 else None,
                        finished_at=started + timedelta(minutes=chance.randint(20, 70), seconds=chance.randint(0, 59)),
                        rerouted_at=at if queue != routed else None,
                    )
                )


def counted_in_python(visits: list[Visit]) -> dict:
    """The report as it was computed before: every visit loaded and counted."""
    tz = settings.tz
    times = []
    for queue in Queue:
        here = [v for v in visits if v.queue == queue]
        for measure, minutes in {
            "wait": [minutes_between(v.checked_in_at, v.called_at) for v in here if v.called_at],
            "session": [minutes_between(v.started_at, v.finished_at) for v in here if v.started_at and v.finished_at],
        }.items():
            if minutes:
                # The standard library's, not kiosk_core.percentile: a reference of its own.
                p90 = minutes[0] if len(minutes) == 1 else statistics.quantiles(minutes, n=10, method="inclusive")[-1]
                median, p90 = round(statistics.median(minutes), 1), round(p90, 1)
                times.append({"queue": queue, "measure": measure, "median": median, "p90": p90, "visits": len(minutes)})
    per_day = Counter((v.clinic_day.isoformat(), v.routed_queue) for v in visits)
    per_hour = Counter((v.checked_in_at.astimezone(tz).hour, v.routed_queue) for v in visits)
    flags = Counter(flag["code"] for v in visits for flag in v.flags)
    return {
        "check_ins": len(visits),
        "by_queue": {q: sum(1 for v in visits if v.routed_queue == q) for q in Queue},
        "flagged": sum(1 for v in visits if v.flags),
        "rerouted": sum(1 for v in visits if v.rerouted_at is not None),
        "per_day": [{"day": d, "queue": q, "check_ins": n} for (d, q), n in sorted(per_day.items())],
        "per_hour": [{"hour": h, "queue": q, "check_ins": n} for (h, q), n in sorted(per_hour.items())],
        "red_flags": sorted(
            ({"code": c, "flag": flag_name(c), "visits": n} for c, n in flags.items()),
            key=lambda row: (-row["visits"], row["code"]),
        ),
        "times": times,
    }


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2026, 3, 1), date(2026, 3, 14)),  # spring forward on the 8th
        (date(2026, 10, 25), date(2026, 11, 7)),  # fall back on 1 November
        (date(2026, 6, 10), date(2026, 6, 10)),  # one summer day
    ],
)
def test_the_report_matches_counting_every_visit(engine, start, end):
    days = [start + timedelta(days=n) for n in range(-1, (end - start).days + 2)]  # and a day either side
    seed(engine, days, per_day=40)
    with db.read_session(engine) as session:
        north = session.exec(select(Location.id).where(Location.slug == "north-syracuse")).one()
        visits = [
            v for v in session.exec(select(Visit).where(Visit.location_id == north)) if start <= v.clinic_day <= end
        ]
    expected = counted_in_python(visits)
    times = expected.pop("times")
    scan = reports_of(engine, start, end, scan=True)
    # Every way of counting: from visits, while the totals are written, and from the totals alone.
    for report in (reports_of(engine, start, end), built(engine, start, end), built(engine, start, end)):
        assert {key: getattr(report, key) for key in expected} == expected
        # Minutes are computed by each database's own date arithmetic: equal to the rounding.
        assert [{**t, "median": pytest.approx(t["median"], abs=0.11), "p90": pytest.approx(t["p90"], abs=0.11)}
                for t in times] == report.times  # fmt: skip
        assert report == scan  # and exactly what one pass over the visits gives, to the last digit
    assert totalled_days(engine) == {(north, day) for day in days if start <= day <= end}


NOW = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)  # noon on the 24th, clinic time


def reports_of(engine, start, end, *, scan=False, location="north-syracuse"):
    with db.read_session(engine) as session:
        return visit_report(session=session, start=start, end=end, location_slug=location, scan=scan)


def built(engine, start, end, *, now=NOW, location="north-syracuse"):
    """As the Reports page asks: missing totals of past days written first."""
    return build_report(engine=engine, start=start, end=end, location_slug=location, now=now)


def totalled_days(engine) -> set[tuple[int, date]]:
    with db.read_session(engine) as session:
        return set(
            session.exec(select(ReportDay.location_id, ReportDay.clinic_day).where(ReportDay.totalled_at.is_not(None)))
        )


def test_today_and_a_day_left_open_are_counted_from_their_visits_the_rest_from_totals(engine):
    days = [date(2026, 11, 20) + timedelta(days=n) for n in range(5)]  # the 20th to the 24th, today
    seed(engine, days, per_day=30)
    with db.write_session(engine) as session:  # one visit of the 22nd is still waiting
        session.execute(
            sa.update(Visit)
            .where(Visit.id == select(sa.func.min(Visit.id)).where(Visit.clinic_day == days[2]).scalar_subquery())
            .values(status="waiting")
        )
    report = built(engine, days[0], days[-1])
    assert {day for _, day in totalled_days(engine)} == {days[0], days[1], days[3]}
    assert report == reports_of(engine, days[0], days[-1], scan=True)
    assert built(engine, days[1], days[3]) == reports_of(engine, days[1], days[3], scan=True)


def test_an_empty_range_reports_nothing(engine):
    with db.read_session(engine) as session:
        report = visit_report(
            session=session, start=date(2026, 1, 1), end=date(2026, 1, 31), location_slug="north-syracuse"
        )
    assert report.check_ins == report.flagged == report.rerouted == 0
    assert report.by_queue == {"medical": 0, "therapeutic": 0}
    assert report.per_day == report.per_hour == report.red_flags == report.times == []
    assert built(engine, date(2026, 1, 1), date(2026, 1, 31)) == report
    assert len(totalled_days(engine)) == 31  # days without a visit are done too: not counted again


def test_session_time_counts_only_the_massage_not_the_pause(engine, clinic):
    """A 50-minute visit with a 20-minute pause is 30 minutes of massage in the report."""
    from kiosk_core.checkin.check_in import check_in
    from kiosk_core.visits.actions import apply_action
    from tests.factories import intake, make_client, make_therapist

    therapist = make_therapist(engine)
    client_id, _ = make_client(engine)
    start = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    steps = [("call", 0), ("start", 1), ("pause", 11), ("resume", 31), ("finish", 51)]
    with db.write_session(engine) as session:
        ticket = check_in(
            session=session,
            clinic=clinic,
            location_slug="north-syracuse",
            client_id=client_id,
            intake=intake(safety={"none"}),
            now=start,
        )
    for action, minutes in steps:
        with db.write_session(engine) as session:
            apply_action(
                session=session,
                visit_id=ticket.visit_id,
                action=action,
                therapist_id=therapist,
                now=start + timedelta(minutes=minutes),
            )
    with db.read_session(engine) as session:
        report = visit_report(
            session=session, start=date(2026, 11, 23), end=date(2026, 11, 23), location_slug="north-syracuse"
        )
    sessions = [t for t in report.times if t["measure"] == "session"]
    assert sessions == [{"queue": ticket.queue, "measure": "session", "median": 30.0, "p90": 30.0, "visits": 1}]
