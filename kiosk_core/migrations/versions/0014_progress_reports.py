"""progress reports produced, so "progress report due" resets

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 11:50:00

One new table (kiosk_core/records/tables.py); nothing existing is rewritten.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kiosk_core.models

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "progressreport",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("made_at", kiosk_core.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.Integer(), nullable=False),
        sa.Column("visits_done", sa.Integer(), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.ForeignKeyConstraint(["made_by"], ["therapist.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["careplan.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("progressreport", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progressreport_plan_id"), ["plan_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("progressreport", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progressreport_plan_id"))
    op.drop_table("progressreport")
