"""Alembic environment: runs on the connection db.migrate hands over, or on DATABASE_URL."""

from alembic import context
from sqlmodel import SQLModel

import kiosk_core.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    from kiosk_core.db import get_engine

    with get_engine().connect() as fresh:
        run(fresh)
        fresh.commit()
