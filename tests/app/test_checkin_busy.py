"""A database busy past the retry budget: the tablet says to see the front desk and keeps every answer."""

import sqlite3

import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.models import Visit
from tests.app.tablet import answer_about, finish_intake, open_app, scan, texts
from tests.factories import make_client


def test_a_busy_database_keeps_the_answers_and_says_see_the_front_desk(app_db, monkeypatch):
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    monkeypatch.setattr(settings, "write_retry_seconds", 0.2)
    tries = []

    def locked(_connection):
        tries.append(1)
        orig = sqlite3.OperationalError("database is locked")
        orig.sqlite_errorcode = 5
        raise sa.exc.OperationalError("BEGIN IMMEDIATE", None, orig)

    monkeypatch.setattr(db, "begin_writes", locked)  # a check-in takes the write lock there
    finish_intake(at)
    assert not at.exception
    assert len(tries) > 1  # tried again before giving up
    assert "Something went wrong. Please ask at the front desk." in texts(at)
    assert "locked" not in texts(at)
    assert at.session_state["draft"].step == "safety"
    assert at.session_state["draft"].answers["stress"] == 7
    with db.read_session(app_db) as session:
        assert session.exec(select(Visit)).all() == []
