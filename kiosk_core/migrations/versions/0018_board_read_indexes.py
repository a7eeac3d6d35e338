"""indexes for the board's reads that history made slow: session lengths and notes to sign

Revision ID: 0018
Revises: 0013
Create Date: 2026-12-06 12:00:00

The wait estimate reads each queue's latest finished sessions of recent days at a location
(kiosk_core.waits.location_waits, ORDER BY clinic_day DESC LIMIT 400) on every board refresh
and every check-in. With only (location, day, queue, status) to go by, SQLite read every visit
of those days: 1.7-2.5× slower at a million past visits than at a thousand. Ordered by queue
and status before the day, with the minutes in the index, it reads only the 400 it keeps.

The board's "notes to sign" looks for one therapist's finished medical visits of the last 30
days; with no index on the therapist it read every finished visit of those days, everyone's.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_visit_session_lengths", "visit", ["location_id", "queue", "status", "clinic_day", "session_minutes"]
    )
    op.create_index("ix_visit_therapist_day", "visit", ["therapist_id", "status", "clinic_day"])


def downgrade() -> None:
    op.drop_index("ix_visit_therapist_day", table_name="visit")
    op.drop_index("ix_visit_session_lengths", table_name="visit")
