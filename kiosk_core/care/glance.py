"""What the board's detail pane shows about a client's care, beside the intake: the plan's
progress (visits done of planned, next visit due, re-assessment due), what a regular likes, and
the visit's note. One short read, in the detail's unit of work (which is audited)."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from kiosk_core.care import catalog
from kiosk_core.care.notes import remembered
from kiosk_core.care.plans import active_plan
from kiosk_core.care.schedule import next_visit_due, reassessment_due
from kiosk_core.care.tables import Outcome, SessionNote
from kiosk_core.i18n import translate
from kiosk_core.models import Visit


@dataclass(frozen=True)
class CareGlance:
    client_id: int
    plan: str  # "Care plan: 3 of 6 visits · next due 2026-11-23", or ""
    reassess_due: bool
    likes: str  # "Pressure: firm · avoid: feet · enjoyed: hot towels", or ""
    note: str  # "to write", "to sign", "signed"; "" before the visit is finished


def glance(*, session: Session, visit: Visit, today: date) -> CareGlance:
    plan_line, due = "", False
    found = active_plan(session, visit.client_id)
    if found is not None:
        plan, version = found
        days = session.exec(
            select(Visit.clinic_day)
            .where(Visit.id.in_(select(Outcome.visit_id).where(Outcome.plan_id == plan.id)))
            .distinct()
        ).all()
        next_due = next_visit_due(version.starts_on, version.frequency, version.visits_planned, sorted(days))
        plan_line = f"Care plan: {len(days)} of {version.visits_planned} visits"
        plan_line += f" · next due {next_due.isoformat()}" if next_due else " · every planned visit done"
        due = reassessment_due(version.reassess_on, today)
    said = remembered(session=session, client_id=visit.client_id)
    likes = []
    if said.get("pressure"):
        likes.append(f"Pressure: {translate('en', catalog.PRESSURE_LABELS[said['pressure']])}")
    if said.get("avoid_areas"):
        likes.append("avoid: " + ", ".join(translate("en", catalog.AREA_LABELS.get(a, a)) for a in said["avoid_areas"]))
    if said.get("liked"):
        likes.append(f"enjoyed: {said['liked']}")
    note = session.exec(select(SessionNote).where(SessionNote.visit_id == visit.id)).first()
    state = ""
    if visit.status == "done":
        state = "to write" if note is None else ("signed" if note.signed_at else "to sign")
    return CareGlance(visit.client_id, plan_line, due, " · ".join(likes), state)
