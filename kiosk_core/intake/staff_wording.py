"""Why a client is in their queue, as staff read it: about the client, in the third person, in
a few words ("Wants to relax; stress 8/10"), where the tablet says it to the client ("You want
to relax and feel well."; kiosk_core.intake.wording). Made from the same stored codes, in the
reader's language; a code this version doesn't know reads as its client-facing words.
"""

from kiosk_core.i18n import N_, translate
from kiosk_core.intake.answers import Intake
from kiosk_core.intake.questions import CATALOG, CONDITIONS
from kiosk_core.intake.shapes import Recency
from kiosk_core.intake.wording import REASONS, listing, reason_text

# Phrases joined with "; ", the first one capitalised: each starts in lower case.
STAFF_REASONS = {
    "diagnosis": N_("has a diagnosis"),
    "referral": N_("referred by their doctor"),
    "documents": N_("brought records: {documents}"),
    "insurance": N_("wants to use insurance"),
    "recent_injury": N_("recent injury: {when}"),
    "recent_surgery": N_("recent surgery: {when}"),
    "medical_conditions": N_("{conditions}"),
    "chronic_tension": N_("long-lasting muscle tightness"),
    "everyday_tension": N_("everyday muscle tightness"),
    "specific_goal": N_("wants one problem treated"),
    "high_pain": N_("pain {pain}/10"),
    "relaxation_goal": N_("wants to relax"),
    "therapeutic_conditions": N_("{conditions}"),
    "full_body": N_("wants a full-body massage"),
    "high_stress": N_("stress {stress}/10"),
    "asked_medical": N_("asked for medical massage"),
    "asked_therapeutic": N_("asked for therapeutic massage"),
    "nothing_medical": N_("nothing points to a medical problem"),
    "medical_fits": N_("medical massage fits the answers"),
    "close_call": N_("a close call: either queue fits"),
}
# When an injury or surgery was, from the client's answer.
WHEN = {
    Recency.LAST_3_DAYS: N_("in the last 3 days"),
    Recency.LAST_6_WEEKS: N_("in the last 6 weeks"),
    Recency.LAST_3_MONTHS: N_("in the last 3 months"),
    Recency.LAST_YEAR: N_("in the last year"),
    Recency.LONGER: N_("over a year ago"),
}
_LABELS = {option.code: option.label for option in (*CONDITIONS, *CATALOG.question("documents").options)}
_SOON = N_("recently")
_SOME_RECORDS = N_("brought medical records")


def staff_reason(coded: dict, intake: Intake | None = None, language: str = "en") -> str:
    """One reason as a short phrase about the client, e.g. "stress 8/10". `intake`, when known,
    says when an injury or surgery was and which records were brought."""
    code = coded.get("code", "")
    if code not in STAFF_REASONS:
        return reason_text(coded, language) if code in REASONS else str(coded.get("text") or code)
    values = {key: value for key, value in coded.items() if key != "code"}
    if "conditions" in values:
        values["conditions"] = _named(values["conditions"], language)
    if code in ("recent_injury", "recent_surgery"):
        when = getattr(intake, code.removeprefix("recent_"), None) if intake else None
        values["when"] = translate(language, WHEN.get(when, _SOON))
    if code == "documents":
        if not (intake and intake.documents):
            return translate(language, _SOME_RECORDS)
        values["documents"] = _named(sorted(intake.documents), language)
    return translate(language, STAFF_REASONS[code], **values)


def _named(codes, language: str) -> str:
    """Options by their catalog labels ("Sciatica and TMJ (jaw pain)"), a code unknown here as it is."""
    return listing(language, [translate(language, _LABELS[code]) if code in _LABELS else str(code) for code in codes])


def staff_why(reasons: list[dict], intake: Intake | None = None, language: str = "en") -> str:
    """Every reason in one line, strongest first: "Wants to relax; stress 8/10"."""
    line = "; ".join(staff_reason(coded, intake, language) for coded in reasons)
    return line[:1].upper() + line[1:]
