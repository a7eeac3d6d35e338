"""The schema comes from Alembic and matches the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

from kiosk_core import db
from kiosk_core.models import Location


def test_the_migrations_match_the_models(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_migrating_again_changes_nothing(engine, clinic):
    db.init_db(engine, clinic)
    with db.read_session(engine) as session:
        assert [loc.slug for loc in session.exec(select(Location).order_by(Location.id))] == [
            "north-syracuse",
            "downtown-syracuse",
        ]


def test_a_fresh_sqlite_file_is_created_with_its_folder(tmp_path, clinic):
    engine = db.make_engine(f"sqlite:///{tmp_path / 'new' / 'folder' / 'kiosk.db'}")
    db.init_db(engine, clinic)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (tmp_path / "new" / "folder" / "kiosk.db").exists()
    engine.dispose()
