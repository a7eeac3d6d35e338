"""Billing units for timed CPT codes, pure: the technique minutes of a signed note, mapped to CPT
codes (kiosk_core/care/catalog.py, beside each technique), billed in 15-minute units.

Two methods, chosen per payer in `clinic.toml` (`[billing] unit_method`):

- `cms_total_time` (the default, Medicare's "8-minute rule", CMS Medicare Claims Processing
  Manual, Pub. 100-04, Chapter 5, §20.2): the units of the visit come from the TOTAL timed
  minutes (under 8: none; 8-22: 1; 23-37: 2; 38-52: 3; each 15 more, one more), then go to the
  codes: each code first gets a unit per full 15 minutes of its own, and the units left go to
  the codes with the most minutes left over (CMS's examples: 33 min of one code and 7 of
  another is 2 + 1 units; 7 and 7 is one unit, to either).
- `substantial_portion` (AMA CPT's rule that many commercial payers follow): each code on its
  own minutes, a unit once a code reaches 8 minutes, the next at 23, and so on.

Untimed codes (97010 hot or cold packs) are one unit whenever given, by either method.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from kiosk_core.i18n import N_

UNIT_MINUTES = 15
MINUTES_FOR_A_UNIT = 8  # "substantial portion": more than half of 15 minutes


class UnitMethod(StrEnum):
    CMS_TOTAL_TIME = "cms_total_time"
    SUBSTANTIAL_PORTION = "substantial_portion"


@dataclass(frozen=True)
class Cpt:
    code: str
    label: str
    timed: bool


# The CPT codes the catalog's techniques bill as (descriptors shortened; CPT is the AMA's).
CPT_CODES = {
    "97124": Cpt("97124", N_("Massage therapy, each 15 minutes"), True),
    "97140": Cpt("97140", N_("Manual therapy techniques, each 15 minutes"), True),
    "97112": Cpt("97112", N_("Neuromuscular re-education, each 15 minutes"), True),
    "97010": Cpt("97010", N_("Hot or cold packs (untimed)"), False),
}


def units_for_minutes(minutes: int) -> int:
    """Units for a number of timed minutes: 0-7 none, 8-22 one, 23-37 two, 38-52 three...
    (CMS's table, §20.2; the same count AMA's "substantial portion" gives one code)."""
    return max(0, minutes + MINUTES_FOR_A_UNIT - 1) // UNIT_MINUTES


def minutes_by_code(techniques: Iterable[Mapping], cpt_of: Mapping[str, str]) -> dict[str, int]:
    """A note's techniques ({"code", "minutes"}) summed per CPT code; unbilled techniques left out."""
    by_code: dict[str, int] = {}
    for technique in techniques:
        cpt = cpt_of.get(technique.get("code", ""), "")
        if cpt:
            by_code[cpt] = by_code.get(cpt, 0) + max(0, int(technique.get("minutes") or 0))
    return by_code


def units_by_code(minutes: Mapping[str, int], method: UnitMethod | str = UnitMethod.CMS_TOTAL_TIME) -> dict[str, int]:
    """Units per CPT code for one visit's minutes per code, by `method`; codes with no unit left out."""
    timed = {code: m for code, m in minutes.items() if m > 0 and CPT_CODES.get(code, _TIMED).timed}
    units = {code: 1 for code, m in minutes.items() if m > 0 and not CPT_CODES.get(code, _TIMED).timed}
    if UnitMethod(method) is UnitMethod.SUBSTANTIAL_PORTION:
        units.update({code: units_for_minutes(m) for code, m in timed.items()})
    else:
        units.update(_cms_distribution(timed))
    return {code: n for code, n in units.items() if n > 0}


_TIMED = Cpt("", "", True)  # a code not in CPT_CODES is taken as timed


def _cms_distribution(minutes: Mapping[str, int]) -> dict[str, int]:
    total_units = units_for_minutes(sum(minutes.values()))
    units = {code: m // UNIT_MINUTES for code, m in minutes.items()}
    left = total_units - sum(units.values())
    # Most minutes left over first; a tie goes to the code with more minutes in all, then by code.
    by_remainder = sorted(minutes, key=lambda code: (-(minutes[code] % UNIT_MINUTES), -minutes[code], code))
    for code in by_remainder[:left]:
        units[code] += 1
    return units


@dataclass(frozen=True)
class PairWarning:
    """An NCCI procedure-to-procedure pair billed on one visit (e.g. 97140 with 97124)."""

    column_one: str
    column_two: str
    modifier_59: bool  # the therapist attested distinct regions: modifier 59 on column two


def pair_warnings(codes: Iterable[str], pairs: Iterable[tuple[str, str]], distinct_regions: bool) -> list[PairWarning]:
    """Each NCCI pair (column one, column two) whose both codes are billed on the visit."""
    billed = set(codes)
    return [PairWarning(one, two, distinct_regions) for one, two in pairs if one in billed and two in billed]


def modifiers(code: str, warnings: Iterable[PairWarning]) -> str:
    """Modifier 59 on a pair's column-two code, only when the therapist attested distinct regions."""
    return "59" if any(w.column_two == code and w.modifier_59 for w in warnings) else ""
