"""A database busy past the retry budget: the tablet says to see the front desk and keeps every answer."""

import sqlite3

import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.models import Visit
from tests.app.tablet import answer_about, finish_intake, open_app, scan, texts
from tests.app.test_queue_page import markup, sign_in, staff_page, visible
from tests.factories import make_client, make_therapist


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


def test_a_full_database_keeps_the_answers_says_so_calmly_and_staff_see_a_red_banner(app_db, monkeypatch):
    """Issue 21, finding 6: a full disk gave the tablet only its generic message and staff no alert."""
    _, payload = make_client(app_db)
    at = scan(open_app(), payload)
    answer_about(at)
    monkeypatch.setattr(settings, "write_retry_seconds", 0.2)

    def full(_connection):
        orig = sqlite3.OperationalError("database or disk is full")
        orig.sqlite_errorcode = 13
        raise sa.exc.OperationalError("INSERT", None, orig)

    with monkeypatch.context() as during:
        during.setattr(db, "begin_writes", full)
        finish_intake(at)
    assert not at.exception
    assert "We can't save your check-in just now. Please ask at the front desk; your answers are kept." in texts(at)
    assert at.session_state["draft"].answers["stress"] == 7
    therapist = make_therapist(app_db, name="Sam Chen", pin="286413")
    staff = sign_in(staff_page(), therapist, "286413")
    assert "Storage full: the clinic's database can't save anything" in visible(staff)
    assert 'staff-note-flag" role="alert">Storage full' in markup(staff)
