"""When a care plan's progress report is due for the referring provider: every N of the plan's
visits since the last report (KIOSK_PROGRESS_REPORT_EVERY, default 8), and once at the plan's end
(its last planned visit done, or the plan completed). A report made resets it
(kiosk_core.records.tables.ProgressReport). The rule is pure; the query feeds the board."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core.care.tables import CarePlan, CarePlanVersion, Outcome
from kiosk_core.models import Client, Visit
from kiosk_core.records.tables import ProgressReport

COMPLETED_DAYS = 60  # a completed plan's end report is asked for this long, then the board lets it go


class DueWhy(StrEnum):
    VISITS = "visits"  # N visits since the last report
    PLAN_END = "plan_end"  # the last planned visit done, or the plan completed


def report_due(
    *, status: str, visits_done: int, visits_planned: int, reported_at_visits: int | None, every: int
) -> DueWhy | None:
    """Why a report is due now, or None. `reported_at_visits`: the plan's visits counted by its
    latest report (None: no report yet). A stopped plan asks for nothing: the client left it."""
    if every < 1:
        raise ValueError("a report every 1 visit at least")
    since = visits_done - (reported_at_visits or 0)
    if status == "stopped" or visits_done < 1 or since < 1:
        return None
    if status == "completed" or visits_done >= visits_planned:
        return DueWhy.PLAN_END
    if since >= every:
        return DueWhy.VISITS
    return None


@dataclass(frozen=True)
class ReportDue:
    client_id: int
    plan_id: int
    name: str  # first name and last initial, as the board names clients
    visits_done: int
    visits_planned: int
    why: DueWhy


def reports_due(*, session: Session, therapist_id: int, location_id: int, every: int, now: datetime) -> list[ReportDue]:
    """The plans this therapist made or treated, of clients seen at the location, whose report is
    due: active plans, and those completed in the last COMPLETED_DAYS. Three short queries that
    start from the few open plans and reach visits by their keys: the board asks every 2 seconds."""
    treated = (
        select(Outcome.id)
        .join(Visit, Visit.id == Outcome.visit_id)
        .where(Outcome.plan_id == CarePlan.id, Visit.therapist_id == therapist_id)
    )
    seen_here = select(Visit.id).where(Visit.client_id == CarePlan.client_id, Visit.location_id == location_id)
    recently = (CarePlan.status == "active") | (
        (CarePlan.status == "completed") & (CarePlan.closed_at >= now - timedelta(days=COMPLETED_DAYS))
    )
    plans = session.exec(
        select(CarePlan, CarePlanVersion.visits_planned, Client.first_name, Client.last_name)
        .join(CarePlanVersion, (CarePlanVersion.plan_id == CarePlan.id) & (CarePlanVersion.version == CarePlan.version))
        .join(Client, Client.id == CarePlan.client_id)
        .where(
            recently,
            (CarePlan.created_by == therapist_id) | treated.exists(),
            seen_here.exists(),
        )
    ).all()
    if not plans:
        return []
    ids = [plan.id for plan, *_rest in plans]
    done = dict(
        session.exec(
            select(Outcome.plan_id, sa.func.count(sa.distinct(Outcome.visit_id)))
            .where(Outcome.plan_id.in_(ids))
            .group_by(Outcome.plan_id)
        ).all()
    )
    reported = dict(
        session.exec(
            select(ProgressReport.plan_id, sa.func.max(ProgressReport.visits_done))
            .where(ProgressReport.plan_id.in_(ids))
            .group_by(ProgressReport.plan_id)
        ).all()
    )
    due = []
    for plan, planned, first, last in plans:
        visits = done.get(plan.id, 0)
        why = report_due(status=plan.status, visits_done=visits, visits_planned=planned,
                         reported_at_visits=reported.get(plan.id), every=every)  # fmt: skip
        if why is not None:
            due.append(ReportDue(plan.client_id, plan.id, f"{first} {last[:1]}.", visits, planned, why))
    return due


def plan_visit_count(session: Session, plan_id: int) -> int:
    return session.exec(select(sa.func.count(sa.distinct(Outcome.visit_id))).where(Outcome.plan_id == plan_id)).one()
