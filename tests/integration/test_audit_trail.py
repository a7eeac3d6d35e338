"""Issue 21, finding 5, on SQLite and PostgreSQL: 605 refused sign-ins hid a therapist's intake
read from the admin's view (the newest 500 rows, no paging, no filter). Now refused sign-ins are
summarised per source and minute, the rest is paged and filtered by member, client, kind and
days, and a filtered view exports as CSV, itself audited."""

import csv
import io
from datetime import date, timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import NotAllowed
from kiosk_core.models import AuditEvent
from kiosk_core.screens import audit_desk, staff_desk
from tests.factories import make_client, make_therapist, signed_in
from tests.integration.test_checkin import MORNING, SCIATICA, do_check_in
from tests.integration.test_staff import attempt

DAY = date(2026, 11, 23)  # MORNING's clinic day


@pytest.fixture
def desk_db(engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


def test_a_flood_of_refused_sign_ins_no_longer_hides_an_intake_read(desk_db, clinic, monkeypatch):
    monkeypatch.setattr("kiosk_core.config.settings.pin_source_attempts", 10_000)
    monkeypatch.setattr("kiosk_core.config.settings.pin_max_attempts", 10_000)
    client_id = make_client(desk_db)[0]
    visit_id = do_check_in(desk_db, clinic, client_id, SCIATICA).visit_id
    sam = signed_in(desk_db, make_therapist(desk_db, name="Sam Chen"))
    staff_desk.open_visit(member=sam, visit_id=visit_id)
    with db.write_session(desk_db) as session:  # the intake read, stamped on MORNING's day
        session.exec(select(AuditEvent).where(AuditEvent.action == "view_intake")).one().at = MORNING
    dana = make_therapist(desk_db, name="Dana Fox", pin="286413")
    for n in range(60):  # from two sources, in two minutes
        with pytest.raises(NotAllowed):
            attempt(desk_db, dana, "000917", MORNING + timedelta(seconds=2 * n), source=f"lobby {n % 2}")
    priya = signed_in(desk_db, make_therapist(desk_db, name="Priya Shah", admin=True))
    view = audit_desk.audit_log(member=priya, start=DAY, end=DAY)
    assert [r.action for r in view.rows] == ["view_intake", "check_in"] and view.total == 2  # not one refusal
    assert sum(b.refused for b in view.refused) == 60 and len(view.refused) == 4  # 2 sources x 2 minutes
    assert {b.names for b in view.refused} == {1}
    refused = audit_desk.audit_log(member=priya, start=DAY, end=DAY, kind="sign_in_failed", page=1)
    assert (refused.total, refused.pages, len(refused.rows)) == (60, 2, 10)  # the second page of 50
    assert audit_desk.audit_log(member=priya, start=DAY, end=DAY, client_id=client_id).total == 2
    assert audit_desk.audit_log(member=priya, start=DAY, end=DAY, member_id=dana).total == 0
    assert audit_desk.audit_log(member=priya, start=DAY - timedelta(days=2), end=DAY - timedelta(days=1)).total == 0


def test_a_filtered_view_exports_as_csv_and_the_export_is_audited(desk_db, clinic):
    visit_id = do_check_in(desk_db, clinic, make_client(desk_db)[0], SCIATICA).visit_id
    sam = signed_in(desk_db, make_therapist(desk_db, name="=cmd|' /C calc'!A0"))  # a name typed to attack
    staff_desk.open_visit(member=sam, visit_id=visit_id)
    priya = signed_in(desk_db, make_therapist(desk_db, name="Priya Shah", admin=True))
    today = date.today()
    text = audit_desk.audit_csv(
        member=priya, start=today - timedelta(days=1), end=today + timedelta(days=1), kind="view_intake"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["who"], r["what"], r["ticket"]) for r in rows] == [("'=cmd|' /C calc'!A0", "view_intake", "M-001")]
    with db.read_session(desk_db) as session:
        export = session.exec(select(AuditEvent).where(AuditEvent.action == "export_audit_log")).one()
    assert export.therapist_id == priya.therapist_id and "kind view_intake, 1 rows" in export.detail
    with pytest.raises(NotAllowed):
        audit_desk.audit_csv(member=sam, start=today, end=today)
