"""ICD-10-CM diagnosis codes from the real code set (the `simple-icd-10-cm` package: CMS's tabular
list), searched by code or by words, never typed free: a code not in the set is refused with the
nearest codes that are."""

import re
import warnings
from dataclasses import dataclass
from functools import cache

from kiosk_core.errors import InvalidInput
from kiosk_core.i18n import N_

_CODE_LIKE = re.compile(r"^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{0,4})?$")


@dataclass(frozen=True)
class Diagnosis:
    code: str  # with its dot, as printed: "M54.31"
    description: str
    billable: bool  # a leaf of the code set: what a claim needs


class UnknownDiagnosis(InvalidInput):
    message = N_("{code} is not an ICD-10-CM code. Nearest: {nearest}.")

    def __init__(self, code: str, nearest: list[Diagnosis]):
        shown = ", ".join(d.code for d in nearest) or "none"
        super().__init__(code=code, nearest=shown)
        self.nearest = nearest


@cache
def _icd():
    # Imported on first use: loading the code set takes about a second and a half. The package
    # reads its data with a resources call Python has deprecated; that is its business, not ours.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm


@cache
def _index() -> tuple[tuple[str, str, str, bool], ...]:
    """Every category and subcategory: (code, code without dot, description in lower case, billable)."""
    icd = _icd()
    rows = []
    for code in icd.get_all_codes(with_dots=True):
        if icd.is_category_or_subcategory(code) or icd.is_extended_subcategory(code):
            rows.append((code, code.replace(".", ""), icd.get_description(code).lower(), icd.is_leaf(code)))
    return tuple(rows)


@cache
def _by_bare_code() -> dict[str, Diagnosis]:
    icd = _icd()
    return {bare: Diagnosis(code, icd.get_description(code), leaf) for code, bare, _words, leaf in _index()}


def _diagnosis(code: str) -> Diagnosis:
    return _by_bare_code()[code.replace(".", "").upper()]


def lookup(code: str) -> Diagnosis:
    """The diagnosis of a code in the set (with or without its dot, any case); UnknownDiagnosis
    with the nearest codes for anything else (a chapter or a block is no diagnosis)."""
    wanted = code.strip().upper()
    if _CODE_LIKE.match(wanted) and wanted.replace(".", "") in _by_bare_code():
        return _diagnosis(wanted)
    raise UnknownDiagnosis(wanted, nearest(wanted))


def nearest(code: str, limit: int = 5) -> list[Diagnosis]:
    """Codes near a wrong one: the longest start of it that is a code, and that code's children
    (M54.39 -> M54.3, M54.30, M54.31, ...); else codes of the same letter and first digits."""
    plain = re.sub(r"[^0-9A-Z]", "", code.upper())
    for length in range(len(plain) - 1, 2, -1):
        start = plain[:length]
        if start in _by_bare_code():
            family = [start, *_icd().get_children(start)]
            return [_diagnosis(c) for c in family[:limit]]
    for length in (2, 1):
        found = [row[0] for row in _index() if row[1].startswith(plain[:length]) and len(row[1]) == 3]
        if found:
            return [_diagnosis(c) for c in found[:limit]]
    return []


def search(query: str, limit: int = 20) -> list[Diagnosis]:
    """Codes for what a therapist types: a code's start ("M54.3", "m543") or words, every one of
    which is in the description ("sciatica right"); billable codes first, then in code order."""
    words = query.strip().lower().split()
    if not words:
        return []
    plain = re.sub(r"[^0-9a-z]", "", words[0])
    by_code = len(words) == 1 and _CODE_LIKE.match(words[0]) is not None
    found = []
    for code, bare, description, billable in _index():
        if (by_code and bare.lower().startswith(plain)) or (not by_code and all(w in description for w in words)):
            found.append((not billable, code))
    found.sort()
    return [_diagnosis(code) for _billable, code in found[:limit]]
