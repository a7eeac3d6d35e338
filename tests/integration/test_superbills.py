"""Superbills and the CMS-1500 lines on SQLite and PostgreSQL: a medical visit with a signed note
and a diagnosis prints (client's name, CPT codes, units, charges, any name's letters); a
therapeutic visit, a missing note, a plan without a diagnosis are refused naming what is missing;
every print and export is audited; the CSV is for the reporting role only."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlmodel import select

from kiosk_core import db
from kiosk_core.care.soap import NoteContent
from kiosk_core.care.tables import CarePlanVersion
from kiosk_core.errors import NotAllowed
from kiosk_core.models import AuditEvent, Client, Therapist, utcnow
from kiosk_core.screens import billing_desk, care_desk
from kiosk_core.staff.authority import RoleNeeded
from tests.factories import intake, make_client, make_therapist, past_visit, signed_in
from tests.integration.care_setup import NORTH, member, plan_form, visit_with_outcomes

NOTE = NoteContent(
    findings=({"area": "lower_back", "finding": "trigger_points"},),
    response="better",
    techniques=({"code": "trigger_point", "minutes": 25}, {"code": "swedish", "minutes": 20}),
)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _signed_visit(engine, clinic, who, client_id, content=NOTE, days_ago=0.0) -> int:
    visit_id = visit_with_outcomes(engine, clinic, client_id, who.therapist_id, days_ago=days_ago)
    note = care_desk.open_note(member=who, visit_id=visit_id)
    care_desk.sign_note(member=who, note_id=note.note_id, content=content)
    return visit_id


def _plan_client(engine, clinic, who, **names) -> int:
    client_id = make_client(engine, **names)[0]
    visit_with_outcomes(engine, clinic, client_id, who.therapist_id, days_ago=3)
    form = plan_form(diagnoses=["M54.31", "M51.16"])
    plan_id = care_desk.save_plan(member=who, client_id=client_id, form=form).plan_id
    with db.write_session(engine) as session:  # written at that first visit, three days ago
        for version in session.exec(select(CarePlanVersion).where(CarePlanVersion.plan_id == plan_id)):
            version.written_at = utcnow() - timedelta(days=3)
    return client_id


def test_a_signed_medical_visit_prints_with_units_charges_and_any_name(desk_db, clinic):
    priya = member(desk_db)
    with db.write_session(desk_db) as session:
        session.get(Therapist, priya.therapist_id).credentials = "LMT"
    client_id = _plan_client(desk_db, clinic, priya, first_name="Thị Zoë", last_name="Nguyễn Núñez")
    with db.write_session(desk_db) as session:
        session.get(Client, client_id).birth_date = date(1980, 4, 5)
    visit_id = _signed_visit(desk_db, clinic, priya, client_id)
    bill = billing_desk.superbill(member=priya, client_id=client_id, visit_id=visit_id)
    assert bill.pdf is not None and bill.refused == []
    text = _text(bill.pdf)
    assert "Thị Zoë Nguyễn Núñez" in text and "1980-04-05" in text
    # 45 timed minutes: 3 units by the total-time rule; 25 min of 97140 -> 1 full + 10 left,
    # 20 min of 97124 -> 1 full + 5 left: the third unit goes to 97140.
    assert "97140" in text and "97124" in text and "$70.00" in text and "$30.00" in text and "$100.00" in text
    assert "M54.31" in text and "M51.16" in text and "Dr. Ana Ruiz" in text and "1999999992" in text
    assert "LMT" in text
    assert any("NCCI" in warning for warning in bill.warnings)  # 97124 with 97140, not attested: no 59
    with db.read_session(desk_db) as session:
        audit = session.exec(select(AuditEvent).where(AuditEvent.action == "print_superbill")).all()
    assert [(a.client_id, a.visit_id) for a in audit] == [(client_id, visit_id)]


def test_modifier_59_only_when_the_therapist_attested_distinct_regions(desk_db, clinic):
    priya = member(desk_db)
    client_id = _plan_client(desk_db, clinic, priya)
    attested = NoteContent(**{**NOTE.__dict__, "attestations": ("distinct_regions",)})
    visit_id = _signed_visit(desk_db, clinic, priya, client_id, attested)
    text = _text(billing_desk.superbill(member=priya, client_id=client_id, visit_id=visit_id).pdf)
    assert "59" in text.split("97124", 1)[1].split("\n", 1)[0]  # the 97124 line carries the modifier


def test_refusals_name_what_is_missing(desk_db, clinic):
    priya = member(desk_db)
    relaxed = make_client(desk_db)[0]
    therapeutic = past_visit(desk_db, clinic, relaxed, intake())
    bill = billing_desk.superbill(member=priya, client_id=relaxed, visit_id=therapeutic)
    assert bill.pdf is None and "therapeutic" in bill.refused[0]
    client_id = _plan_client(desk_db, clinic, priya)
    unsigned = visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=0)
    bill = billing_desk.superbill(member=priya, client_id=client_id, visit_id=unsigned)
    assert bill.pdf is None and "not signed" in bill.refused[0]
    no_codes = make_client(desk_db)[0]
    first = _signed_visit(desk_db, clinic, priya, no_codes, days_ago=1)  # before any plan
    bill = billing_desk.superbill(member=priya, client_id=no_codes, visit_id=first)
    assert bill.pdf is None and "diagnosis" in bill.refused[0]
    short = NoteContent(**{**NOTE.__dict__, "techniques": ({"code": "trigger_point", "minutes": 7},)})
    too_short = _signed_visit(desk_db, clinic, priya, client_id, short)
    bill = billing_desk.superbill(member=priya, client_id=client_id, visit_id=too_short)
    assert bill.pdf is None and "minutes" in bill.refused[0]


def test_a_date_range_bills_the_good_visits_and_lists_the_refused(desk_db, clinic):
    priya = member(desk_db)
    client_id = _plan_client(desk_db, clinic, priya)
    _signed_visit(desk_db, clinic, priya, client_id, days_ago=2)
    _signed_visit(desk_db, clinic, priya, client_id, days_ago=1)
    today = utcnow().date()
    bill = billing_desk.superbill(member=priya, client_id=client_id, first=today - timedelta(days=10), last=today)
    assert bill.pdf is not None and len(bill.refused) == 1  # the first visit: its note never written
    text = _text(bill.pdf)
    assert "$200.00" in text  # two visits of $100.00
    assert "not billed" in text


def test_only_staff_where_the_client_was_seen_print_and_only_reporting_exports(desk_db, clinic):
    priya = member(desk_db)
    client_id = _plan_client(desk_db, clinic, priya)
    visit_id = _signed_visit(desk_db, clinic, priya, client_id)
    downtown = member(desk_db, name="Dana", location="downtown-syracuse")
    with pytest.raises(NotAllowed):
        billing_desk.superbill(member=downtown, client_id=client_id, visit_id=visit_id)
    with pytest.raises(RoleNeeded):
        billing_desk.cms1500_lines(member=priya, first=date.today(), last=date.today())
    reporter_id = make_therapist(desk_db, name="Rita", roles=("reporting",), locations=(NORTH,))
    rita = signed_in(desk_db, reporter_id)
    today = utcnow().date()
    export = billing_desk.cms1500_lines(member=rita, first=today - timedelta(days=5), last=today + timedelta(days=1))
    rows = list(csv.DictReader(io.StringIO(export.lines_csv)))
    assert export.lines == len(rows) == 2 and export.refused == 1
    assert {row["24D CPT"] for row in rows} == {"97140", "97124"}
    assert rows[0]["21A diagnosis (ICD-10-CM)"] == "M54.31" and rows[0]["24E diagnosis pointer"] == "AB"
    assert sum(Decimal(row["24F charges"]) for row in rows) == Decimal("100.00")
    assert rows[0]["33a billing provider NPI"] == "1999999992" and rows[0]["25 federal tax ID (EIN)"] == "12-3456789"
    refused = list(csv.DictReader(io.StringIO(export.refused_csv)))
    assert refused[0]["reason code"] == "no_signed_note"
    with db.read_session(desk_db) as session:
        exported = session.exec(select(AuditEvent).where(AuditEvent.action == "export_cms1500")).one()
    assert exported.detail.endswith(f"clients {client_id}")  # who was in it
    # A reporter downtown, where the client was never seen, exports nothing of theirs.
    downtown = "downtown-syracuse"
    remy = make_therapist(desk_db, name="Remy", roles=("reporting",), locations=(downtown,))
    nothing = billing_desk.cms1500_lines(member=signed_in(desk_db, remy, location=downtown), first=today, last=today)
    assert (nothing.lines, nothing.refused) == (0, 0)
