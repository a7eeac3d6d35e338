"""a visit's intake in a JSON column: the model holds the answers as a dict, the column type
turns them into JSON and back

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:00:00

Until now the intake was a string the code made (Intake.to_json) and parsed by hand. PostgreSQL
converts the column in place (each value is parsed: one that is not JSON stops the migration).
SQLite has no ALTER COLUMN: the answers are copied into a new JSON column that takes the old
one's name and place in queries (not its place in the table: it comes last). The copy writes
every visit, so 0008's triggers, which would send every day's report totals to be counted again
for a change that leaves them as they are, are dropped for it and made again.
"""

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TOTALS = importlib.import_module("kiosk_core.migrations.versions.0008_report_day_totals")


def _sqlite_retype(declared: str, empty: str) -> None:
    """The intake column as a new one of the `declared` type, with the same values."""
    # Made again only if they were there: without them, totals kept meanwhile may be stale.
    triggers = op.get_bind().exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'visit' AND name LIKE 'visit_totals_%'"
    )
    kept = triggers.scalar_one() == len(_TOTALS.TRIGGERS)
    _TOTALS.drop_triggers()
    op.execute(f"ALTER TABLE visit ADD COLUMN intake_new {declared} NOT NULL DEFAULT '{empty}'")
    op.execute("UPDATE visit SET intake_new = intake_json")
    op.execute("ALTER TABLE visit DROP COLUMN intake_json")
    op.execute("ALTER TABLE visit RENAME COLUMN intake_new TO intake_json")
    if kept:
        _TOTALS.create_triggers()


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE visit ALTER COLUMN intake_json TYPE JSON USING intake_json::json")
    else:
        _sqlite_retype("JSON", "{}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE visit ALTER COLUMN intake_json TYPE VARCHAR USING intake_json::text")
    else:
        _sqlite_retype("VARCHAR", "")
