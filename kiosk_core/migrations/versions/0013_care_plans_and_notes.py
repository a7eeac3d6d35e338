"""care plans (versions kept), outcomes given at the tablet, session notes and their addenda

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 08:37:45

New tables only (kiosk_core/care/tables.py): nothing existing is rewritten. Each carries the
client's id, so that merging two records of one person moves its rows with the visits.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kiosk_core.models

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "careplan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", kiosk_core.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("closed_at", kiosk_core.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("close_reason", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("close_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"],
            ["therapist.id"],
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["therapist.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("careplan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_careplan_client_id"), ["client_id"], unique=False)

    op.create_table(
        "careplanversion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("written_at", kiosk_core.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.Integer(), nullable=False),
        sa.Column("why", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("condition", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("diagnoses", sa.JSON(), nullable=False),
        sa.Column("goals", sa.JSON(), nullable=False),
        sa.Column("activities", sa.JSON(), nullable=False),
        sa.Column("frequency", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("visits_planned", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("referrer_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("referrer_npi", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("reassess_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["careplan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["written_by"],
            ["therapist.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "version", name="uq_careplanversion"),
    )
    with op.batch_alter_table("careplanversion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_careplanversion_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_careplanversion_plan_id"), ["plan_id"], unique=False)

    op.create_table(
        "outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("measure", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("item", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("recorded_at", kiosk_core.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["careplan.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "measure", "item", name="uq_outcome_visit_item"),
    )
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcome_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outcome_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outcome_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "sessionnote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("therapist_id", sa.Integer(), nullable=False),
        sa.Column("medical", sa.Boolean(), nullable=False),
        sa.Column("subjective", sa.JSON(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("created_at", kiosk_core.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kiosk_core.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("signed_at", kiosk_core.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("signed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
        ),
        sa.ForeignKeyConstraint(
            ["signed_by"],
            ["therapist.id"],
        ),
        sa.ForeignKeyConstraint(
            ["therapist_id"],
            ["therapist.id"],
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id"),
    )
    with op.batch_alter_table("sessionnote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sessionnote_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sessionnote_therapist_id"), ["therapist_id"], unique=False)

    op.create_table(
        "noteaddendum",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("written_at", kiosk_core.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("written_by", sa.Integer(), nullable=False),
        sa.Column("why", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
        ),
        sa.ForeignKeyConstraint(
            ["note_id"],
            ["sessionnote.id"],
        ),
        sa.ForeignKeyConstraint(
            ["written_by"],
            ["therapist.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("noteaddendum", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_noteaddendum_client_id"), ["client_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_noteaddendum_note_id"), ["note_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("noteaddendum", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_noteaddendum_note_id"))
        batch_op.drop_index(batch_op.f("ix_noteaddendum_client_id"))

    op.drop_table("noteaddendum")
    with op.batch_alter_table("sessionnote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sessionnote_therapist_id"))
        batch_op.drop_index(batch_op.f("ix_sessionnote_client_id"))

    op.drop_table("sessionnote")
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_visit_id"))
        batch_op.drop_index(batch_op.f("ix_outcome_plan_id"))
        batch_op.drop_index(batch_op.f("ix_outcome_client_id"))

    op.drop_table("outcome")
    with op.batch_alter_table("careplanversion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_careplanversion_plan_id"))
        batch_op.drop_index(batch_op.f("ix_careplanversion_client_id"))

    op.drop_table("careplanversion")
    with op.batch_alter_table("careplan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_careplan_client_id"))

    op.drop_table("careplan")
