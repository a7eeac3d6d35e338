"""therapists' shifts (sign-in to sign-out, in a room) and where a called client goes

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kiosk_core.models import UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shift",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("therapist_id", sa.Integer(), sa.ForeignKey("therapist.id"), nullable=False),
        sa.Column("location_id", sa.Integer(), sa.ForeignKey("location.id"), nullable=False),
        sa.Column("clinic_day", sa.Date(), nullable=False),
        sa.Column("room", sa.String(length=60), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=False),
    )
    op.create_index("ix_shift_location_open", "shift", ["location_id", "ended_at"])
    op.create_index("ix_shift_therapist_open", "shift", ["therapist_id", "ended_at"])
    with op.batch_alter_table("visit") as batch:
        batch.add_column(sa.Column("room", sa.String(length=60), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.drop_column("room")
    op.drop_index("ix_shift_therapist_open", table_name="shift")
    op.drop_index("ix_shift_location_open", table_name="shift")
    op.drop_table("shift")
