"""links to a live ticket on the client's phone (token hashes), and per-minute request counts

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 23:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kiosk_core.models import UTCDateTime

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ticketlink",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("visit_id", sa.Integer(), sa.ForeignKey("visit.id"), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_ticketlink_visit_id", "ticketlink", ["visit_id"])
    op.create_table(
        "ratecount",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "window_start"),
    )
    op.create_index("ix_ratecount_window", "ratecount", ["window_start"])


def downgrade() -> None:
    op.drop_index("ix_ratecount_window", table_name="ratecount")
    op.drop_table("ratecount")
    op.drop_index("ix_ticketlink_visit_id", table_name="ticketlink")
    op.drop_table("ticketlink")
