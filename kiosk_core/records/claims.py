"""Claim lines for a client's medical visits: one visit or a date range, each visit's signed note
turned into CPT lines (units by the clinic's method, kiosk_core.records.units), diagnosis
pointers from the care plan version in force on the visit's day, charges from `clinic.toml`.
A visit that can't be billed is refused with a coded reason, never billed partly. Services take
a session and never commit; the screens audit every read (kiosk_core.screens.billing_desk)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from kiosk_core.care.catalog import TECHNIQUE_CPT
from kiosk_core.care.tables import CarePlan, CarePlanVersion, SessionNote
from kiosk_core.clock import clinic_day
from kiosk_core.errors import NotFound
from kiosk_core.i18n import N_, translate
from kiosk_core.models import Client, Therapist, Visit
from kiosk_core.records.billing_policy import BillingPolicy
from kiosk_core.records.units import PairWarning, minutes_by_code, modifiers, pair_warnings, units_by_code
from kiosk_core.vocabulary import Queue, VisitStatus

POINTER_LETTERS = "ABCDEFGHIJKL"  # CMS-1500 box 21 holds 12 diagnoses
POINTERS_PER_LINE = 4  # box 24E points at up to 4 of them

# Why a visit is not billed, as codes; the words are message ids, translated when shown.
REFUSALS = {
    "therapeutic": N_("A therapeutic (relaxation) visit is not billed to insurance."),
    "not_seen": N_("The visit was not finished, so there is nothing to bill."),
    "no_signed_note": N_("The session note is not signed yet."),
    "no_diagnosis": N_("The care plan in force on that day has no diagnosis code (ICD-10-CM)."),
    "no_timed_minutes": N_("The note has no billable technique minutes (8 or more)."),
    "no_charge": N_("A CPT code billed has no charge in the clinic file."),
    "no_pointer_left": N_("Its diagnosis codes do not fit on this form (12 at most): print it on its own."),
}

PAIR_ATTESTED = N_("{day}: {one} and {two} on one visit (NCCI pair); modifier 59 on {two}: distinct regions attested.")
PAIR_NOT_ATTESTED = N_("{day}: {one} and {two} on one visit (NCCI pair); a payer may deny {two} without modifier 59.")


@dataclass(frozen=True)
class ClaimLine:
    visit_id: int
    day: date
    place_of_service: str
    cpt: str
    modifier: str
    pointers: str  # letters of box 21, e.g. "AB"
    minutes: int
    units: int
    charge: Decimal  # units x the code's charge per unit


@dataclass(frozen=True)
class Refusal:
    visit_id: int
    day: date
    ticket_code: str
    reason: str  # a REFUSALS code


@dataclass(frozen=True)
class Provider:
    name: str
    credentials: str = ""
    npi: str = ""


@dataclass(frozen=True)
class BilledVisit:
    visit_id: int
    day: date
    ticket_code: str
    therapist: Provider
    referrer: Provider
    lines: tuple[ClaimLine, ...]
    warnings: tuple[PairWarning, ...]


@dataclass(frozen=True)
class Claim:
    client_id: int
    client_name: str
    last_first: str  # "LAST, FIRST" as CMS-1500 box 2 wants it
    birth_date: date | None
    address: str
    language: str  # the client's latest visit's language
    diagnoses: tuple[tuple[str, str, str], ...]  # (letter, ICD-10-CM code, title)
    visits: tuple[BilledVisit, ...] = ()
    refused: tuple[Refusal, ...] = field(default_factory=tuple)

    @property
    def lines(self) -> list[ClaimLine]:
        return [line for visit in self.visits for line in visit.lines]

    @property
    def total(self) -> Decimal:
        return sum((line.charge for line in self.lines), Decimal("0.00"))


def claim_for(*, session: Session, client_id: int, policy: BillingPolicy, first: date, last: date,
              visit_id: int | None = None, location_id: int | None = None) -> Claim:  # fmt: skip
    """The client's medical visits from `first` to `last` (or the one visit), billed or refused.
    Therapeutic visits are refused only when asked for by themselves: a range lists medical ones."""
    client = session.get(Client, client_id)
    if client is None:
        raise NotFound(N_("We couldn't find that client."))
    statement = select(Visit).where(Visit.client_id == client_id)
    if visit_id is not None:
        statement = statement.where(Visit.id == visit_id)
    else:
        statement = statement.where(Visit.clinic_day >= first, Visit.clinic_day <= last, Visit.queue == Queue.MEDICAL)
    if location_id is not None:
        statement = statement.where(Visit.location_id == location_id)
    visits = list(session.exec(statement.order_by(Visit.clinic_day, Visit.checked_in_at, Visit.id)))
    if visit_id is not None and not visits:
        raise NotFound(N_("We couldn't find that visit."))
    notes = {n.visit_id: n for n in session.exec(select(SessionNote).where(SessionNote.client_id == client_id))}
    versions = _versions_by_day(session, client_id)
    staff = {t.id: t for t in session.exec(select(Therapist))}
    letters: dict[str, tuple[str, str]] = {}  # ICD-10-CM code -> (letter, title), in order of first use
    billed, refused = [], []
    for visit in visits:
        reason, version = _refusal(visit, notes.get(visit.id), versions, policy)
        if reason:
            refused.append(Refusal(visit.id, visit.clinic_day, visit.ticket_code, reason))
            continue
        for diagnosis in version.diagnoses:
            if diagnosis["code"] not in letters and len(letters) < len(POINTER_LETTERS):
                letters[diagnosis["code"]] = (POINTER_LETTERS[len(letters)], diagnosis.get("title", ""))
        pointers = "".join(letters[d["code"]][0] for d in version.diagnoses if d["code"] in letters)
        if not pointers:
            refused.append(Refusal(visit.id, visit.clinic_day, visit.ticket_code, "no_pointer_left"))
            continue
        billed.append(_billed(visit, notes[visit.id], version, pointers[:POINTERS_PER_LINE], staff, policy))
    language = visits[-1].language if visits else "en"
    diagnoses = tuple((letter, code, title) for code, (letter, title) in letters.items())
    name, last_first = f"{client.first_name} {client.last_name}", f"{client.last_name}, {client.first_name}"
    about = (client.birth_date, client.address, language, diagnoses)
    return Claim(client.id, name, last_first, *about, tuple(billed), tuple(refused))


def _versions_by_day(session: Session, client_id: int) -> list[tuple[date, date | None, CarePlanVersion]]:
    """Each plan version with the day it was written and the day its plan closed (if it did)."""
    closed = {p.id: p.closed_at for p in session.exec(select(CarePlan).where(CarePlan.client_id == client_id))}
    rows = session.exec(
        select(CarePlanVersion).where(CarePlanVersion.client_id == client_id).order_by(CarePlanVersion.written_at)
    )
    return [(clinic_day(v.written_at), clinic_day(closed[v.plan_id]) if closed.get(v.plan_id) else None, v)
            for v in rows]  # fmt: skip


def version_in_force(versions: list, day: date) -> CarePlanVersion | None:
    """The latest version written on or before `day` of a plan not closed before it."""
    found = None
    for written, closed, version in versions:
        if written <= day and (closed is None or closed >= day):
            found = version
    return found


def _refusal(visit: Visit, note: SessionNote | None, versions: list, policy: BillingPolicy):
    if visit.queue != Queue.MEDICAL:
        return "therapeutic", None
    if visit.status != VisitStatus.DONE:
        return "not_seen", None
    if note is None or note.signed_at is None:
        return "no_signed_note", None
    version = version_in_force(versions, visit.clinic_day)
    if version is None or not version.diagnoses:
        return "no_diagnosis", None
    units = units_by_code(minutes_by_code(note.content.get("techniques", []), TECHNIQUE_CPT), policy.unit_method)
    if not units:
        return "no_timed_minutes", None
    if set(units) - set(policy.charges):
        return "no_charge", None
    return "", version


def _billed(visit, note, version, pointers, staff, policy: BillingPolicy) -> BilledVisit:
    minutes = minutes_by_code(note.content.get("techniques", []), TECHNIQUE_CPT)
    units = units_by_code(minutes, policy.unit_method)
    distinct = "distinct_regions" in note.content.get("attestations", [])
    warnings = pair_warnings(units, policy.ncci_pairs, distinct)
    where = (visit.id, visit.clinic_day, policy.place_of_service)
    lines = tuple(
        ClaimLine(*where, code, modifiers(code, warnings), pointers, minutes[code], count, policy.charges[code] * count)
        for code, count in sorted(units.items(), key=lambda item: (-minutes[item[0]], item[0]))
    )
    therapist = staff.get(note.signed_by or note.therapist_id)
    treating = Provider(therapist.name, therapist.credentials, therapist.npi) if therapist else Provider("")
    referrer = Provider(version.referrer_name, "", version.referrer_npi)
    return BilledVisit(visit.id, visit.clinic_day, visit.ticket_code, treating, referrer, lines, tuple(warnings))


def refusal_text(reason: str) -> str:
    """The refusal's message id (translate it for the reader)."""
    return REFUSALS.get(reason, reason)


def warning_texts(claim: Claim, language: str) -> list[str]:
    """Each NCCI pair billed on a visit, in words."""
    return [
        translate(
            language,
            PAIR_ATTESTED if w.modifier_59 else PAIR_NOT_ATTESTED,
            day=v.day.isoformat(),
            one=w.column_one,
            two=w.column_two,
        )
        for v in claim.visits
        for w in v.warnings
    ]
