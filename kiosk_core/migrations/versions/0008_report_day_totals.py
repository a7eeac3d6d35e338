"""daily report totals per location and clinic day, and the triggers that drop a day's totals
when one of its visits is written

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 01:00:00

The triggers catch every write to a visit, whatever makes it: a late action, an undo, an admin,
a script or a later migration's UPDATE. On SQLite, a later migration that rebuilds the visit
table (batch_alter_table) drops them with the old table: it must create them again
(`create_triggers`). Until it does, kiosk_core.reports.day_totals sees them missing and neither trusts
nor writes totals, so reports fall back to counting every visit rather than go wrong.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

from kiosk_core.models import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Names and lock as in kiosk_core.reports.day_totals (TRIGGERS, LOCK): keep them together.
TRIGGERS = ("visit_totals_insert", "visit_totals_update", "visit_totals_delete")
LOCK = "20261124, 8"

_SQLITE_DROP = "DELETE FROM reportday WHERE location_id = {row}.location_id AND clinic_day = {row}.clinic_day;"

# PostgreSQL: once per statement (a bulk load or a migration's UPDATE of every visit runs it
# once, not per row), over the rows it wrote. The shared lock makes a totalling that claims its
# days (day_totals.claim, which takes the lock exclusively) wait for every visit write in flight,
# so that what it then reads includes them; writes that come after the claim drop it here.
_PG_FUNCTION = f"""
CREATE FUNCTION visit_totals_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared({LOCK});
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM reportday d USING (SELECT DISTINCT location_id, clinic_day FROM old_visits) o
        WHERE d.location_id = o.location_id AND d.clinic_day = o.clinic_day;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        DELETE FROM reportday d USING (SELECT DISTINCT location_id, clinic_day FROM new_visits) n
        WHERE d.location_id = n.location_id AND d.clinic_day = n.clinic_day;
    END IF;
    RETURN NULL;
END
$$
"""
_PG_TRIGGERS = {
    "visit_totals_insert": "INSERT ON visit REFERENCING NEW TABLE AS new_visits",
    "visit_totals_update": "UPDATE ON visit REFERENCING OLD TABLE AS old_visits NEW TABLE AS new_visits",
    "visit_totals_delete": "DELETE ON visit REFERENCING OLD TABLE AS old_visits",
}


def create_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        for name, when in _PG_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} AFTER {when} FOR EACH STATEMENT EXECUTE FUNCTION visit_totals_stale()")
        return
    # SQLite has row triggers only: one index probe per visit written (none is found for today).
    rows = {"visit_totals_insert": ("NEW",), "visit_totals_update": ("OLD", "NEW"), "visit_totals_delete": ("OLD",)}
    for name, which in rows.items():
        event = name.rsplit("_", 1)[1].upper()
        body = " ".join(_SQLITE_DROP.format(row=row) for row in which)
        op.execute(f"CREATE TRIGGER {name} AFTER {event} ON visit FOR EACH ROW BEGIN {body} END")


def drop_triggers() -> None:
    for name in TRIGGERS:
        op.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (" ON visit" if op.get_bind().dialect.name == "postgresql" else "")
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS visit_totals_stale()")


def _keys(*columns: sa.Column) -> list:
    return [
        sa.Column("location_id", sa.Integer(), sa.ForeignKey("location.id"), nullable=False),
        sa.Column("clinic_day", sa.Date(), nullable=False),
        *columns,
    ]


def upgrade() -> None:
    op.create_table(
        "reportday",
        *_keys(
            sa.Column("basis", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
            sa.Column("claim", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
            sa.Column("totalled_at", UTCDateTime(), nullable=True),
        ),
        sa.PrimaryKeyConstraint("location_id", "clinic_day"),
    )
    op.create_table(
        "reportcount",
        *_keys(
            sa.Column("hour", sa.Integer(), nullable=False),
            sa.Column("queue", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
            sa.Column("check_ins", sa.Integer(), nullable=False),
            sa.Column("flagged", sa.Integer(), nullable=False),
            sa.Column("rerouted", sa.Integer(), nullable=False),
        ),
        sa.PrimaryKeyConstraint("location_id", "clinic_day", "hour", "queue"),
    )
    op.create_table(
        "reportflag",
        *_keys(
            sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
            sa.Column("visits", sa.Integer(), nullable=False),
        ),
        sa.PrimaryKeyConstraint("location_id", "clinic_day", "code"),
    )
    op.create_table(
        "reporttime",
        *_keys(
            sa.Column("queue", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
            sa.Column("measure", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
            sa.Column("minute", sa.Integer(), nullable=False),
            sa.Column("visits", sa.Integer(), nullable=False),
            sa.Column("minutes", sa.LargeBinary(), nullable=False),
        ),
        sa.PrimaryKeyConstraint("location_id", "queue", "measure", "minute", "clinic_day"),
    )
    op.create_index(
        "ix_reporttime_day", "reporttime", ["location_id", "clinic_day", "queue", "measure", "minute", "visits"]
    )
    create_triggers()


def downgrade() -> None:
    drop_triggers()
    op.drop_index("ix_reporttime_day", table_name="reporttime")
    for table in ("reporttime", "reportflag", "reportcount", "reportday"):
        op.drop_table(table)
