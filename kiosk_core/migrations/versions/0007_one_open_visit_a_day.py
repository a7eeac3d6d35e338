"""one open visit per client and clinic day, across locations

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 22:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN = "status IN ('waiting', 'called', 'in_session', 'paused')"


def _open_index(columns: list[str]) -> None:
    op.create_index(
        "uq_visit_open_client",
        "visit",
        columns,
        unique=True,
        sqlite_where=sa.text(_OPEN),
        postgresql_where=sa.text(_OPEN),
    )


def upgrade() -> None:
    # Before this, a client could be waiting at two locations at once. Keep the newest open
    # visit of a day and close the others as moved, so the new index can be built.
    op.execute(
        sa.text(
            f"UPDATE visit SET status = 'moved' WHERE {_OPEN} AND id NOT IN ("
            f"SELECT MAX(id) FROM visit WHERE {_OPEN} GROUP BY client_id, clinic_day)"
        )
    )
    op.drop_index("uq_visit_open_client", table_name="visit")
    _open_index(["client_id", "clinic_day"])


def downgrade() -> None:
    op.drop_index("uq_visit_open_client", table_name="visit")
    _open_index(["client_id", "location_id", "clinic_day"])
