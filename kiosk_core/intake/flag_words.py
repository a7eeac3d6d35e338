"""Part of the intake catalog: the words and phrases, in English and Spanish, that raise a red
flag when a client writes them in their own words ("I had a fever last night") instead of
tapping the safety answer. A clinic extends a list here as it extends the questions.

Written as a client would type them: lower case, accents optional (they are matched without
them), one phrase per entry. A phrase after a negation in the same clause ("no fever", "sin
fiebre", "not pregnant") does not count.
"""

from kiosk_core.vocabulary import RedFlag

F = RedFlag

FLAG_WORDS: dict[RedFlag, tuple[str, ...]] = {
    F.FEVER_OR_CONTAGIOUS: (
        "fever", "feverish", "temperature", "flu", "influenza", "covid", "coronavirus", "contagious",
        "infectious", "chills", "strep", "stomach bug",
        "fiebre", "calentura", "gripe", "gripa", "contagioso", "contagiosa", "escalofrios",
    ),
    F.BLOOD_CLOT_SIGNS: (
        "clot", "clots", "blood clot", "dvt", "thrombosis", "swollen calf", "calf is swollen", "embolism",
        "coagulo", "coagulos", "trombo", "trombosis", "tvp", "pantorrilla hinchada", "embolia",
    ),
    F.PREGNANT: (
        "pregnant", "pregnancy", "expecting a baby", "trimester",
        "embarazada", "embarazo", "trimestre",
    ),
    F.RECENT_SURGERY: (
        "surgery", "operation", "operated", "post op",
        "cirugia", "operacion", "me operaron", "operada", "operado",
    ),
    F.CANCER_TREATMENT: (
        "chemotherapy", "chemo", "radiation therapy", "radiotherapy", "cancer treatment",
        "quimioterapia", "quimio", "radioterapia", "tratamiento de cancer",
    ),
    F.BLOOD_THINNERS: (
        "blood thinner", "blood thinners", "warfarin", "coumadin", "eliquis", "xarelto", "anticoagulant",
        "anticoagulante", "anticoagulantes", "warfarina",
    ),
    F.SKIN_PROBLEM: (
        "open wound", "rash", "skin infection", "shingles", "cellulitis",
        "herida abierta", "sarpullido", "infeccion de la piel", "culebrilla",
    ),
    F.HEART_CONDITION: (
        "heart attack", "heart condition", "chest pain", "pacemaker",
        "infarto", "ataque al corazon", "dolor de pecho", "marcapasos",
    ),
    F.NERVE_SYMPTOMS: (
        "numbness", "numb", "bladder control", "bowel control",
        "adormecimiento", "entumecimiento", "entumecida", "entumecido",
    ),
}  # fmt: skip

# Words that, shortly before a phrase in the same clause, say the client doesn't have it.
NEGATIONS = frozenset(
    {"no", "not", "never", "without", "dont", "didnt", "havent", "hasnt", "isnt", "arent", "wasnt", "nor", "none"}
    | {"sin", "nunca", "ni", "tampoco", "ningun", "ninguna", "ninguno"}
)
NEGATION_REACH = 3  # words before the phrase a negation may stand ("no high fever", "not been pregnant")
