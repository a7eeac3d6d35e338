"""Migration 0004 on a database with visits in every state of 0003: each started session gets its
period (still open while in session) and a finished one its minutes; down again, and up again."""

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from kiosk_core import db
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)

VISIT = (
    "INSERT INTO visit (location_id, client_id, clinic_day, queue, ticket_code, status, intake_json, routed_queue, "
    "reroute_reason, checked_in_at, started_at, finished_at, cancelled_at) VALUES (1, :client, '2026-11-01', "
    "'therapeutic', :ticket, :status, '{}', 'therapeutic', '', '2026-11-01 14:00:00', :started, :finished, :cancelled)"
)


def downgrade(engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
        connection.commit()


def _rows(engine, sql):
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(sa.text(sql)).all()]


def test_sessions_before_0004_get_their_periods_and_minutes(bare_engine, clinic):  # noqa: F811
    db.migrate(bare_engine, "0003")
    with bare_engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO location (slug, name, address) VALUES ('north-syracuse', 'N', '')"))
        for n, (status, started, finished, cancelled) in enumerate(
            [
                ("done", "2026-11-01 14:10:00", "2026-11-01 15:00:00", None),
                ("in_session", "2026-11-01 14:20:00", None, None),
                ("cancelled", "2026-11-01 14:30:00", None, "2026-11-01 14:45:00"),
                ("waiting", None, None, None),
            ],
            start=1,
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO client (first_name, last_name, phone, email, created_at) "
                    "VALUES ('A', 'B', '', '', '2026-11-01 10:00:00')"
                )
            )
            connection.execute(
                sa.text(VISIT),
                {
                    "client": n,
                    "ticket": f"T-00{n}",
                    "status": status,
                    "started": started,
                    "finished": finished,
                    "cancelled": cancelled,
                },
            )
    db.migrate(bare_engine, "0004")
    periods = _rows(bare_engine, "SELECT visit_id, ended_at IS NULL FROM sessionperiod ORDER BY visit_id")
    minutes = _rows(bare_engine, "SELECT id, session_minutes, review_outcome, reviewed_flags FROM visit ORDER BY id")
    assert periods == [(1, False), (2, True), (3, False)]
    assert [(m[0], m[1]) for m in minutes] == [(1, 50.0), (2, None), (3, 15.0), (4, None)]
    assert {m[2] for m in minutes} == {None} and {str(m[3]) for m in minutes} == {"[]"}

    with bare_engine.begin() as connection:  # a paused visit is open: the same client can't open another
        connection.execute(sa.text("UPDATE visit SET status = 'paused' WHERE id = 2"))
        try:
            with connection.begin_nested():
                connection.execute(
                    sa.text(VISIT.replace(":client", "2")),
                    {"ticket": "T-009", "status": "waiting"} | dict.fromkeys(("started", "finished", "cancelled")),
                )
            raise AssertionError("a second open visit was allowed")
        except sa.exc.IntegrityError:
            pass
        connection.execute(sa.text("UPDATE visit SET status = 'walked_out' WHERE id = 4"))

    downgrade(bare_engine, "0003")
    assert _rows(bare_engine, "SELECT id, status FROM visit ORDER BY id") == [
        (1, "done"),
        (2, "in_session"),
        (3, "cancelled"),
        (4, "cancelled"),
    ]
    db.migrate(bare_engine, "head")
    assert len(_rows(bare_engine, "SELECT id FROM sessionperiod")) == 3
