"""The session note's pure parts: S pre-filled from the visit's intake, the default split of the
session's minutes between techniques, and what a note needs before it can be signed."""

from dataclasses import dataclass
from typing import Any

from kiosk_core.care.catalog import (
    AREA_LABELS,
    ATTESTATION_LABELS,
    FINDING_LABELS,
    RESPONSE_LABELS,
    TECHNIQUE_LABELS,
    WORKED_AREA_LABELS,
)
from kiosk_core.errors import InvalidInput
from kiosk_core.i18n import N_
from kiosk_core.intake.answers import Intake

TEXT_MAX = 1000  # each of the note's own texts
TECHNIQUE_MINUTES_MAX = 240


def subjective(intake: Intake, *, flags: list[dict], review: dict | None, outcomes: list[dict]) -> dict[str, Any]:
    """S: what the client told us today, as codes and values (words are made when shown):
    goal, pain, stress, areas, conditions, their own words, today's PSFS and change, the red
    flags and the review. Read-only on the note: it is the client's, not the therapist's."""
    return {
        "intake": intake.stored(),
        "flags": list(flags),  # codes with their values, as the visit keeps them
        "review": review,
        "outcomes": outcomes,  # [{"measure": "psfs", "item": "act1", "text": "...", "value": 4}, ...]
    }


def split_minutes(total_minutes: float | None, techniques: list[str]) -> dict[str, int]:
    """The session's measured minutes shared between the techniques chosen: whole minutes, the
    first techniques taking one more while any are left over; the therapist changes them."""
    if not techniques:
        return {}
    total = max(0, round(total_minutes or 0))
    share, left = divmod(total, len(techniques))
    return {code: share + (1 if index < left else 0) for index, code in enumerate(techniques)}


@dataclass(frozen=True)
class NoteContent:
    """What the therapist writes: O, A and P (S is the intake's)."""

    findings: tuple[dict, ...] = ()  # {"area": code, "finding": code}
    objective_text: str = ""
    response: str = ""  # better / same / worse
    assessment_text: str = ""
    recommendation: str = ""  # for the referring provider: what next (the progress report prints the latest)
    techniques: tuple[dict, ...] = ()  # {"code": technique, "minutes": n}
    areas_worked: tuple[str, ...] = ()
    home_care: str = ""
    next_visit: str = ""
    pressure: str = ""  # therapeutic clients' preferences, remembered for next time
    avoid_areas: tuple[str, ...] = ()
    liked: str = ""
    attestations: tuple[str, ...] = ()  # catalog.ATTESTATIONS codes, e.g. distinct_regions (modifier 59)


def checked(content: NoteContent) -> NoteContent:
    """Codes from the catalogs and texts within their limits; InvalidInput names each problem."""
    problems = {}
    for finding in content.findings:
        if finding.get("area") not in AREA_LABELS or finding.get("finding") not in FINDING_LABELS:
            problems["findings"] = N_("Please choose each finding and its area from the lists.")
    for technique in content.techniques:
        minutes = technique.get("minutes")
        if technique.get("code") not in TECHNIQUE_LABELS:
            problems["techniques"] = N_("Please choose techniques from the list.")
        elif not isinstance(minutes, int) or not 0 <= minutes <= TECHNIQUE_MINUTES_MAX:
            problems["techniques"] = N_("Minutes for a technique are 0 to 240.")
    if len({t.get("code") for t in content.techniques}) != len(content.techniques):
        problems["techniques"] = N_("Each technique once, with all its minutes.")
    if set(content.areas_worked) - set(WORKED_AREA_LABELS) or set(content.avoid_areas) - set(AREA_LABELS):
        problems["areas_worked"] = N_("Please choose areas from the list.")
    if set(content.attestations) - set(ATTESTATION_LABELS):
        problems["attestations"] = N_("Please choose from the list.")
    if content.response and content.response not in RESPONSE_LABELS:
        problems["response"] = N_("Please choose better, same or worse.")
    for name in ("objective_text", "assessment_text", "recommendation", "home_care", "next_visit", "liked"):
        if len(getattr(content, name)) > TEXT_MAX:
            problems[name] = N_("Please keep it under {limit} characters.")
    if problems:
        raise InvalidInput(next(iter(problems.values())), problems=problems, limit=TEXT_MAX)
    return content


def missing_to_sign(content: NoteContent, *, medical: bool) -> list[str]:
    """What a note needs before it is signed: techniques always; for a medical visit also
    findings or their text (O) and the response (A). A therapeutic note is shorter."""
    missing = []
    if not content.techniques:
        missing.append(N_("the techniques used"))
    if medical and not (content.findings or content.objective_text.strip()):
        missing.append(N_("the findings (O)"))
    if medical and not content.response:
        missing.append(N_("the response to treatment (A)"))
    return missing
