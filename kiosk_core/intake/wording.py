"""Routing reasons and red flags in words, in the reader's language, made only when shown.

The database keeps codes with values (see kiosk_core.intake.routing); rewording a message here
changes old visits and new ones alike. A code this version doesn't know, or a sentence kept
from before codes (`{"code": "text", "text": ...}`), is shown as it was stored.
"""

from kiosk_core.i18n import N_, translate
from kiosk_core.intake.questions import CONDITIONS
from kiosk_core.vocabulary import RedFlag

F = RedFlag

_CONDITION_LABELS = {option.code: option.label for option in CONDITIONS}

# Said to the client: why this queue.
REASONS = {
    "diagnosis": N_("You have a diagnosis for your condition."),
    "referral": N_("Your doctor referred you for massage."),
    "documents": N_("You have medical records (like an MRI or PT notes) for the therapist to review."),
    "insurance": N_("You'd like to use insurance, which covers medical massage."),
    "recent_injury": N_("You had an injury recently."),
    "recent_surgery": N_("You had surgery recently."),
    "medical_conditions": N_("{conditions}: treated in medical massage."),
    "chronic_tension": N_("Long-lasting muscle tightness is treated in medical massage."),
    "everyday_tension": N_("Everyday muscle tightness eases well in therapeutic massage."),
    "specific_goal": N_("You want to treat a specific problem."),
    "high_pain": N_("Your pain is {pain} out of 10."),
    "relaxation_goal": N_("You want to relax and feel well."),
    "therapeutic_conditions": N_("{conditions}: therapeutic massage helps."),
    "full_body": N_("You'd like a full-body massage."),
    "high_stress": N_("Your stress is {stress} out of 10."),
    "asked_medical": N_("You asked for medical massage."),
    "asked_therapeutic": N_("You asked for therapeutic massage."),
    "nothing_medical": N_("Nothing points to a medical problem, so we start with therapeutic massage."),
    "medical_fits": N_("Medical massage fits what you told us."),
    "close_call": N_("It's a close call: your therapist can switch you to the other kind of massage."),
}

# Read by therapists before any massage; the client is told only that a therapist will talk with them.
FLAGS = {
    F.FEVER_OR_CONTAGIOUS: N_("Fever or a contagious illness."),
    F.BLOOD_CLOT_SIGNS: N_("Possible blood clot (DVT): no massage until cleared."),
    F.RECENT_SURGERY: N_("Surgery within the last {days} days."),
    F.PREGNANT: N_("Pregnant: check trimester and positioning."),
    F.BLOOD_THINNERS: N_("On blood thinners: bruising risk, lighter pressure."),
    F.SKIN_PROBLEM: N_("Open wound, burn, rash or skin infection."),
    F.HEART_CONDITION: N_("Heart condition or uncontrolled blood pressure."),
    F.CANCER_TREATMENT: N_("In cancer treatment: check with their care team."),
    F.NERVE_SYMPTOMS: N_("New numbness, weakness or loss of bladder/bowel control: may need a doctor first."),
    F.ACUTE_INJURY: N_("Injury in the last 3 days: check for swelling."),
    F.SEVERE_PAIN: N_("Severe pain ({pain}/10)."),
}


# A flag's name where many visits are counted together (the reports), so without one visit's values.
FLAG_NAMES = {
    F.FEVER_OR_CONTAGIOUS: N_("Fever or contagious illness"),
    F.BLOOD_CLOT_SIGNS: N_("Possible blood clot (DVT)"),
    F.RECENT_SURGERY: N_("Recent surgery"),
    F.PREGNANT: N_("Pregnancy"),
    F.BLOOD_THINNERS: N_("Blood thinners"),
    F.SKIN_PROBLEM: N_("Wound, burn, rash or skin infection"),
    F.HEART_CONDITION: N_("Heart or blood pressure"),
    F.CANCER_TREATMENT: N_("Cancer treatment"),
    F.NERVE_SYMPTOMS: N_("New numbness, weakness or loss of bladder/bowel control"),
    F.ACUTE_INJURY: N_("Injury in the last 3 days"),
    F.SEVERE_PAIN: N_("Severe pain"),
}


def listing(language: str, items: list[str]) -> str:
    """ "a, b and c" in the reader's language."""
    if len(items) <= 1:
        return "".join(items)
    return translate(language, N_("{first} and {last}"), first=", ".join(items[:-1]), last=items[-1])


def _say(table: dict[str, str], coded: dict, language: str) -> str:
    code = coded.get("code", "")
    if code not in table:
        return str(coded.get("text") or code)
    values = {key: value for key, value in coded.items() if key != "code"}
    if "conditions" in values:
        labels = [translate(language, _CONDITION_LABELS.get(c, c)) for c in values["conditions"]]
        values["conditions"] = listing(language, labels)
    text = translate(language, table[code], **values)
    return text[:1].upper() + text[1:]


def reason_text(coded: dict, language: str = "en") -> str:
    return _say(REASONS, coded, language)


def flag_text(coded: dict, language: str = "en") -> str:
    if "words" in coded:  # raised by what the client wrote (kiosk_core.intake.own_words): their words beside it
        flag = flag_name(coded["code"], language)
        return translate(language, N_('{flag}, in their words: "{words}"'), flag=flag, words=str(coded["words"]))
    return _say(FLAGS, coded, language)


def flag_name(code: str, language: str = "en") -> str:
    return translate(language, FLAG_NAMES[code]) if code in FLAG_NAMES else code
