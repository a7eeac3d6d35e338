"""Fixtures shared by integration tests."""

import pytest

from kiosk_core import db


@pytest.fixture
def desk_db(engine, monkeypatch):
    """The façades open their own sessions on the process's engine: make that the test's database."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine
