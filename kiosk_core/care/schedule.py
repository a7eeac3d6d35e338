"""A plan's visits in time: the planned dates (dateutil.rrule), the next visit due and whether a
re-assessment is due. Pure: the caller says what today is."""

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

from dateutil import rrule

from kiosk_core.i18n import N_


class Frequency(StrEnum):
    TWICE_WEEKLY = "twice_weekly"
    WEEKLY = "weekly"
    EVERY_2_WEEKS = "every_2_weeks"
    MONTHLY = "monthly"


FREQUENCY_LABELS = {
    Frequency.TWICE_WEEKLY: N_("Twice a week"),
    Frequency.WEEKLY: N_("Weekly"),
    Frequency.EVERY_2_WEEKS: N_("Every 2 weeks"),
    Frequency.MONTHLY: N_("Monthly"),
}


def _rule(start: date, frequency: Frequency, count: int | None = None) -> rrule.rrule:
    dtstart = datetime(start.year, start.month, start.day)
    if frequency == Frequency.TWICE_WEEKLY:
        # The start's weekday and three days later: Monday and Thursday, Tuesday and Friday, ...
        days = (start.weekday(), (start.weekday() + 3) % 7)
        return rrule.rrule(rrule.WEEKLY, dtstart=dtstart, byweekday=days, count=count)
    if frequency == Frequency.MONTHLY:
        # A start after the 28th goes on the last day of each month: rrule would skip the months
        # without a 29th, 30th or 31st.
        day = start.day if start.day <= 28 else -1
        return rrule.rrule(rrule.MONTHLY, dtstart=dtstart, bymonthday=day, count=count)
    interval = 2 if frequency == Frequency.EVERY_2_WEEKS else 1
    return rrule.rrule(rrule.WEEKLY, dtstart=dtstart, interval=interval, count=count)


def planned_dates(start: date, frequency: Frequency, visits: int) -> list[date]:
    """The plan's visits as scheduled from its start, e.g. weekly × 6."""
    if visits < 1:
        raise ValueError("a plan has one visit at least")
    return [moment.date() for moment in _rule(start, Frequency(frequency), visits)]


def next_visit_due(start: date, frequency: Frequency, planned: int, visit_days: Sequence[date]) -> date | None:
    """The plan's next visit: the first date of its rhythm after the last visit (or its start,
    before any), keeping the rhythm when a client comes late; None once every planned visit is done."""
    if len(visit_days) >= planned:
        return None
    rule = _rule(start, Frequency(frequency))
    if not visit_days:
        return start
    after = rule.after(datetime.combine(max(visit_days), datetime.max.time()))
    return after.date() if after else None


def reassessment_due(reassess_on: date | None, today: date) -> bool:
    return reassess_on is not None and reassess_on <= today
