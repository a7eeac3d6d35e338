"""shifts are explicit: sign-ins apart from shifts, a shift's heartbeat, one open shift a room

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-06 12:00:00

Before, every PIN sign-in started a shift and took a room; now a sign-in is its own row
(`signin`) and a shift starts only with "Start shift" on the board. Every shift still open was
started by a sign-in, so it ends here ("sign_out", at the upgrade): screens sign in again (their
old sign-ins are not in `signin`) and therapists start their shifts. `shift.seen_at` is the
board's last heartbeat; a stale shift ends with reason "stale" (a string: no schema change). The
partial unique index holds one open shift per room at a location, on SQLite and PostgreSQL.
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from kiosk_core.models import UTCDateTime

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HELD = "ended_at IS NULL AND room != ''"


def upgrade() -> None:
    op.create_table(
        "signin",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("therapist_id", sa.Integer(), sa.ForeignKey("therapist.id"), nullable=False),
        sa.Column("location_id", sa.Integer(), sa.ForeignKey("location.id"), nullable=False),
        sa.Column("clinic_day", sa.Date(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=20), nullable=False),
    )
    op.create_index("ix_signin_therapist_id", "signin", ["therapist_id"])
    with op.batch_alter_table("shift") as batch:
        batch.add_column(sa.Column("seen_at", UTCDateTime(), nullable=True))
    shift = sa.table(
        "shift",
        sa.column("ended_at", UTCDateTime()),
        sa.column("end_reason", sa.String()),
        sa.column("seen_at", UTCDateTime()),
        sa.column("started_at", UTCDateTime()),
    )
    now = datetime.now(UTC)
    op.execute(
        shift.update().where(shift.c.ended_at.is_(None)).values(ended_at=now, end_reason="sign_out", seen_at=now)
    )
    op.execute(shift.update().where(shift.c.seen_at.is_(None)).values(seen_at=shift.c.started_at))
    op.create_index(
        "ux_shift_open_room",
        "shift",
        ["location_id", "room"],
        unique=True,
        sqlite_where=sa.text(HELD),
        postgresql_where=sa.text(HELD),
    )


def downgrade() -> None:
    op.drop_index("ux_shift_open_room", table_name="shift")
    with op.batch_alter_table("shift") as batch:
        batch.drop_column("seen_at")
    op.drop_index("ix_signin_therapist_id", table_name="signin")
    op.drop_table("signin")
