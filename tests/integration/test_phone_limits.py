"""Check-ins from phones, limited per phone and per location a minute, on SQLite and PostgreSQL:
the count is in the database, so it holds across servers and under concurrent phones."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin.rate_limit import counted
from kiosk_core.config import settings
from kiosk_core.models import RateCount
from kiosk_core.screens import own_phone
from kiosk_core.screens.own_phone import TooManyFromPhones, allow_check_in

NOON = datetime(2026, 11, 23, 17, 0, 5, tzinfo=UTC)
NORTH, DOWNTOWN = "north-syracuse", "downtown-syracuse"


@pytest.fixture(autouse=True)
def limits(monkeypatch):
    monkeypatch.setattr(settings, "phone_checkins_per_device", 2)
    monkeypatch.setattr(settings, "phone_checkins_per_location", 4)


def allowed(engine, device, where=NORTH, now=NOON) -> bool:
    try:
        allow_check_in(location_slug=where, device_id=device, now=now, engine=engine)
    except TooManyFromPhones:
        return False
    return True


def count(engine, key, now=NOON) -> int:
    with db.read_session(engine) as session:
        return counted(session=session, key=key, now=now)


def test_a_phone_gets_its_share_a_minute_and_a_refusal_counts_for_nothing(engine):
    assert [allowed(engine, "phone-a") for _ in range(4)] == [True, True, False, False]
    assert count(engine, own_phone.device_key("phone-a")) == 2
    assert count(engine, own_phone.location_key(NORTH)) == 2  # the refused tries used none of the location's
    assert allowed(engine, "phone-a", now=NOON + timedelta(seconds=55))  # the next minute


def test_the_location_has_its_share_whichever_phones_ask(engine):
    assert [allowed(engine, f"phone-{n}") for n in range(6)] == [True] * 4 + [False] * 2
    assert allowed(engine, "phone-9", where=DOWNTOWN)  # another location counts apart
    assert not allowed(engine, "phone-0", now=NOON + timedelta(seconds=30))
    assert allowed(engine, "phone-0", now=NOON + timedelta(minutes=1))


def test_every_server_shares_the_count(engine):
    """Two engines on one database: two server processes."""
    other = db.make_engine(engine.url.render_as_string(hide_password=False))
    try:
        assert allowed(engine, "phone-a") and allowed(other, "phone-a")
        assert not allowed(other, "phone-a") and not allowed(engine, "phone-a")
    finally:
        other.dispose()


def test_phones_at_the_same_moment_never_get_past_the_limit(engine):
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: allowed(engine, f"phone-{n}"), range(12)))
    assert results.count(True) == 4
    assert count(engine, own_phone.location_key(NORTH)) == 4


def test_counts_from_an_hour_ago_are_cleared(engine):
    allowed(engine, "phone-a", now=NOON - timedelta(hours=2))
    allowed(engine, "phone-b")
    with db.read_session(engine) as session:
        windows = {row.window_start for row in session.exec(select(RateCount))}
    assert windows == {NOON.replace(second=0)}


def test_a_request_without_a_phone_id_is_refused():
    with pytest.raises(TooManyFromPhones):
        allow_check_in(location_slug=NORTH, device_id="")


def test_the_refusal_is_said_kindly_in_the_clients_language():
    said = TooManyFromPhones().said
    assert said.in_language("en").startswith("Lots of check-ins from phones right now.")
    assert "tablet in the lobby" in said.in_language("en")
    assert said.in_language("es").startswith("Hay muchos registros desde teléfonos")
