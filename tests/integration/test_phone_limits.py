"""Check-ins from phones, limited per phone, per address and per location a minute, on SQLite and
PostgreSQL: the count is in the database, so it holds across servers and under concurrent phones;
an enrolled tablet is never limited (issue 21, finding 2)."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin.device_limits import Device, Kind, TooManyFromPhones
from kiosk_core.checkin.device_limits import limits as keys_for
from kiosk_core.checkin.rate_limit import counted
from kiosk_core.config import settings
from kiosk_core.models import RateCount, Tablet, utcnow
from kiosk_core.screens import own_phone
from tests.factories import enrol_tablet

NOON = datetime(2026, 11, 23, 17, 0, 5, tzinfo=UTC)
NORTH, DOWNTOWN = "north-syracuse", "downtown-syracuse"


@pytest.fixture(autouse=True)
def limits(monkeypatch):
    monkeypatch.setattr(settings, "phone_checkins_per_device", 2)
    monkeypatch.setattr(settings, "phone_checkins_per_location", 4)


def allowed(engine, device, where=NORTH, now=NOON, address="", kind=Kind.CHECK_IN, token="") -> bool:
    browser = Device(tablet_token=token, phone_id=device, address=address)
    try:
        own_phone.allow(kind=kind, location_slug=where, device=browser, now=now, engine=engine)
    except TooManyFromPhones:
        return False
    return True


def device_key(device: str, kind=Kind.CHECK_IN) -> str:
    return keys_for(kind, NORTH, Device(phone_id=device))[0][0]


def location_key(where: str, kind=Kind.CHECK_IN) -> str:
    return keys_for(kind, where, Device(phone_id="x"))[-1][0]


def count(engine, key, now=NOON) -> int:
    with db.read_session(engine) as session:
        return counted(session=session, key=key, now=now)


def test_a_phone_gets_its_share_a_minute_and_a_refusal_counts_for_nothing(engine):
    assert [allowed(engine, "phone-a") for _ in range(4)] == [True, True, False, False]
    assert count(engine, device_key("phone-a")) == 2
    assert count(engine, location_key(NORTH)) == 2  # the refused tries used none of the location's
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
    assert count(engine, location_key(NORTH)) == 4


def test_counts_from_an_hour_ago_are_cleared(engine):
    allowed(engine, "phone-a", now=NOON - timedelta(hours=2))
    allowed(engine, "phone-b")
    with db.read_session(engine) as session:
        windows = {row.window_start for row in session.exec(select(RateCount))}
    assert windows == {NOON.replace(second=0)}


def test_a_request_without_a_phone_id_is_refused(engine):
    assert not allowed(engine, "")


def test_one_source_flooding_leaves_room_for_other_phones_and_the_tablet(engine, monkeypatch):
    """The attacker of the finding used the location's quota in 0.7 s by clearing the cookie
    each time (a new phone id per try), and 3 of 3 real phones were then refused. The address is
    counted before the location: the flood stops at its own share."""
    monkeypatch.setattr(settings, "phone_checkins_per_address", 2)
    monkeypatch.setattr(settings, "phone_checkins_per_location", 6)
    flood = [allowed(engine, f"cleared-cookie-{n}", address="203.0.113.9") for n in range(50)]
    assert flood.count(True) == 2
    real = [allowed(engine, f"real-phone-{n}", address=f"198.51.100.{n}") for n in range(3)]
    assert real == [True, True, True]
    token = enrol_tablet(engine, NORTH)
    assert all(allowed(engine, "", token=token) for _ in range(20))  # the lobby tablet: never limited


def test_only_a_valid_enrolled_token_of_this_location_is_a_tablet(engine):
    token = enrol_tablet(engine, NORTH)
    assert own_phone.allow(kind=Kind.CHECK_IN, location_slug=NORTH, device=Device(tablet_token=token), engine=engine)
    for where, wrong in ((DOWNTOWN, token), (NORTH, token[:-1] + "x"), (NORTH, "device=tablet")):
        assert not allowed(engine, "", where=where, token=wrong)  # no phone id either: refused
    with db.write_session(engine) as session:
        tablet = session.exec(select(Tablet)).one()
        assert tablet.last_used_at is not None and tablet.token_hash != token  # only its hash is kept
        tablet.revoked_at = utcnow()
        session.add(tablet)
    assert not allowed(engine, "", token=token)


def test_registrations_and_lookups_have_limits_of_their_own(engine):
    assert [allowed(engine, "phone-a", kind=Kind.REGISTER) for _ in range(3)] == [True, True, False]
    assert [allowed(engine, "phone-a", kind=Kind.LOOKUP) for _ in range(3)] == [True, True, False]
    assert allowed(engine, "phone-a")  # its check-in share is untouched


def test_the_refusal_is_said_kindly_in_the_clients_language():
    said = TooManyFromPhones().said
    assert said.in_language("en").startswith("Lots of check-ins from phones right now.")
    assert "tablet in the lobby" in said.in_language("en")
    assert said.in_language("es").startswith("Hay muchos registros desde teléfonos")
