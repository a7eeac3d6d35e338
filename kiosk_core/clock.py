"""The clinic day: the calendar date in the clinic's time zone, whatever the server's zone."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk_core.config import settings
from kiosk_core.models import utcnow


def clinic_day(moment: datetime | None = None, tz: ZoneInfo | None = None) -> date:
    return (moment or utcnow()).astimezone(tz or settings.tz).date()


def day_start(day: date, tz: ZoneInfo | None = None) -> datetime:
    """The first instant of a clinic day, in UTC (23 or 25 hours before the next on DST days).

    In UTC because Python subtracts two times of the same zone by the wall clock, ignoring DST.
    """
    return datetime.combine(day, time.min, tzinfo=tz or settings.tz).astimezone(UTC)


def minutes_between(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start) / timedelta(minutes=1))
