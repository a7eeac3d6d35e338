"""Migration 0003: visits stored with English sentences come out as codes with their values."""

import json

import pytest
import sqlalchemy as sa

from kiosk_core import db
from kiosk_core.intake.answers import Intake
from kiosk_core.intake.wording import flag_text, reason_text
from kiosk_core.models import Visit
from tests.conftest import new_postgres_database

OLD_REASONS = [
    "Sciatica and pain in one area: treated in medical massage.",
    "Your pain is 8 out of 10.",
    "A sentence someone wrote by hand.",
]
OLD_FLAGS = [
    {"code": "severe_pain", "for_staff": "Severe pain (9/10)."},
    {"code": "recent_surgery", "for_staff": "Surgery within the last 42 days."},
]


@pytest.fixture(params=["sqlite", "postgres"])
def bare_engine(request, tmp_path):
    """An empty database of our own, to migrate step by step."""
    if request.param == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'old.db'}")
        yield engine
        engine.dispose()
        return
    with new_postgres_database("kiosk_migration") as url:
        engine = db.make_engine(url)
        yield engine
        engine.dispose()


def test_old_sentences_become_codes_and_read_the_same(bare_engine, clinic):
    db.migrate(bare_engine, "0002")
    with bare_engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO location (slug, name, address) VALUES ('north-syracuse', 'N', '')"))
        connection.execute(
            sa.text(
                "INSERT INTO client (first_name, last_name, phone, email, created_at) VALUES ('A', 'B', '', '', :t)"
            ),
            {"t": "2026-11-01 10:00:00"},
        )
        connection.execute(
            sa.text(
                "INSERT INTO visit (location_id, client_id, clinic_day, queue, ticket_code, status, intake_json, "
                "routed_queue, reasons_json, flags_json, reroute_reason, checked_in_at) VALUES (1, 1, '2026-11-01', "
                "'medical', 'M-001', 'done', :intake, 'medical', :reasons, :flags, '', '2026-11-01 10:00:00')"
            ),
            {
                "intake": json.dumps(
                    {
                        "goal": "treat_problem",
                        "pain": 9,
                        "stress": 2,
                        "full_body": False,
                        "body_areas": ["neck"],
                        "has_diagnosis": True,
                        "safety": {"pregnant": True},
                    }
                ),
                "reasons": json.dumps(OLD_REASONS),
                "flags": json.dumps(OLD_FLAGS),
            },
        )
    db.init_db(bare_engine, clinic)
    with db.read_session(bare_engine) as session:
        visit = session.get(Visit, 1)
    assert visit.reasons == [
        {"code": "medical_conditions", "conditions": ["sciatica", "pain"]},
        {"code": "high_pain", "pain": 8},
        {"code": "text", "text": "A sentence someone wrote by hand."},
    ]
    assert visit.flags == [{"code": "severe_pain", "pain": 9}, {"code": "recent_surgery", "days": 42}]
    assert visit.language == "en"
    assert [reason_text(r) for r in visit.reasons] == [
        "Sciatica and Pain in one area: treated in medical massage.",
        "Your pain is 8 out of 10.",
        "A sentence someone wrote by hand.",
    ]
    assert [flag_text(f) for f in visit.flags] == [f["for_staff"] for f in OLD_FLAGS]
    earlier = Intake.from_stored(visit.intake_json)  # stored before the catalog: read in today's shape
    assert (earlier.areas, earlier.care, earlier.safety) == ({"neck"}, {"diagnosis"}, {"pregnant"})
