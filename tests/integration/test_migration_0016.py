"""Migration 0016 on a database of 0013: a therapist's credentials and NPI and a client's address
arrive empty on existing rows, which keep everything else; down to 0013 (the columns gone) and up."""

import sqlalchemy as sa

from kiosk_core import db
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)
from tests.integration.test_migration_0004 import _rows, downgrade

CLIENT = (
    "INSERT INTO client (first_name, last_name, phone, email, created_at) "
    "VALUES ('Zoë', 'N', '', '', CURRENT_TIMESTAMP)"
)
THERAPIST = (
    "INSERT INTO therapist (name, pin_hash, medical_trained, is_admin, roles, active, failed_pin_attempts, lockouts) "
    "VALUES ('Alex', 'x', true, false, '[]', true, 0, 0)"
)


def columns(engine, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns(table)}


def test_the_printed_identities_come_empty_and_go(bare_engine):  # noqa: F811
    db.migrate(bare_engine, "0013")
    with bare_engine.begin() as connection:
        connection.execute(sa.text(CLIENT))
        connection.execute(sa.text(THERAPIST))
    db.migrate(bare_engine, "0016")
    assert {"credentials", "npi"} <= columns(bare_engine, "therapist") and "address" in columns(bare_engine, "client")
    assert _rows(bare_engine, "SELECT name, credentials, npi FROM therapist") == [("Alex", "", "")]
    assert _rows(bare_engine, "SELECT first_name, address FROM client") == [("Zoë", "")]
    downgrade(bare_engine, "0013")
    assert not {"credentials", "npi"} & columns(bare_engine, "therapist")
    assert _rows(bare_engine, "SELECT first_name FROM client") == [("Zoë",)]
    db.migrate(bare_engine, "0016")
    assert "address" in columns(bare_engine, "client")
