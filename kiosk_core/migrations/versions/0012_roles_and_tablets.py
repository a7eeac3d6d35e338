"""roles as grants on a member; wrong PINs per member and source; enrolled lobby tablets

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 08:45:00

`therapist.roles`: the grants other than admin (kiosk_core.staff.roles), a JSON list of codes.
Every member until now was a therapist, so each gets "therapist"; reports, once open to every
therapist, now need the "reporting" role (admins see them through their own grant).

`pinlock`: wrong PINs in a row and lockouts, per member and source and per source
(kiosk_core.staff.lockouts), keyed by what they count.

`tablet`: a lobby tablet an admin enrolled (kiosk_core.checkin.tablets): the SHA-256 of its long
random token, the one location it serves, when it was last used, and when it was revoked.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kiosk_core.models import UTCDateTime

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("therapist", sa.Column("roles", sa.JSON(), nullable=True))
    op.execute("UPDATE therapist SET roles = '[\"therapist\"]'")
    with op.batch_alter_table("therapist") as batch:
        batch.alter_column("roles", existing_type=sa.JSON(), nullable=False)
    op.create_table(
        "pinlock",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("failed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", UTCDateTime(), nullable=True),
    )
    op.create_table(
        "tablet",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("location_id", sa.Integer(), sa.ForeignKey("location.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("enrolled_at", UTCDateTime(), nullable=False),
        sa.Column("enrolled_by", sa.Integer(), sa.ForeignKey("therapist.id"), nullable=True),
        sa.Column("last_used_at", UTCDateTime(), nullable=True),
        sa.Column("revoked_at", UTCDateTime(), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("tablet")
    op.drop_table("pinlock")
    with op.batch_alter_table("therapist") as batch:
        batch.drop_column("roles")
