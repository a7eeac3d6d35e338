"""AppTest fixtures: a fresh database per test and the app opened at a location."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kiosk_core import db
from kiosk_core.config import load_clinic, settings
from tests.factories import enrol_tablet

APP = str(Path(__file__).resolve().parents[2] / "kiosk.py")


@pytest.fixture
def app_db(tmp_path, monkeypatch, clinic):
    monkeypatch.setattr(settings, "database_url", f"sqlite:///{tmp_path / 'app.db'}")
    db.get_engine.cache_clear()
    engine = db.get_engine()
    db.init_db(engine, clinic)
    yield engine
    engine.dispose()
    db.get_engine.cache_clear()


def open_app(location: str | None = "north-syracuse", *, enrolled: bool = True) -> AppTest:
    """The check-in page at `location`, as the lobby tablet enrolled there (`enrolled`: else a
    browser that only typed the address, which the kiosk treats as a phone)."""
    at = AppTest.from_file(APP, default_timeout=30)
    if location is not None:
        at.query_params["location"] = location
        if enrolled and load_clinic().location(location) is not None:  # an unknown one has no tablet
            at.query_params["tablet"] = enrol_tablet(db.get_engine(), location)
    return at.run()
