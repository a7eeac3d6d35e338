"""Migration 0005 on a database with visits from 0004: they get an empty room; shifts can be
written; down to 0004 (shifts gone, visits kept) and up again."""

import sqlalchemy as sa

from kiosk_core import db
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)
from tests.integration.test_migration_0004 import _rows, downgrade

VISIT = (
    "INSERT INTO visit (location_id, client_id, clinic_day, queue, ticket_code, status, intake_json, routed_queue, "
    "reroute_reason, checked_in_at) VALUES (1, 1, '2026-11-01', 'therapeutic', 'T-001', 'called', '{}', "
    "'therapeutic', '', '2026-11-01 14:00:00')"
)
THERAPIST = (
    "INSERT INTO therapist (name, pin_hash, medical_trained, is_admin, active, failed_pin_attempts) "
    "VALUES ('Sam', 'x', false, false, true, 0)"
)
SHIFT = (
    "INSERT INTO shift (therapist_id, location_id, clinic_day, room, started_at, end_reason) "
    "VALUES (1, 1, '2026-11-01', 'Room 2', '2026-11-01 13:00:00', '')"
)


def test_visits_before_0005_get_no_room_and_shifts_come_and_go(bare_engine, clinic):  # noqa: F811
    db.migrate(bare_engine, "0004")
    with bare_engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO location (slug, name, address) VALUES ('north-syracuse', 'N', '')"))
        connection.execute(
            sa.text(
                "INSERT INTO client (first_name, last_name, phone, email, created_at) "
                "VALUES ('A', 'B', '', '', '2026-11-01 10:00:00')"
            )
        )
        connection.execute(sa.text(THERAPIST))
        connection.execute(sa.text(VISIT))
    db.migrate(bare_engine, "0005")
    assert _rows(bare_engine, "SELECT ticket_code, room FROM visit") == [("T-001", "")]
    with bare_engine.begin() as connection:
        connection.execute(sa.text(SHIFT))
    assert _rows(bare_engine, "SELECT room, ended_at FROM shift") == [("Room 2", None)]
    downgrade(bare_engine, "0004")
    assert "shift" not in sa.inspect(bare_engine).get_table_names()
    assert _rows(bare_engine, "SELECT ticket_code, status FROM visit") == [("T-001", "called")]
    db.migrate(bare_engine, "0005")
    assert _rows(bare_engine, "SELECT ticket_code, room FROM visit") == [("T-001", "")]
