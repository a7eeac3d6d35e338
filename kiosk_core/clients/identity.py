"""Who someone is without their card: phone numbers, e-mails and names in one normal form each,
and the one rule that says whether a name matches a registered client's.

Pure: no database. kiosk_core.clients.recognition asks the database for the clients with the
same phone number or e-mail and lets `same_person` choose among them.
"""

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from rapidfuzz import fuzz

from kiosk_core.i18n import N_

# How alike two folded names must be (rapidfuzz's ratio, 0-100) to be one name typed wrong:
# "Delgada" for "Delgado" (86), "Smyth" for "Smith" (80). A family shares a last name and its
# phone, so a first name typed close but not equal ("Mario" for "Maria": 80) is never taken
# as the same person without asking: the client types it again (kiosk_core.clients.recognition).
CLOSE = 80
_DIALLED = re.compile(r"\+?[\d\s().-]+")

# The marks real names are typed with, one spelling each: curly and modifier apostrophes, the
# hyphen's Unicode cousins and the en and em dashes (keyboards and phones type them for "-").
_ONE_SPELLING = str.maketrans(dict.fromkeys("’‘ʼ`´", "'") | dict.fromkeys("‐‑‒–—―", "-"))


def tidy_name(text: str) -> str:
    """A name as stored: composed (NFC), one spelling of apostrophes and dashes, single spaces."""
    # Split on spaces only: a tab or a line break inside a name is refused, not made a space.
    return " ".join(filter(None, unicodedata.normalize("NFC", text).translate(_ONE_SPELLING).split(" ")))


def name_key(text: str) -> str:
    """A name folded for comparison: no case, no accents, letters only ("Núñez-O'Brien" and
    "nunez obrien" are one key)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if char.isalpha() and not unicodedata.combining(char))


def phone_key(text: str, region: str) -> str:
    """The number in E.164 (+13155550142), read as a number of `region` unless it starts with +;
    ValueError with the client's words when it is no phone number."""
    if not _DIALLED.fullmatch(text):  # phonenumbers would read letters as a keypad's ("1-800-FLOWERS")
        raise ValueError(N_("use digits only"))
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise ValueError(N_("enter a phone number with its area code")) from None
    # Possible (the right length for its country), not valid: the kiosk can't tell a new area
    # code from a typo, and a client must never be refused for having one.
    if phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise ValueError(N_("enter a phone number with its area code"))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_key(text: str) -> str:
    """An e-mail address as stored and compared: composed, no surrounding space, lower case."""
    return unicodedata.normalize("NFC", text).strip().lower()


@dataclass(frozen=True)
class Candidate:
    """A registered client who shares the phone number or e-mail just typed."""

    client_id: int
    first_name: str
    last_name: str


@dataclass(frozen=True)
class Matches:
    sure: list[int]  # the first name equal when folded, the last name equal or close
    unsure: list[int]  # the first name only close (same initial): ask before taking it


def _close(one: str, other: str) -> bool:
    return one == other or (one[:1] == other[:1] and fuzz.ratio(one, other) >= CLOSE)


def same_person(first_name: str, last_name: str, candidates: list[Candidate]) -> Matches:
    """Which candidates this name is: surely (more than one: never guess), or perhaps."""
    first, last = name_key(first_name), name_key(last_name)
    sure, unsure = [], []
    for candidate in candidates:
        if not _close(name_key(candidate.last_name), last):
            continue
        candidate_first = name_key(candidate.first_name)
        if candidate_first == first:
            sure.append(candidate.client_id)
        elif _close(candidate_first, first):
            unsure.append(candidate.client_id)
    return Matches(sure, unsure)


def same_first_name(first_name: str, last_name: str, candidates: list[Candidate]) -> list[int]:
    """The answer to "your first name, as you gave it before": only an equal first name is sure."""
    return same_person(first_name, last_name, candidates).sure
