"""Migration 0017 on a database of 0013: the open shifts (each started by a sign-in) end, the
`signin` table and the shift's heartbeat come, and one open shift a room is held by the database;
down to 0013 (all gone, the shifts kept) and up again."""

import pytest
import sqlalchemy as sa

from kiosk_core import db
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)
from tests.integration.test_migration_0004 import _rows, downgrade

SHIFT = (
    "INSERT INTO shift (therapist_id, location_id, clinic_day, room, started_at, ended_at, end_reason) "
    "VALUES (:therapist, 1, '2026-12-05', :room, '2026-12-05 14:00:00', :ended, :reason)"
)


def _insert(engine, therapist, room, ended=None, reason=""):
    with engine.begin() as connection:
        connection.execute(sa.text(SHIFT), {"therapist": therapist, "room": room, "ended": ended, "reason": reason})


@pytest.fixture
def at_0013(bare_engine):  # noqa: F811
    db.migrate(bare_engine, "0013")
    with bare_engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO location (slug, name, address) VALUES ('north-syracuse', 'N', '')"))
        for name in ("Dana", "Sam"):
            connection.execute(
                sa.text(
                    "INSERT INTO therapist (name, pin_hash, medical_trained, is_admin, roles, active, "
                    "failed_pin_attempts, lockouts) VALUES (:name, 'x', false, false, '[]', true, 0, 0)"
                ),
                {"name": name},
            )
    # Two sign-ins that both took Room 3 (the bug the index ends), and one shift long over.
    _insert(bare_engine, 1, "Room 3")
    _insert(bare_engine, 2, "Room 3")
    _insert(bare_engine, 1, "Room 1", "2026-12-05 15:00:00", "sign_out")
    return bare_engine


def test_open_shifts_end_and_one_room_is_one_shift(at_0013):
    db.migrate(at_0013, "0017")
    assert _rows(at_0013, "SELECT count(*) FROM shift WHERE ended_at IS NULL") == [(0,)]
    assert _rows(at_0013, "SELECT count(*) FROM shift WHERE seen_at IS NULL") == [(0,)]
    assert _rows(at_0013, "SELECT end_reason FROM shift ORDER BY id") == [("sign_out",)] * 3
    assert "signin" in sa.inspect(at_0013).get_table_names()
    _insert(at_0013, 1, "Room 3")
    with pytest.raises(sa.exc.IntegrityError):
        _insert(at_0013, 2, "Room 3")
    _insert(at_0013, 2, "")  # a location without rooms: any number at once
    _insert(at_0013, 1, "")

    with at_0013.begin() as connection:  # ended, as End shift would
        connection.execute(sa.text("UPDATE shift SET ended_at = '2026-12-05 16:00:00' WHERE ended_at IS NULL"))
    downgrade(at_0013, "0013")
    assert "signin" not in sa.inspect(at_0013).get_table_names()
    assert "seen_at" not in {c["name"] for c in sa.inspect(at_0013).get_columns("shift")}
    _insert(at_0013, 1, "Room 3")
    _insert(at_0013, 2, "Room 3")  # no index below 0017
    assert _rows(at_0013, "SELECT count(*) FROM shift") == [(8,)]
    db.migrate(at_0013, "0017")  # again: the open ones end, so the index can be made
    assert _rows(at_0013, "SELECT count(*) FROM shift WHERE ended_at IS NULL") == [(0,)]
