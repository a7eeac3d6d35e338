"""Red flags in a client's own words (kiosk_core.intake.own_words): the phrases of the catalog's
flag words, in English and Spanish, accents optional, whole words only, not after a negation."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.config import RoutingPolicy
from kiosk_core.intake.flag_words import FLAG_WORDS
from kiosk_core.intake.own_words import flags_in_words, folded_words
from kiosk_core.intake.routing import red_flags
from kiosk_core.intake.wording import flag_text
from kiosk_core.vocabulary import RedFlag as F
from tests.factories import intake

CASES = [
    ("I had a fever last night", [F.FEVER_OR_CONTAGIOUS]),
    ("Tuve fiebre anoche", [F.FEVER_OR_CONTAGIOUS]),
    ("tested positive for COVID on Monday", [F.FEVER_OR_CONTAGIOUS]),
    ("my kids have the flu, I'm fine", [F.FEVER_OR_CONTAGIOUS]),  # a therapist asks: counted
    ("my left calf is swollen and warm", [F.BLOOD_CLOT_SIGNS]),
    ("swollen calf since the flight", [F.BLOOD_CLOT_SIGNS]),
    ("had a DVT in 2023", [F.BLOOD_CLOT_SIGNS]),
    ("tengo un coágulo en la pierna", [F.BLOOD_CLOT_SIGNS]),
    ("tengo un coagulo en la pierna", [F.BLOOD_CLOT_SIGNS]),  # the accent left out
    ("Estoy EMBARAZADA de 5 meses", [F.PREGNANT]),
    ("knee surgery in October", [F.RECENT_SURGERY]),
    ("me operaron de la rodilla", [F.RECENT_SURGERY]),
    ("finished chemotherapy last month", [F.CANCER_TREATMENT]),
    ("quimio cada dos semanas", [F.CANCER_TREATMENT]),
    ("I take Eliquis", [F.BLOOD_THINNERS]),
    ("numb toes; chemo", [F.CANCER_TREATMENT, F.NERVE_SYMPTOMS]),
    # Negations in the same clause, and clauses apart
    ("no fever", []),
    ("No tengo fiebre", []),
    ("sin fiebre", []),
    ("I'm not pregnant", []),
    ("don't have a fever today", []),
    ("no fever, but my calf is swollen", [F.BLOOD_CLOT_SIGNS]),  # the negation is the other clause's
    ("no fever but a swollen calf", [F.BLOOD_CLOT_SIGNS]),
    ("sin fiebre pero estoy embarazada", [F.PREGNANT]),
    ("Fever? No. Pregnant? No.", [F.FEVER_OR_CONTAGIOUS, F.PREGNANT]),  # a question, then the answer: asked
    # Whole words only
    ("fluid in my knee", []),
    ("I'm numbed by work", []),
    ("operational stress at the office", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "flags"), CASES)
def test_a_phrase_raises_its_flag_a_negation_does_not(text, flags):
    assert [flag["code"] for flag in flags_in_words([text])] == flags


def test_the_flag_keeps_the_clients_clause_and_shows_it_in_their_words():
    (flag,) = flags_in_words(["Back pain. Also I had a fever last night, feeling better"])
    assert flag == {"code": F.FEVER_OR_CONTAGIOUS, "words": "Also I had a fever last night"}
    assert flag_text(flag) == 'Fever or contagious illness, in their words: "Also I had a fever last night"'


def test_a_written_flag_gates_like_a_tapped_one_and_a_tapped_one_is_not_doubled():
    policy = RoutingPolicy()
    written = red_flags(intake(safety={"none"}, other_condition="fever last night"), policy)
    assert written == ({"code": F.FEVER_OR_CONTAGIOUS, "words": "fever last night"},)
    both = red_flags(intake(safety={"fever_or_contagious"}, other_condition="fever last night"), policy)
    assert both == ({"code": F.FEVER_OR_CONTAGIOUS},)


def test_every_phrase_of_the_catalog_raises_its_own_flag_and_nothing_else():
    for flag, phrases in FLAG_WORDS.items():
        for phrase in phrases:
            assert flag in [f["code"] for f in flags_in_words([f"I have {phrase} now"])], phrase


def stripped(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@given(st.sampled_from([text for text, _ in CASES]), st.sampled_from(["NFC", "NFD"]), st.booleans())
def test_case_accents_and_their_composition_change_nothing(text, form, upper):
    variant = unicodedata.normalize(form, stripped(text) if upper else text)
    variant = variant.upper() if upper else variant
    assert [f["code"] for f in flags_in_words([variant])] == [f["code"] for f in flags_in_words([text])]


@given(st.text(max_size=200))
def test_any_text_gives_known_flags_with_words_from_the_text(text):
    for flag in flags_in_words([text]):
        assert flag["code"] in FLAG_WORDS and len(flag["words"]) <= 120
        assert folded_words(flag["words"])  # never an empty clause
