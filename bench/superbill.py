"""A superbill for one visit (the demo's Maria: a signed note, a plan with two diagnoses) through
the screen's own call (kiosk_core.screens.billing_desk.superbill: authority, the reads, the audit
row, the commit, then the PDF with DejaVu Sans), beside fpdf2 writing an empty page, in one run.

    .venv/bin/python -m bench.superbill [--db sqlite|postgres] [--rounds 20]

Prints medians; the goal is under 0.5 s for one visit. Asserts nothing about speed.
"""

import argparse
import os
import time

from fpdf import FPDF
from sqlmodel import select

from bench.load import FreshDatabase
from kiosk_core import db
from kiosk_core.care.tables import SessionNote
from kiosk_core.config import load_clinic, settings
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Client, Therapist, utcnow
from kiosk_core.ops.demo import seed_demo
from kiosk_core.percentile import median
from kiosk_core.records.superbill import new_pdf
from kiosk_core.screens import billing_desk
from kiosk_core.staff.shifts import start_shift
from kiosk_core.staff.sign_ins import sign_in
from kiosk_core.staff.therapists import StaffMember


def empty_page(pdf: FPDF) -> bytes:
    pdf.add_page()
    return bytes(pdf.output())


def demo_visit(engine, clinic) -> tuple[StaffMember, int, int]:
    with db.write_session(engine) as session:
        seed_demo(session=session, clinic=clinic)
    with db.read_session(engine) as session:
        alex = session.exec(select(Therapist).where(Therapist.name == "Alex Rivera")).one()
        maria = session.exec(select(Client).where(Client.first_name == "Maria")).one()
        note = session.exec(
            select(SessionNote).where(SessionNote.client_id == maria.id).order_by(SessionNote.id.desc())
        ).first()
    with db.write_session(engine) as session:
        place = location_by_slug(session, "north-syracuse")
        signed = sign_in(session=session, therapist_id=alex.id, location_id=place.id, now=utcnow())
        start_shift(session=session, therapist_id=alex.id, location_id=place.id, room="", now=utcnow())
        member = StaffMember(alex.id, alex.name, place.slug, place.name, True, True, sign_in_id=signed.id)
    return member, maria.id, note.visit_id


def measure(kind: str, rounds: int) -> None:
    clinic = load_clinic()
    with FreshDatabase(kind) as url:
        settings.database_url = url
        db.get_engine.cache_clear()
        engine = db.get_engine()
        member, client_id, visit_id = demo_visit(engine, clinic)
        timings: dict[str, list[float]] = {"core": [], "dejavu": [], "superbill": []}
        calls = {
            "core": lambda: empty_page(FPDF()),
            "dejavu": lambda: empty_page(new_pdf()),
            "superbill": lambda: billing_desk.superbill(member=member, client_id=client_id, visit_id=visit_id).pdf,
        }
        assert calls["superbill"](), "the demo visit should print"
        for _ in range(rounds):
            for name, call in calls.items():
                began = time.perf_counter()
                call()
                timings[name].append(time.perf_counter() - began)
        core, dejavu, bill = (median(timings[name]) * 1000 for name in ("core", "dejavu", "superbill"))
        print(
            f"{kind}, load {os.getloadavg()[0]:.1f}, medians of {rounds}: fpdf2 empty page {core:.1f} ms, "
            f"empty page with DejaVu Sans {dejavu:.1f} ms, superbill of one visit {bill:.1f} ms "
            f"({bill / core:.0f}x the empty page, {bill / dejavu:.1f}x the DejaVu empty page)"
        )
        engine.dispose()
        db.get_engine.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    for kind in args.db or ["sqlite", "postgres"]:
        measure(kind, args.rounds)


if __name__ == "__main__":
    main()
