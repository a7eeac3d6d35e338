"""Migration 0010 on a database of 0009: the intake's text becomes a JSON column read as a dict,
the same answers; the report totals and their triggers are kept; down to 0009 (the very text
back) and up again."""

import json

import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.intake.answers import Intake
from kiosk_core.models import Visit
from kiosk_core.reports import day_totals_writer
from tests.factories import intake
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)
from tests.integration.test_migration_0004 import _rows, downgrade
from tests.integration.test_migration_0008 import DONE

ANSWERS = [
    # as Intake.to_json wrote them before 0010
    intake(
        conditions={"sciatica", "stress"}, safety={"pregnant"}, other_condition='a "quoted" ache, ñ'
    ).model_dump_json(),
    '{"goal": "relax", "pain": 2, "stress": 6, "full_body": true}',  # stored before the catalog
    "{}",
]
VISIT = (
    "INSERT INTO visit (location_id, client_id, clinic_day, queue, ticket_code, status, intake_json, routed_queue, "
    "reroute_reason, checked_in_at) VALUES (1, 1, '2026-11-01', 'therapeutic', :ticket, 'done', :intake, "
    "'therapeutic', '', '2026-11-01 14:00:00')"
)


def kept(engine) -> bool:
    with db.read_session(engine) as session:
        return day_totals_writer.kept(session)


@pytest.fixture
def at_0009(bare_engine):  # noqa: F811
    db.migrate(bare_engine, "0009")
    with bare_engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO location (slug, name, address) VALUES ('north-syracuse', 'N', '')"))
        connection.execute(
            sa.text(
                "INSERT INTO client (first_name, last_name, phone, email, created_at) "
                "VALUES ('A', 'B', '', '', '2026-11-01 10:00:00')"
            )
        )
        for n, answers in enumerate(ANSWERS, start=1):
            connection.execute(sa.text(VISIT), {"ticket": f"T-00{n}", "intake": answers})
        connection.execute(sa.text(DONE))  # the visits' day has its totals
    return bare_engine


def test_the_intake_becomes_json_and_comes_back_as_text(at_0009, clinic):
    db.migrate(at_0009, "0010")
    with db.read_session(at_0009) as session:
        stored = list(session.exec(select(Visit.intake_json).order_by(Visit.id)))
    assert stored == [json.loads(answers) for answers in ANSWERS]
    assert Intake.from_stored(stored[0]) == Intake.model_validate_json(ANSWERS[0])
    assert Intake.from_stored(stored[1]).areas == {"full_body"}
    # The copy changed nothing the totals count: the visits' day is still done, its triggers there.
    assert kept(at_0009) and _rows(at_0009, "SELECT count(*) FROM reportday") == [(1,)]

    downgrade(at_0009, "0009")
    assert _rows(at_0009, "SELECT intake_json FROM visit ORDER BY id") == [(answers,) for answers in ANSWERS]
    assert kept(at_0009) and _rows(at_0009, "SELECT count(*) FROM reportday") == [(1,)]
    db.migrate(at_0009, "0010")
    with db.read_session(at_0009) as session:
        # One column, not the model: later migrations add columns this revision doesn't have.
        assert session.exec(select(Visit.intake_json).where(Visit.id == 1)).one() == json.loads(ANSWERS[0])
