"""The phone check-in limits' pure parts: the minute counted, and the keys counted."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from kiosk_core.checkin.device_limits import Device, Kind, limits
from kiosk_core.checkin.rate_limit import window_start
from kiosk_core.config import Settings, settings

NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("now", "minute"),
    [
        (datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC), datetime(2026, 11, 23, 10, 0, tzinfo=UTC)),
        (datetime(2026, 11, 23, 10, 0, 59, 999_999, tzinfo=UTC), datetime(2026, 11, 23, 10, 0, tzinfo=UTC)),
        (datetime(2026, 11, 23, 10, 1, 0, tzinfo=UTC), datetime(2026, 11, 23, 10, 1, tzinfo=UTC)),
        (datetime(2026, 11, 1, 1, 30, 5, tzinfo=NY), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),  # 01:30 EDT
        (datetime(2026, 11, 1, 1, 30, 5, tzinfo=NY, fold=1), datetime(2026, 11, 1, 6, 30, tzinfo=UTC)),  # EST
    ],
)
def test_requests_are_counted_per_clock_minute_in_utc(now, minute):
    """The repeated hour when the clocks fall back is two hours of minutes, not one."""
    assert window_start(now) == minute


@pytest.mark.parametrize("kind", list(Kind))
def test_a_phone_is_counted_by_hashes_of_its_id_and_address_before_the_location(monkeypatch, kind):
    monkeypatch.setattr(settings, "phone_checkins_per_device", 2)
    monkeypatch.setattr(settings, "phone_checkins_per_address", 5)
    monkeypatch.setattr(settings, "phone_checkins_per_location", 9)
    device = Device(phone_id="n3Jd0-ZqXo2vC8Lw9aYbTtRr1uK4", address="203.0.113.9")
    (first, device_limit), (second, address_limit), (third, location_limit) = limits(kind, "north-syracuse", device)
    assert first.startswith(f"{kind}:phone:") and device.phone_id not in first and len(first) <= 80
    assert second.startswith(f"{kind}:addr:") and "203.0.113.9" not in second and len(second) <= 80
    assert (third, device_limit, address_limit, location_limit) == (f"{kind}:at:north-syracuse", 2, 5, 9)
    other = limits(kind, "north-syracuse", Device(phone_id=device.phone_id + "x"))
    assert other[0][0] != first and len(other) == 2  # no address known: the phone, then the location


def test_the_public_address_is_a_web_address_without_a_trailing_slash(monkeypatch):
    monkeypatch.delenv("KIOSK_PUBLIC_URL", raising=False)
    assert Settings(public_url=" https://kiosk.example.com/ ").public_url == "https://kiosk.example.com"
    assert Settings().public_url == ""
    with pytest.raises(ValidationError):
        Settings(public_url="kiosk.example.com")
