"""Migration 0008 on a database with a visit from 0007: the totals' tables come empty with the
triggers that keep them; a write to a visit drops its day's totals; down to 0007 (tables and
triggers gone, the visit kept) and up again."""

import sqlalchemy as sa

from kiosk_core import db
from kiosk_core.reports import day_totals_writer
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)
from tests.integration.test_migration_0004 import _rows, downgrade
from tests.integration.test_migration_0005 import VISIT

DONE = (
    "INSERT INTO reportday (location_id, clinic_day, basis, claim, totalled_at) "
    "VALUES (1, '2026-11-01', 'test', '', '2026-11-02 06:00:00')"
)
TABLES = {"reportday", "reportcount", "reportflag", "reporttime"}


def kept(engine) -> bool:
    with db.read_session(engine) as session:
        return day_totals_writer.kept(session)


def test_totals_and_their_triggers_come_and_go(bare_engine, clinic):  # noqa: F811
    db.migrate(bare_engine, "0007")
    with bare_engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO location (slug, name, address) VALUES ('north-syracuse', 'N', '')"))
        connection.execute(
            sa.text(
                "INSERT INTO client (first_name, last_name, phone, email, created_at) "
                "VALUES ('A', 'B', '', '', '2026-11-01 10:00:00')"
            )
        )
        connection.execute(sa.text(VISIT))
    assert not kept(bare_engine)
    db.migrate(bare_engine, "0008")
    assert set(sa.inspect(bare_engine).get_table_names()) >= TABLES and kept(bare_engine)
    assert _rows(bare_engine, "SELECT count(*) FROM reportday") == [(0,)]
    with bare_engine.begin() as connection:
        connection.execute(sa.text(DONE))
    with bare_engine.begin() as connection:  # any write to one of the day's visits drops its totals
        connection.execute(sa.text("UPDATE visit SET status = 'done'"))
    assert _rows(bare_engine, "SELECT count(*) FROM reportday") == [(0,)]
    downgrade(bare_engine, "0007")
    assert not TABLES & set(sa.inspect(bare_engine).get_table_names()) and not kept(bare_engine)
    with bare_engine.begin() as connection:  # the visit is kept and writes to it still work
        connection.execute(sa.text("UPDATE visit SET status = 'cancelled'"))
    assert _rows(bare_engine, "SELECT ticket_code, status FROM visit") == [("T-001", "cancelled")]
    db.migrate(bare_engine, "0008")
    assert kept(bare_engine)
