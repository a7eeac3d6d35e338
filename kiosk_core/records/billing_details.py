"""What a claim needs that the check-in never asks: a client's date of birth and postal address
(CMS-1500 boxes 3 and 5), a therapist's credentials and individual NPI (box 24J). Staff keep
them from the chart and the admin page; each is checked here, before it is stored."""

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import NoReturn

from sqlmodel import Session

from kiosk_core.care.npi import valid_npi
from kiosk_core.errors import InvalidInput, NotFound
from kiosk_core.i18n import N_
from kiosk_core.models import Client, Therapist
from kiosk_core.text import no_control_characters

ADDRESS_MAX = 200
CREDENTIALS_MAX = 40
OLDEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class ClientDetails:
    birth_date: date | None
    address: str


def _refuse(field: str, problem: str) -> NoReturn:
    raise InvalidInput(problems={field: problem})


def clean_address(text: str) -> str:
    """One address as stored: composed (NFC), its lines kept (a street, then city, state and ZIP),
    each with single spaces; no control or invisible characters, at most ADDRESS_MAX."""
    lines = [" ".join(line.split()) for line in unicodedata.normalize("NFC", text or "").splitlines()]
    address = "\n".join(line for line in lines if line)
    try:
        no_control_characters(address.replace("\n", " "))
    except ValueError as error:
        _refuse("address", str(error))
    if len(address) > ADDRESS_MAX:
        _refuse("address", N_("Please keep the address to 200 characters."))
    return address


def check_birth_date(born: date | None, today: date) -> date | None:
    if born is not None and not OLDEST_BIRTH <= born <= today:
        _refuse("birth_date", N_("enter a real birth date"))
    return born


def clean_credentials(text: str) -> str:
    """e.g. "LMT" or "LMT, NCBTMB": letters, digits, spaces, commas, periods and hyphens."""
    credentials = " ".join(unicodedata.normalize("NFC", text or "").split())
    if len(credentials) > CREDENTIALS_MAX or any(not (c.isalnum() or c in " ,.-") for c in credentials):
        _refuse("credentials", N_("Letters and commas only, e.g. LMT, NCBTMB."))
    return credentials


def clean_npi(text: str) -> str:
    npi = "".join((text or "").split())
    if npi and not valid_npi(npi):
        _refuse("npi", N_("That isn't a valid NPI (10 digits, the last a check digit)."))
    return npi


def client_details(session: Session, client_id: int) -> ClientDetails:
    client = session.get(Client, client_id)
    if client is None:
        raise NotFound()
    return ClientDetails(client.birth_date, client.address)


def save_client_details(session: Session, client_id: int, details: ClientDetails, today: date) -> list[str]:
    """Store the checked details; returns the names of the fields that changed (for the audit)."""
    birth_date, address = check_birth_date(details.birth_date, today), clean_address(details.address)
    client = session.get(Client, client_id)
    if client is None:
        raise NotFound()
    changed = [name for name, new in (("birth_date", birth_date), ("address", address)) if getattr(client, name) != new]
    client.birth_date, client.address = birth_date, address
    session.add(client)
    return changed


def save_therapist_identity(session: Session, therapist_id: int, credentials: str, npi: str) -> list[str]:
    """A therapist's credentials and NPI as printed on claims; returns the fields that changed."""
    credentials, npi = clean_credentials(credentials), clean_npi(npi)
    therapist = session.get(Therapist, therapist_id)
    if therapist is None:
        raise NotFound()
    changed = [name for name, new in (("credentials", credentials), ("npi", npi)) if getattr(therapist, name) != new]
    therapist.credentials, therapist.npi = credentials, npi
    session.add(therapist)
    return changed
