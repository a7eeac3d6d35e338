"""what superbills print about people: a therapist's credentials and NPI, a client's address

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-06 11:50:00

Optional columns with empty defaults: existing rows print without them until someone fills them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("therapist") as batch:
        batch.add_column(sa.Column("credentials", sa.String(length=40), nullable=False, server_default=""))
        batch.add_column(sa.Column("npi", sa.String(length=10), nullable=False, server_default=""))
    with op.batch_alter_table("client") as batch:
        batch.add_column(sa.Column("address", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN on both databases (SQLite 3.35+): a batch copy of the therapist
    # table would drop the table that shifts and visits point at, which SQLite's foreign keys refuse.
    for table, column in (("client", "address"), ("therapist", "npi"), ("therapist", "credentials")):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
