"""A client's chart with 100 visits, each with outcomes and a signed note, against an empty chart
(one visit, nothing else), read side by side in one run through the screen's own call
(kiosk_core.screens.care_desk.chart: the reads, their words, the audit row, the commit).

    .venv/bin/python -m bench.chart_read [--db sqlite|postgres] [--visits 100] [--rounds 30]

Prints medians; the goal is under 100 ms of server time for 100 visits. Asserts nothing about speed.
"""

import argparse
import os
import time
from datetime import timedelta

from bench.load import LOCATION, FreshDatabase
from kiosk_core import db
from kiosk_core.care import notes, plans
from kiosk_core.care.outcomes import outcome_ask, outcome_rows, psfs_key, record_outcomes
from kiosk_core.care.soap import NoteContent
from kiosk_core.checkin.check_in import open_visit
from kiosk_core.clients.registry import ClientCreate, register_client
from kiosk_core.config import load_clinic, settings
from kiosk_core.intake.answers import Goal, Intake
from kiosk_core.locations import location_by_slug
from kiosk_core.models import utcnow
from kiosk_core.percentile import median
from kiosk_core.screens import care_desk
from kiosk_core.staff.shifts import start_shift
from kiosk_core.staff.sign_ins import sign_in
from kiosk_core.staff.therapists import StaffMember, add_therapist
from kiosk_core.visits.actions import apply_action

NOTE = NoteContent(
    findings=({"area": "lower_back", "finding": "trigger_points"},),
    objective_text="QL taut on the right.",
    response="better",
    techniques=({"code": "trigger_point", "minutes": 30}, {"code": "myofascial_release", "minutes": 25}),
    areas_worked=("lower_back", "hips"),
    home_care="Stretch twice a day.",
)


def seen(session, clinic, client_id, therapist_id, at, pain: int) -> int:
    answers = Intake(goal=Goal.TREAT_PROBLEM, pain=pain, stress=4, conditions={"sciatica"}, safety={"none"})
    visit = open_visit(
        session=session, clinic=clinic, location_slug=LOCATION, client_id=client_id, intake=answers, now=at
    )
    for action in ("call", "start", "finish"):
        apply_action(session=session, visit_id=visit.visit.id, action=action, therapist_id=therapist_id, now=at)
    return visit.visit.id


def build(engine, clinic, visits: int) -> tuple[StaffMember, int, int]:
    now = utcnow()
    with db.write_session(engine) as session:
        therapist = add_therapist(
            session=session, name="Bench", pin="523614", location_slugs=[LOCATION], medical_trained=True
        )
        made = [
            register_client(
                session=session, client_create=ClientCreate(first_name=n, last_name="Bench", phone=p)
            ).client.id
            for n, p in (("Full", "3150000001"), ("Empty", "3150000002"))
        ]
        full, empty = made
        seen(session, clinic, empty, therapist.id, now - timedelta(days=1), 3)
        first = now - timedelta(weeks=visits)
        form = {"condition": "Sciatica", "diagnoses": ["M54.31"], "activities": ["sitting", "lifting", "walking"],
                "frequency": "weekly", "visits_planned": min(visits, 52), "starts_on": first.date()}  # fmt: skip
        plans.create_plan(
            session=session, client_id=full, therapist_id=therapist.id, content=plans.checked_plan(form)[0]
        )
        for week in range(visits):
            at = first + timedelta(weeks=week)
            visit_id = seen(session, clinic, full, therapist.id, at, 8 - week * 6 // visits)
            ask = outcome_ask(session=session, client_id=full)
            answers = {psfs_key(code): min(10, 2 + week // 10) for code, _t in ask.activities} | {"groc": "better"}
            rows = outcome_rows(ask, answers)
            record_outcomes(session=session, visit_id=visit_id, client_id=full, plan_id=ask.plan_id, rows=rows, now=at)
            note = notes.open_note(session=session, visit_id=visit_id, therapist_id=therapist.id, now=at)
            notes.sign_note(session=session, note_id=note.id, therapist_id=therapist.id, content=NOTE, now=at)
        place = location_by_slug(session, LOCATION)
        signed = sign_in(session=session, therapist_id=therapist.id, location_id=place.id, now=now)
        start_shift(session=session, therapist_id=therapist.id, location_id=place.id, room="Room 1", now=now)
    member = StaffMember(therapist.id, "Bench", LOCATION, "North Syracuse", True, False, sign_in_id=signed.id)
    return member, full, empty


def measure(kind: str, visits: int, rounds: int) -> None:
    clinic = load_clinic()
    with FreshDatabase(kind) as url:
        settings.database_url = url
        db.get_engine.cache_clear()
        engine = db.get_engine()
        member, full, empty = build(engine, clinic, visits)
        timings: dict[str, list[float]] = {"empty": [], "full": []}
        for client_id in (empty, full):  # warm up
            care_desk.chart(member=member, client_id=client_id)
        for _ in range(rounds):
            for name, client_id in (("empty", empty), ("full", full)):
                began = time.perf_counter()
                chart = care_desk.chart(member=member, client_id=client_id)
                timings[name].append(time.perf_counter() - began)
                assert name == "empty" or len(chart.visits) == visits
        empty_ms, full_ms = (median(timings[n]) * 1000 for n in ("empty", "full"))
        print(
            f"{kind}, load {os.getloadavg()[0]:.1f}, medians of {rounds}: empty chart {empty_ms:.1f} ms, "
            f"{visits} visits with outcomes and signed notes {full_ms:.1f} ms ({full_ms / empty_ms:.1f}x empty)"
        )
        engine.dispose()
        db.get_engine.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--visits", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    for kind in args.db or ["sqlite", "postgres"]:
        measure(kind, args.visits, args.rounds)


if __name__ == "__main__":
    main()
