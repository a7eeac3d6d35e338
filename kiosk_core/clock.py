"""The clinic day: the calendar date in the clinic's time zone, whatever the server's zone."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from kiosk_core.config import settings
from kiosk_core.models import utcnow


def clinic_day(moment: datetime | None = None, tz: ZoneInfo | None = None) -> date:
    return (moment or utcnow()).astimezone(tz or settings.tz).date()


def day_start(day: date, tz: ZoneInfo | None = None) -> datetime:
    """The first instant of a clinic day (aware; 23 or 25 hours before the next on DST days)."""
    return datetime.combine(day, time.min, tzinfo=tz or settings.tz)


def minutes_between(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start) / timedelta(minutes=1))
