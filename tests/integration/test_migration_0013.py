"""Migration 0013 on a database of 0012: the care tables are made, visits are untouched; down to
0012 (the tables gone) and up again."""

import sqlalchemy as sa

from kiosk_core import db
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)
from tests.integration.test_migration_0004 import _rows, downgrade

CARE = {"careplan", "careplanversion", "outcome", "sessionnote", "noteaddendum"}


def tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_the_care_tables_come_and_go(bare_engine):  # noqa: F811
    db.migrate(bare_engine, "0012")
    with bare_engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO location (slug, name, address) VALUES ('north-syracuse', 'N', '')"))
    assert not CARE & tables(bare_engine)
    db.migrate(bare_engine, "0013")
    assert tables(bare_engine) >= CARE
    columns = {c["name"] for c in sa.inspect(bare_engine).get_columns("outcome")}
    assert {"visit_id", "client_id", "plan_id", "measure", "item", "value"} <= columns
    downgrade(bare_engine, "0012")
    assert not CARE & tables(bare_engine)
    assert _rows(bare_engine, "SELECT count(*) FROM location") == [(1,)]
    db.migrate(bare_engine, "0013")
    assert tables(bare_engine) >= CARE
