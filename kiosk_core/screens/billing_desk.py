"""What the chart's billing section and the reports page ask of the core: a superbill for one
medical visit or a date range of a client's (a therapist at a location where the client has been
seen: Need.INTAKE), and the clinic's CMS-1500 lines of a date range (the reporting role:
Need.REPORTS). Each is one unit of work that reads, checks the member's authority afresh and
leaves its audit row before anything is returned; the PDF and the CSV are drawn after it."""

from dataclasses import dataclass, field
from datetime import date

from kiosk_core import db
from kiosk_core.clock import clinic_day
from kiosk_core.config import ClinicConfig, load_clinic
from kiosk_core.errors import InvalidInput
from kiosk_core.i18n import LANGUAGES, N_, translate
from kiosk_core.models import AuditEvent, utcnow
from kiosk_core.records import cms1500
from kiosk_core.records.claims import Claim, claim_for, refusal_text, warning_texts
from kiosk_core.records.superbill import Biller, superbill_pdf
from kiosk_core.staff.client_access import seen_here
from kiosk_core.staff.on_duty import audit_read, on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember

RANGE_DAYS_MAX = 366


@dataclass(frozen=True)
class Superbill:
    pdf: bytes | None  # None when nothing in it could be billed
    file_name: str
    refused: list[str] = field(default_factory=list)  # "2026-11-02 M003: the note is not signed yet."
    warnings: list[str] = field(default_factory=list)


def _checked_range(first: date, last: date) -> None:
    if last < first:
        raise InvalidInput(N_("The end date is before the start date."))
    if (last - first).days > RANGE_DAYS_MAX:
        raise InvalidInput(N_("Please choose at most a year."))


def biller(clinic: ClinicConfig, location_slug: str) -> Biller:
    info, place = clinic.clinic, clinic.location(location_slug)
    return Biller(info.name, info.address, info.phone, info.npi, info.tax_id, place.name if place else "",
                  place.address if place else "", place.phone if place else "")  # fmt: skip


def superbill(*, member: StaffMember, client_id: int, visit_id: int | None = None, first: date | None = None,
              last: date | None = None, language: str = "client",
              clinic: ClinicConfig | None = None) -> Superbill:  # fmt: skip
    """The superbill of one visit (visit_id) or of the client's medical visits from first to
    last; language "client" prints in the client's language, or a language's code ("en"). Audited
    ("print_superbill") in the unit of work that read it."""
    clinic = clinic or load_clinic()
    if language != "client" and language not in LANGUAGES:
        raise InvalidInput(N_("Please choose from the list."))
    if visit_id is None:
        if first is None or last is None:
            raise InvalidInput(N_("Please choose the dates."))
        _checked_range(first, last)

    def work(session):
        who = on_duty(session, member, Need.INTAKE)
        seen_here(session, who, client_id)
        claim = claim_for(session=session, client_id=client_id, policy=clinic.billing, visit_id=visit_id,
                          first=first or date.min, last=last or date.max)  # fmt: skip
        db.begin_writes(session)
        lines = len(claim.lines)
        session.add(AuditEvent(action="print_superbill", therapist_id=who.therapist_id, location_id=who.location_id,
                               client_id=client_id, visit_id=visit_id,
                               detail=f"{lines} lines, {len(claim.refused)} refused"))  # fmt: skip
        return claim, who.location_slug

    claim, slug = db.run_write(work)
    return _superbill(claim, biller(clinic, slug), language, visit_id, first, last)


def _superbill(claim: Claim, by: Biller, language: str, visit_id, first, last) -> Superbill:
    refused = [f"{r.day.isoformat()} {r.ticket_code}: {translate('en', refusal_text(r.reason))}" for r in claim.refused]
    warnings = warning_texts(claim, "en")
    span = claim.visits[0].day.isoformat() if visit_id is not None and claim.visits else f"{first}_{last}"
    name = f"superbill-{claim.client_id}-{span}.pdf"
    if not claim.lines:
        if not refused:
            refused = [translate("en", N_("No medical visits in those dates."))]
        return Superbill(None, name, refused, warnings)
    printed = clinic_day(utcnow())
    pdf = superbill_pdf(claim, by, language=claim.language if language == "client" else language, printed_on=printed)
    return Superbill(pdf, name, refused, warnings)


@dataclass(frozen=True)
class ClaimsCsv:
    lines_csv: str
    refused_csv: str
    lines: int
    refused: int


def cms1500_lines(*, member: StaffMember, first: date, last: date, clinic: ClinicConfig | None = None) -> ClaimsCsv:
    """The billable medical visits at the member's location from first to last in the CMS-1500's
    order, and the refused ones with their reasons; for the reporting role; audited
    ("export_cms1500", naming the clients)."""
    clinic = clinic or load_clinic()
    _checked_range(first, last)
    info = clinic.clinic
    who_bills = cms1500.Clinic(info.name, info.address, info.phone, info.npi, info.tax_id)

    def work(session):
        who = on_duty(session, member, Need.REPORTS)
        where = {"session": session, "policy": clinic.billing, "first": first, "last": last}
        claims = cms1500.claims_in_range(**where, location_id=who.location_id)  # the member's location only
        facilities = cms1500.facilities_of(session, claims)
        lines = sum(len(claim.lines) for claim in claims)
        refused = sum(len(claim.refused) for claim in claims)
        clients = ",".join(str(claim.client_id) for claim in claims)
        detail = f"{first}..{last}: {lines} lines, {refused} refused; clients {clients}"
        audit_read(session, who, "export_cms1500", detail)
        return claims, facilities, lines, refused

    claims, facilities, lines, refused = db.run_write(work)
    lines_csv, refused_csv = cms1500.cms1500_csv(claims, who_bills, facilities)
    return ClaimsCsv(lines_csv, refused_csv, lines, refused)
