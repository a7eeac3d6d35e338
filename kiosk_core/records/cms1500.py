"""The clinic's billable medical visits of a date range as CSV in the CMS-1500 (02/12) form's
order, for the billing person or a clearinghouse: one row per service line, columns named after
the form's boxes; and the refused visits with their reasons, as a second CSV. Cells are
neutralised against formulas (kiosk_core.reports.csv_cells)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from kiosk_core.i18n import translate
from kiosk_core.models import Location, Visit
from kiosk_core.records.billing_policy import BillingPolicy
from kiosk_core.records.claims import POINTER_LETTERS, Claim, claim_for, refusal_text
from kiosk_core.reports.csv_cells import csv_text
from kiosk_core.vocabulary import Queue

DIAGNOSIS_COLUMNS = [f"21{letter} diagnosis (ICD-10-CM)" for letter in POINTER_LETTERS]
COLUMNS = [
    "2 patient name",
    "3 patient birth date",
    "5 patient address",
    "17 referring provider",
    "17b referring provider NPI",
    "21 ICD indicator",
    *DIAGNOSIS_COLUMNS,
    "24A date of service",
    "24B place of service",
    "24D CPT",
    "24D modifier",
    "24E diagnosis pointer",
    "24F charges",
    "24G units",
    "24J rendering provider",
    "24J rendering provider NPI",
    "25 federal tax ID (EIN)",
    "26 patient account no.",
    "32 service facility",
    "33 billing provider",
    "33a billing provider NPI",
]
REFUSED_COLUMNS = ["date of service", "ticket", "26 patient account no.", "2 patient name", "reason code", "reason"]


@dataclass(frozen=True)
class Clinic:
    """Boxes 25 and 33: who bills."""

    name: str
    address: str
    phone: str
    npi: str
    tax_id: str


def claim_rows(claim: Claim, clinic: Clinic, facilities: dict[int, str]) -> list[list[object]]:
    """One row per service line of the claim (pure)."""
    diagnoses = {letter: code for letter, code, _title in claim.diagnoses}
    rows = []
    for visit in claim.visits:
        for line in visit.lines:
            rows.append([
                claim.last_first,
                claim.birth_date.strftime("%m/%d/%Y") if claim.birth_date else "",
                claim.address,
                visit.referrer.name,
                visit.referrer.npi,
                "0",  # ICD-10
                *(diagnoses.get(letter, "") for letter in POINTER_LETTERS),
                line.day.strftime("%m/%d/%Y"),
                line.place_of_service,
                line.cpt,
                line.modifier,
                line.pointers,
                f"{line.charge:.2f}",
                line.units,
                ", ".join(filter(None, (visit.therapist.name, visit.therapist.credentials))),
                visit.therapist.npi,
                clinic.tax_id,
                claim.client_id,
                facilities.get(visit.visit_id, ""),
                " · ".join(filter(None, (clinic.name, clinic.address, clinic.phone))),
                clinic.npi,
            ])  # fmt: skip
    return rows


def refused_rows(claim: Claim) -> list[list[object]]:
    return [[r.day.isoformat(), r.ticket_code, claim.client_id, claim.last_first, r.reason,
             translate("en", refusal_text(r.reason))] for r in claim.refused]  # fmt: skip


def claims_in_range(
    *, session: Session, policy: BillingPolicy, first: date, last: date, location_id: int
) -> list[Claim]:
    """The medical visits at one location from `first` to `last`, one claim per client."""
    clients = session.exec(
        select(Visit.client_id)
        .where(Visit.clinic_day >= first, Visit.clinic_day <= last, Visit.queue == Queue.MEDICAL)
        .where(Visit.location_id == location_id)
        .distinct()
        .order_by(Visit.client_id)
    ).all()
    where = {"session": session, "policy": policy, "first": first, "last": last, "location_id": location_id}
    return [claim_for(client_id=c, **where) for c in clients]


def facilities_of(session: Session, claims: Iterable[Claim]) -> dict[int, str]:
    """Box 32 per visit: the location where the service was given."""
    ids = [v.visit_id for claim in claims for v in claim.visits]
    if not ids:
        return {}
    places = {loc.id: " · ".join(filter(None, (loc.name, loc.address))) for loc in session.exec(select(Location))}
    rows = session.exec(select(Visit.id, Visit.location_id).where(Visit.id.in_(ids))).all()
    return {visit_id: places.get(location_id, "") for visit_id, location_id in rows}


def cms1500_csv(claims: list[Claim], clinic: Clinic, facilities: dict[int, str]) -> tuple[str, str]:
    """(the service lines, the refused visits) as CSV texts."""
    lines = [row for claim in claims for row in claim_rows(claim, clinic, facilities)]
    refused = [row for claim in claims for row in refused_rows(claim)]
    return csv_text(COLUMNS, lines), csv_text(REFUSED_COLUMNS, refused)
