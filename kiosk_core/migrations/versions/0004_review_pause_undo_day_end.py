"""the red-flag review, paused sessions and their periods, walk-outs, undo, close of day

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from kiosk_core.models import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPEN_BEFORE = "status IN ('waiting', 'called', 'in_session')"
_OPEN_NOW = "status IN ('waiting', 'called', 'in_session', 'paused')"


def _open_index(where: str) -> None:
    op.create_index(
        "uq_visit_open_client",
        "visit",
        ["client_id", "location_id", "clinic_day"],
        unique=True,
        sqlite_where=sa.text(where),
        postgresql_where=sa.text(where),
    )


def upgrade() -> None:
    with op.batch_alter_table("visit") as batch:
        batch.add_column(sa.Column("review_outcome", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("reviewed_flags", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("review_note", sa.String(length=500), nullable=False, server_default=""))
        batch.add_column(sa.Column("reviewed_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("closed_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("closed_reason", sa.String(length=500), nullable=False, server_default=""))
        batch.add_column(sa.Column("session_minutes", sa.Float(), nullable=True))
        batch.create_foreign_key("fk_visit_reviewed_by_therapist", "therapist", ["reviewed_by"], ["id"])
    # A paused session is still an open visit: a second scan must find it, not start another.
    op.drop_index("uq_visit_open_client", table_name="visit")
    _open_index(_OPEN_NOW)
    op.create_index("ix_visit_open_by_day", "visit", ["status", "clinic_day"])

    op.create_table(
        "sessionperiod",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("visit_id", sa.Integer(), sa.ForeignKey("visit.id"), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
    )
    op.create_index("ix_sessionperiod_visit_id", "sessionperiod", ["visit_id"])
    op.create_table(
        "recentaction",
        sa.Column("visit_id", sa.Integer(), sa.ForeignKey("visit.id"), primary_key=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("therapist_id", sa.Integer(), sa.ForeignKey("therapist.id"), nullable=False),
        sa.Column("done_at", UTCDateTime(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
    )
    op.create_index("ix_recentaction_therapist_id", "recentaction", ["therapist_id"])

    # Sessions before this revision had no pauses: one period each, from start to finish (or to
    # the cancel), still open for a visit in session now; its minutes for a finished one.
    visit = sa.table(
        "visit",
        sa.column("id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("started_at", UTCDateTime()),
        sa.column("finished_at", UTCDateTime()),
        sa.column("cancelled_at", UTCDateTime()),
        sa.column("session_minutes", sa.Float),
    )
    period = sa.table(
        "sessionperiod",
        sa.column("visit_id", sa.Integer),
        sa.column("started_at", UTCDateTime()),
        sa.column("ended_at", UTCDateTime()),
    )
    connection = op.get_bind()
    started = connection.execute(
        sa.select(visit.c.id, visit.c.status, visit.c.started_at, visit.c.finished_at, visit.c.cancelled_at).where(
            visit.c.started_at.is_not(None)
        )
    ).all()
    for visit_id, status, started_at, finished_at, cancelled_at in started:
        ended_at = finished_at or (cancelled_at if status == "cancelled" else None)
        connection.execute(period.insert().values(visit_id=visit_id, started_at=started_at, ended_at=ended_at))
        if ended_at is not None:
            minutes = max(0.0, (ended_at - started_at).total_seconds() / 60)
            connection.execute(visit.update().where(visit.c.id == visit_id).values(session_minutes=minutes))


def downgrade() -> None:
    # The statuses this revision added have no place before it: they read as closed ones.
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE visit SET status = 'in_session' WHERE status = 'paused'"))
    connection.execute(
        sa.text("UPDATE visit SET status = 'cancelled' WHERE status IN ('walked_out', 'declined', 'day_ended')")
    )
    op.drop_index("ix_recentaction_therapist_id", table_name="recentaction")
    op.drop_table("recentaction")
    op.drop_index("ix_sessionperiod_visit_id", table_name="sessionperiod")
    op.drop_table("sessionperiod")
    op.drop_index("ix_visit_open_by_day", table_name="visit")
    op.drop_index("uq_visit_open_client", table_name="visit")
    _open_index(_OPEN_BEFORE)
    with op.batch_alter_table("visit") as batch:
        batch.drop_constraint("fk_visit_reviewed_by_therapist", type_="foreignkey")
        for column in (
            "review_outcome",
            "reviewed_flags",
            "review_note",
            "reviewed_at",
            "reviewed_by",
            "closed_at",
            "closed_reason",
            "session_minutes",
        ):
            batch.drop_column(column)
