"""The FHIR export of a location's days (kiosk_core.records.fhir_bundle.range_bundle), 1,000
medical visits of 100 plan clients, each with pain, stress, PSFS and a signed note of two
techniques, against the baseline of the same rows read and written with `json.dumps`, side by
side in one run on a fresh database.

    .venv/bin/python -m bench.fhir_export [--db sqlite|postgres] [--visits 1000] [--rounds 3]

The goal: the bundle in under 3 s. Asserts nothing about speed.
"""

import argparse
import json
import os
import time
from datetime import timedelta

from sqlmodel import select

from bench.load import ANSWERS, LOCATION, FreshDatabase, register_clients
from kiosk_core import db
from kiosk_core.care import plans
from kiosk_core.care.tables import CarePlan, Outcome, SessionNote
from kiosk_core.config import load_clinic, settings
from kiosk_core.intake.draft import Draft
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Visit, utcnow
from kiosk_core.percentile import median
from kiosk_core.records.fhir_bundle import range_bundle
from kiosk_core.staff.therapists import add_therapist

FORM = {"condition": "Sciatica", "diagnoses": ["M54.31"], "activities": ["sitting 30 minutes", "lifting my child"],
        "frequency": "weekly", "visits_planned": 12, "documents": []}  # fmt: skip
NOTE = {"findings": [{"area": "lower_back", "finding": "trigger_points"}], "response": "better",
        "techniques": [{"code": "trigger_point", "minutes": 25},
                       {"code": "myofascial_release", "minutes": 30}]}  # fmt: skip


def seed(engine, clinic, visits: int) -> tuple[int, object, object]:
    """Plan clients with `visits` finished visits over the last days, written as rows (fast)."""
    clients = register_clients(engine, max(1, visits // 10))
    now = utcnow()
    intake = Draft(answers=ANSWERS[1]).intake().stored()
    with db.write_session(engine) as session:
        location = location_by_slug(session, LOCATION)
        therapist = add_therapist(session=session, name="Bench", pin="523614", location_slugs=[LOCATION],
                                  medical_trained=True)  # fmt: skip
        content = plans.checked_plan({**FORM, "starts_on": (now - timedelta(days=90)).date()})[0]
        plan_of = {c: plans.create_plan(session=session, client_id=c, therapist_id=therapist.id, content=content).id
                   for c in clients}  # fmt: skip
        for n in range(visits):
            client_id, at = clients[n % len(clients)], now - timedelta(days=1 + n // len(clients), minutes=n)
            visit = Visit(location_id=location.id, client_id=client_id, clinic_day=at.date(), queue="medical",
                          ticket_code=f"M{n:04d}", status="done", intake_json={**intake, "pain": n % 11},
                          routed_queue="medical", checked_in_at=at, started_at=at, finished_at=at + timedelta(hours=1),
                          therapist_id=therapist.id, session_minutes=55)  # fmt: skip
            session.add(visit)
            session.flush()
            for item, value in (("act1", n % 11), ("act2", (n + 3) % 11)):
                session.add(Outcome(visit_id=visit.id, client_id=client_id, plan_id=plan_of[client_id],
                                    measure="psfs", item=item, value=value, recorded_at=at))  # fmt: skip
            session.add(SessionNote(visit_id=visit.id, client_id=client_id, therapist_id=therapist.id, medical=True,
                                    content=NOTE, signed_at=at, signed_by=therapist.id))  # fmt: skip
        first = (now - timedelta(days=2 + visits // len(clients))).date()
        return location.id, first, now.date()


def plain_rows(session, location_id, start, end) -> str:
    """The baseline: the same rows read and written as JSON, with no FHIR."""
    visits = session.exec(select(Visit).where(Visit.location_id == location_id, Visit.clinic_day >= start,
                                              Visit.clinic_day <= end)).all()  # fmt: skip
    ids = [v.id for v in visits]
    outcomes = session.exec(select(Outcome).where(Outcome.visit_id.in_(ids))).all()
    notes = session.exec(select(SessionNote).where(SessionNote.visit_id.in_(ids))).all()
    plans_ = session.exec(select(CarePlan)).all()
    rows = [r.model_dump(mode="json", warnings=False) for r in (*visits, *outcomes, *notes, *plans_)]
    return json.dumps(rows)


def measure(kind: str, visits: int, rounds: int) -> None:
    clinic = load_clinic()
    with FreshDatabase(kind) as url:
        settings.database_url = url
        db.get_engine.cache_clear()
        engine = db.get_engine()
        location_id, start, end = seed(engine, clinic, visits)
        samples: dict[str, list[float]] = {"json.dumps": [], "fhir": []}
        # This process's CPU time too: on a shared machine the wall time is mostly the load's.
        cpu: dict[str, list[float]] = {"json.dumps": [], "fhir": []}
        sizes = {}
        for _ in range(rounds):
            for name in samples:
                with db.read_session(engine) as session:
                    began, began_cpu = time.perf_counter(), time.process_time()
                    if name == "fhir":
                        made = range_bundle(session=session, clinic=clinic, base=settings.fhir_base_url,
                                            location_id=location_id, start=start, end=end)  # fmt: skip
                        text, count = made.json, made.visits
                    else:
                        text = plain_rows(session, location_id, start, end)
                    samples[name].append(time.perf_counter() - began)
                    cpu[name].append(time.process_time() - began_cpu)
                    sizes[name] = len(text)
        base, fhir = median(samples["json.dumps"]), median(samples["fhir"])
        print(f"{kind}, load {os.getloadavg()[0]:.1f}, medians of {rounds}: {count} visits as FHIR {fhir:.2f} s "
              f"({sizes['fhir'] / 1e6:.1f} MB, {made.resources} resources), the same rows by json.dumps "
              f"{base:.2f} s ({sizes['json.dumps'] / 1e6:.1f} MB): {fhir / base:.1f}x; CPU time "
              f"{median(cpu['fhir']):.2f} s against {median(cpu['json.dumps']):.2f} s")  # fmt: skip
        engine.dispose()
        db.get_engine.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--visits", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for kind in args.db or ["postgres", "sqlite"]:
        measure(kind, args.visits, args.rounds)


if __name__ == "__main__":
    main()
