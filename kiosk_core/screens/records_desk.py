"""What the paperwork asks of the core: a progress report for a client's referring provider
(a therapist, at a location where the client was seen; each one recorded, so "due" resets), and
the FHIR export of a client or of the location's clinic days (the reporting or admin role). Each
call is one unit of work; the member's authority is read afresh in it; every read is audited."""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.config import load_clinic, settings
from kiosk_core.errors import InvalidInput
from kiosk_core.i18n import LANGUAGES, N_
from kiosk_core.models import AuditEvent, Location, Visit, utcnow
from kiosk_core.records import fhir_bundle
from kiosk_core.records.pdf_page import Letterhead
from kiosk_core.records.progress_data import progress_data
from kiosk_core.records.progress_report import progress_pdf
from kiosk_core.records.report_due import plan_visit_count
from kiosk_core.records.tables import ProgressReport
from kiosk_core.staff.client_access import seen_here
from kiosk_core.staff.on_duty import Authority, on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember

RANGE_DAYS_MAX = 366
CLIENTS_LANGUAGE = "client"


@dataclass(frozen=True)
class Paper:
    data: bytes | str
    file_name: str
    mime: str
    said: str  # what was made, for the screen


def _audit(session: Session, who: Authority, action: str, detail: str, client_id: int | None = None) -> None:
    db.begin_writes(session)
    session.add(AuditEvent(action=action, therapist_id=who.therapist_id, location_id=who.location_id,
                           client_id=client_id, detail=detail))  # fmt: skip


def client_language(session: Session, client_id: int) -> str:
    latest = session.exec(
        select(Visit.language).where(Visit.client_id == client_id).order_by(Visit.checked_in_at.desc()).limit(1)
    ).first()
    return latest if latest in LANGUAGES else "en"


def progress_report(*, member: StaffMember, client_id: int, language: str = CLIENTS_LANGUAGE,
                    now: datetime | None = None, engine: sa.Engine | None = None) -> Paper:  # fmt: skip
    """The PDF of the client's plan (the active one, else the latest), in the client's language
    (`language` "client") or the one named; recorded and audited ("progress_report")."""
    now = now or utcnow()
    clinic = load_clinic()

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        seen_here(session, who, client_id)
        said_in = client_language(session, client_id) if language == CLIENTS_LANGUAGE else language
        if said_in not in LANGUAGES:
            raise InvalidInput(N_("Please choose a language."))
        place = session.get(Location, who.location_id)
        letterhead = Letterhead(clinic.clinic.name, place.name, place.address)
        data, plan_id = progress_data(session=session, client_id=client_id, letterhead=letterhead,
                                      language=said_in, policy=clinic.outcomes, today=clinic_day(now))  # fmt: skip
        pdf = progress_pdf(data, made_on=clinic_day(now))
        visits = plan_visit_count(session, plan_id)
        _audit(session, who, "progress_report", f"plan {plan_id}, {visits} visits, {said_in}", client_id)
        session.add(ProgressReport(plan_id=plan_id, made_at=now, made_by=who.therapist_id, visits_done=visits,
                                   language=said_in))  # fmt: skip
        name = f"progress-report-{client_id}-{clinic_day(now).isoformat()}-{said_in}.pdf"
        return Paper(pdf, name, "application/pdf", f"Progress report made ({visits} visits, {LANGUAGES[said_in]}).")

    return db.run_write(work, engine=engine)


def fhir_client(*, member: StaffMember, client_id: int, engine: sa.Engine | None = None) -> Paper:
    """One client's record as a FHIR R4 Bundle (JSON); the reporting or admin role; audited ("fhir_export")."""
    clinic = load_clinic()

    def work(session):
        who = on_duty(session, member, Need.REPORTS)
        seen_here(session, who, client_id)
        made = fhir_bundle.client_bundle(session=session, clinic=clinic, base=settings.fhir_base_url,
                                         client_id=client_id)  # fmt: skip
        _audit(session, who, "fhir_export", f"client {client_id}: {made.visits} visits, {made.resources} resources",
               client_id)  # fmt: skip
        return Paper(made.json, f"fhir-client-{client_id}.json", "application/fhir+json",
                     f"{made.resources} resources, {made.visits} visits.")  # fmt: skip

    return db.run_write(work, engine=engine)


def fhir_range(*, member: StaffMember, start: date, end: date, engine: sa.Engine | None = None) -> Paper:
    """Every visit at the member's location in the clinic days, with its client's record, as a
    FHIR R4 Bundle (JSON); the reporting or admin role; audited ("fhir_export")."""
    if end < start or (end - start).days >= RANGE_DAYS_MAX:
        raise InvalidInput(N_("Please choose a range of up to a year, the first day before the last."))
    clinic = load_clinic()

    def work(session):
        who = on_duty(session, member, Need.REPORTS)
        made = fhir_bundle.range_bundle(session=session, clinic=clinic, base=settings.fhir_base_url,
                                        location_id=who.location_id, start=start, end=end)  # fmt: skip
        _audit(session, who, "fhir_export", f"{start.isoformat()} to {end.isoformat()}: {made.clients} clients, "
               f"{made.visits} visits, {made.resources} resources")  # fmt: skip
        return Paper(made.json, f"fhir-{who.location_slug}-{start}-{end}.json", "application/fhir+json",
                     f"{made.resources} resources, {made.clients} clients, {made.visits} visits.")  # fmt: skip

    return db.run_write(work, engine=engine)
