"""Checking in a client with an active care plan (two activities rated and the change since the
last visit, stored in the check-in's transaction) against a client without one, side by side in
one run, through the tablet's own call (kiosk_core.screens.tablet.check_in_client).

    .venv/bin/python -m bench.plan_checkin [--db sqlite|postgres] [--rounds 10]

The goal: a plan client costs at most 1.3x a client without a plan on PostgreSQL. Also printed:
the read of a plan client's questions at greeting (once per client). Asserts nothing about speed.
"""

import argparse
import os
import time
from datetime import timedelta

from bench.load import ANSWERS, LOCATION, FreshDatabase, register_clients
from kiosk_core import db
from kiosk_core.care import plans
from kiosk_core.care.outcomes import outcome_ask, outcome_rows, psfs_key, record_outcomes
from kiosk_core.checkin.check_in import open_visit
from kiosk_core.config import load_clinic, settings
from kiosk_core.intake.draft import Draft
from kiosk_core.models import utcnow
from kiosk_core.percentile import median
from kiosk_core.screens import tablet
from kiosk_core.staff.therapists import add_therapist

BATCH = 10
FORM = {"condition": "Sciatica", "diagnoses": ["M54.31"], "activities": ["sitting 30 minutes", "lifting my child"],
        "frequency": "weekly", "visits_planned": 6}  # fmt: skip


def with_plans(engine, clinic, clients: list[int]) -> None:
    """Each client: a plan and a visit yesterday with its first ratings, so today asks the change too."""
    yesterday = utcnow() - timedelta(days=1)
    content = plans.checked_plan({**FORM, "starts_on": yesterday.date()})[0]
    intake = Draft(answers=ANSWERS[1]).intake()
    with db.write_session(engine) as session:
        therapist = add_therapist(
            session=session, name="Bench", pin="523614", location_slugs=[LOCATION], medical_trained=True
        )
        for client_id in clients:
            plan = plans.create_plan(session=session, client_id=client_id, therapist_id=therapist.id, content=content)
            opened = open_visit(session=session, clinic=clinic, location_slug=LOCATION, client_id=client_id,
                                intake=intake, now=yesterday)  # fmt: skip
            ask = outcome_ask(session=session, client_id=client_id)
            rows = outcome_rows(ask, {psfs_key("act1"): 3, psfs_key("act2"): 4})
            record_outcomes(session=session, visit_id=opened.visit.id, client_id=client_id, plan_id=plan.id, rows=rows,
                            now=yesterday)  # fmt: skip


def measure(kind: str, rounds: int) -> None:
    clinic = load_clinic()
    with FreshDatabase(kind) as url:
        settings.database_url = url
        db.get_engine.cache_clear()
        engine = db.get_engine()
        count = rounds * BATCH + 5
        plain_clients = iter(register_clients(engine, count))
        planned = register_clients(engine, count)
        with_plans(engine, clinic, planned)
        asks = {client_id: tablet.outcome_questions(client_id=client_id) for client_id in planned}
        planned = iter(planned)
        samples: dict[str, list[float]] = {"no plan": [], "plan": [], "questions read": []}

        def plain() -> None:
            draft = Draft(answers=dict(ANSWERS[1]))
            tablet.check_in_client(clinic=clinic, location_slug=LOCATION, client_id=next(plain_clients), draft=draft)

        def plan() -> None:
            client_id = next(planned)
            ask = asks[client_id]
            draft = Draft(answers=dict(ANSWERS[1]), extra=ask.questions())
            draft.answers |= {psfs_key("act1"): 5, psfs_key("act2"): 6, "groc": "better"}
            tablet.check_in_client(
                clinic=clinic, location_slug=LOCATION, client_id=client_id, draft=draft, outcomes=ask
            )

        def questions() -> None:
            tablet.outcome_questions(client_id=next(iter(asks)))

        kinds = {"no plan": plain, "plan": plan, "questions read": questions}
        for fn in kinds.values():  # warm up
            for _ in range(2):
                fn()
        for _ in range(rounds):
            for name, fn in kinds.items():
                for _ in range(BATCH if name != "questions read" else 3):
                    began = time.perf_counter()
                    fn()
                    samples[name].append(time.perf_counter() - began)
        ms = {name: median(times) * 1000 for name, times in samples.items()}
        print(
            f"{kind}, load {os.getloadavg()[0]:.1f}, medians of {rounds * BATCH}: check-in without a plan "
            f"{ms['no plan']:.2f} ms, with a plan {ms['plan']:.2f} ms ({ms['plan'] / ms['no plan']:.2f}x); "
            f"a plan client's questions read at greeting {ms['questions read']:.2f} ms"
        )
        engine.dispose()
        db.get_engine.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    for kind in args.db or ["postgres", "sqlite"]:
        measure(kind, args.rounds)


if __name__ == "__main__":
    main()
