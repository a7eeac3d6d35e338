"""Settings and the clinic file."""

from pathlib import Path

import pytest

from kiosk_core.config import ClinicConfigError, Settings, load_clinic


def test_the_shipped_clinic_has_two_syracuse_locations():
    clinic = load_clinic()
    assert [loc.slug for loc in clinic.locations] == ["north-syracuse", "downtown-syracuse"]
    assert {q.ticket_prefix for q in clinic.queues.values()} == {"M", "T"}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_url_gets_the_psycopg3_driver(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert Settings().database_url == expected


def test_defaults_give_a_working_sqlite_app(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    defaults = Settings()
    assert defaults.database_url.startswith("sqlite:///") and defaults.database_url.endswith("data/kiosk.db")
    assert defaults.timezone == "America/New_York"


def test_unknown_time_zone_is_refused(monkeypatch):
    monkeypatch.setenv("KIOSK_TIMEZONE", "Mars/Olympus_Mons")
    with pytest.raises(ValueError, match="unknown time zone"):
        Settings()


ANOTHER_CLINIC = """
[clinic]
name = "Lakeside Bodywork"
[[locations]]
slug = "lakeside"
name = "Lakeside"
[queues.medical]
label = "Clinical"
ticket_prefix = "C"
default_service_minutes = 45
[queues.therapeutic]
label = "Wellness"
ticket_prefix = "W"
default_service_minutes = 30
[routing]
tie_queue = "medical"
"""


def test_another_clinic_is_another_file(tmp_path: Path):
    path = tmp_path / "lakeside.toml"
    path.write_text(ANOTHER_CLINIC)
    clinic = load_clinic(path)
    assert clinic.clinic.name == "Lakeside Bodywork"
    assert clinic.location("lakeside").name == "Lakeside"
    assert clinic.routing.tie_queue == "medical"
    assert clinic.routing.medical_weights.insurance == 4  # unset knobs keep their defaults


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('slug = "lakeside"', 'slug = "Lake Side!"'), "slug"),
        (lambda t: t.replace('ticket_prefix = "W"', 'ticket_prefix = "C"'), "prefixes"),
        (lambda t: t + '[[locations]]\nslug = "lakeside"\nname = "Again"\n', "share a slug"),
        (lambda t: t.replace("[queues.therapeutic]", "[queues.spa]"), "queues"),
        (lambda t: t.replace('tie_queue = "medical"', "tie_queue = 3"), "tie_queue"),
        (lambda t: t + "[[[broken", "not valid"),
    ],
)
def test_a_wrong_clinic_file_says_what_is_wrong(tmp_path: Path, change, message):
    path = tmp_path / "bad.toml"
    path.write_text(change(ANOTHER_CLINIC))
    with pytest.raises(ClinicConfigError, match=message):
        load_clinic(path)


def test_a_missing_clinic_file(tmp_path: Path):
    with pytest.raises(ClinicConfigError, match="not found"):
        load_clinic(tmp_path / "nowhere.toml")
