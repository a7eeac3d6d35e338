"""Reports for a date range and location: check-ins, routing, red flags, waits and sessions."""

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from kiosk_core.clock import minutes_between
from kiosk_core.config import QUEUES, settings
from kiosk_core.errors import InvalidInput
from kiosk_core.models import Visit
from kiosk_core.queue import location_by_slug
from kiosk_core.wording import flag_text

MAX_DAYS = 366


def percentile(values: list[float], share: float) -> float:
    """Linear-interpolated percentile (share in 0..1); a single value is its own percentile."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Report:
    check_ins: int
    by_queue: dict[str, int]
    flagged: int
    rerouted: int
    per_day: list[dict]  # {"day", "queue", "check_ins"}
    per_hour: list[dict]  # {"hour", "queue", "check_ins"}, clinic time
    red_flags: list[dict]  # {"code", "flag" (in English), "visits"}, grouped by code
    times: list[dict]  # {"queue", "measure", "median", "p90", "visits"} in minutes


def visit_report(*, session: Session, start: date, end: date, location_slug: str) -> Report:
    if end < start:
        raise InvalidInput("The end date is before the start date.")
    if (end - start).days >= MAX_DAYS:
        raise InvalidInput("Please choose at most a year.")
    location = location_by_slug(session, location_slug)
    visits = session.exec(
        select(Visit).where(Visit.location_id == location.id, Visit.clinic_day >= start, Visit.clinic_day <= end)
    ).all()
    per_day = Counter((v.clinic_day, v.routed_queue) for v in visits)
    per_hour = Counter((v.checked_in_at.astimezone(settings.tz).hour, v.routed_queue) for v in visits)
    flags = Counter(flag["code"] for v in visits for flag in v.flags)
    times = []
    for queue in QUEUES:
        served_here = [v for v in visits if v.queue == queue]
        measures = {
            "wait": [minutes_between(v.checked_in_at, v.called_at) for v in served_here if v.called_at],
            "session": [
                minutes_between(v.started_at, v.finished_at) for v in served_here if v.started_at and v.finished_at
            ],
        }
        for measure, minutes in measures.items():
            if minutes:
                times.append(
                    {
                        "queue": queue,
                        "measure": measure,
                        "median": round(statistics.median(minutes), 1),
                        "p90": round(percentile(minutes, 0.9), 1),
                        "visits": len(minutes),
                    }
                )
    return Report(
        check_ins=len(visits),
        by_queue={q: sum(1 for v in visits if v.routed_queue == q) for q in QUEUES},
        flagged=sum(1 for v in visits if v.flags),
        rerouted=sum(1 for v in visits if v.rerouted_at is not None),
        per_day=[{"day": d.isoformat(), "queue": q, "check_ins": n} for (d, q), n in sorted(per_day.items())],
        per_hour=[{"hour": h, "queue": q, "check_ins": n} for (h, q), n in sorted(per_hour.items())],
        red_flags=[{"code": c, "flag": flag_text({"code": c}), "visits": n} for c, n in flags.most_common()],
        times=times,
    )
