"""The clinic day is New York's date, across midnight and both DST changes."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk_core.clock import clinic_day, day_start

NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("utc", "day"),
    [
        (datetime(2026, 11, 23, 4, 59, tzinfo=UTC), date(2026, 11, 22)),  # 23:59 EST
        (datetime(2026, 11, 23, 5, 0, tzinfo=UTC), date(2026, 11, 23)),  # midnight EST
        (datetime(2026, 7, 1, 3, 59, tzinfo=UTC), date(2026, 6, 30)),  # 23:59 EDT
        (datetime(2026, 7, 1, 4, 0, tzinfo=UTC), date(2026, 7, 1)),  # midnight EDT
        (datetime(2026, 3, 8, 6, 59, tzinfo=UTC), date(2026, 3, 8)),  # 01:59 EST, before spring forward
        (datetime(2026, 3, 8, 7, 0, tzinfo=UTC), date(2026, 3, 8)),  # 03:00 EDT, after
        (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), date(2026, 11, 1)),  # 01:30 EDT, the first one
        (datetime(2026, 11, 1, 6, 30, tzinfo=UTC), date(2026, 11, 1)),  # 01:30 EST, the repeat
        (datetime(2026, 11, 2, 4, 59, tzinfo=UTC), date(2026, 11, 1)),  # 23:59 EST, end of the 25-hour day
    ],
)
def test_clinic_day(utc, day):
    assert clinic_day(utc, NY) == day


def test_dst_days_have_23_and_25_hours():
    spring = day_start(date(2026, 3, 9), NY) - day_start(date(2026, 3, 8), NY)
    autumn = day_start(date(2026, 11, 2), NY) - day_start(date(2026, 11, 1), NY)
    assert spring.total_seconds() == 23 * 3600
    assert autumn.total_seconds() == 25 * 3600


def test_server_zone_does_not_matter():
    moment = datetime(2026, 11, 23, 2, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # 17:00 UTC the day before
    assert clinic_day(moment, NY) == date(2026, 11, 22)
