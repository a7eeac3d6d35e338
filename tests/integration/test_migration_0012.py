"""Migration 0012 on a database of 0011: every member keeps being a therapist (a role now), the
lockout and tablet tables appear; down to 0011 and up again."""

import json

import sqlalchemy as sa
from sqlalchemy.orm import load_only

from kiosk_core import db
from kiosk_core.models import Therapist
from kiosk_core.staff.roles import Role, grants_of
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)
from tests.integration.test_migration_0004 import _rows, downgrade

THERAPISTS = (
    "INSERT INTO therapist (name, pin_hash, medical_trained, is_admin, active, failed_pin_attempts, lockouts) "
    "VALUES ('Sam', 'x', true, false, true, 0, 0), ('Priya', 'y', false, true, true, 0, 0)"
)


def tables(engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_members_become_therapists_with_their_admin_grant_kept(bare_engine):  # noqa: F811
    db.migrate(bare_engine, "0011")
    with bare_engine.begin() as connection:
        connection.execute(sa.text(THERAPISTS))
    db.migrate(bare_engine, "0012")
    assert {"pinlock", "tablet"} <= tables(bare_engine)
    stored = [
        (name, json.loads(roles) if isinstance(roles, str) else roles)
        for name, roles in _rows(bare_engine, "SELECT name, roles FROM therapist ORDER BY name")
    ]
    assert stored == [("Priya", ["therapist"]), ("Sam", ["therapist"])]
    with db.read_session(bare_engine) as session:
        # Only the columns 0012 has: later migrations add others to the model.
        members = sa.select(Therapist).options(load_only(Therapist.name, Therapist.is_admin, Therapist.roles))
        grants = {t.name: grants_of(t) for t in session.exec(members).scalars()}
    assert grants == {"Priya": {Role.ADMIN, Role.THERAPIST}, "Sam": {Role.THERAPIST}}
    downgrade(bare_engine, "0011")
    assert not {"pinlock", "tablet"} & tables(bare_engine)
    assert "roles" not in {c["name"] for c in sa.inspect(bare_engine).get_columns("therapist")}
    db.migrate(bare_engine, "0012")
    assert _rows(bare_engine, "SELECT count(*) FROM therapist") == [(2,)]
