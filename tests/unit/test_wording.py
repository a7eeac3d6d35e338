"""Reasons and red flags are codes; words are made when shown, in the reader's language."""

import importlib.util
from pathlib import Path

import pytest

from kiosk_core.config import load_clinic
from kiosk_core.intake.questions import CONDITIONS, SAFETY
from kiosk_core.intake.routing import route
from kiosk_core.intake.wording import FLAG_NAMES, FLAGS, REASONS, flag_name, flag_text, reason_text
from tests.factories import intake

POLICY = load_clinic().routing
MIGRATION = Path(__file__).resolve().parents[2] / "kiosk_core/migrations/versions/0003_coded_reasons_and_language.py"


def load_migration():
    spec = importlib.util.spec_from_file_location("m0003", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def every_decision():
    yield route(intake(conditions={o.code for o in CONDITIONS}, care={"diagnosis", "referral", "insurance"}), POLICY)
    yield route(intake(conditions={"stress", "muscle_tension"}, areas={"full_body"}, stress=9), POLICY)
    yield route(intake(safety={o.code for o in SAFETY if not o.exclusive}, pain=10, surgery="last_3_days"), POLICY)
    yield route(intake(preference="medical", injury="last_3_days", pain=8, areas={"neck"}), POLICY)


@pytest.mark.parametrize("decision", list(every_decision()))
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_code_routing_makes_has_words(decision, language):
    for reason in decision.reasons:
        assert reason["code"] in REASONS
        assert "{" not in reason_text(reason, language)
    for flag in decision.flags:
        assert flag["code"] in FLAGS
        assert "{" not in flag_text(flag, language)
        # The reports count many visits under one name: a name, with no one visit's values to fill.
        assert flag["code"] in FLAG_NAMES
        assert "{" not in flag_name(flag["code"], language)


def test_every_flag_has_a_name_for_the_reports():
    assert FLAG_NAMES.keys() == FLAGS.keys()


def test_values_fill_the_words():
    assert reason_text({"code": "high_pain", "pain": 8}) == "Your pain is 8 out of 10."
    assert reason_text({"code": "medical_conditions", "conditions": ["sciatica", "tmj", "whiplash"]}) == (
        "Sciatica, TMJ (jaw pain) and Whiplash: treated in medical massage."
    )
    assert flag_text({"code": "severe_pain", "pain": 9}) == "Severe pain (9/10)."


def test_text_kept_from_before_codes_is_shown_as_it_was():
    assert reason_text({"code": "text", "text": "An old sentence."}) == "An old sentence."
    assert flag_text({"code": "unknown_flag"}) == "unknown_flag"


@pytest.mark.parametrize(
    ("sentence", "coded"),
    [
        ("You have a diagnosis for your condition.", {"code": "diagnosis"}),
        ("Your pain is 8 out of 10.", {"code": "high_pain", "pain": 8}),
        ("Your stress is 10 out of 10.", {"code": "high_stress", "stress": 10}),
        (
            "Sciatica, pain in one area and TMJ (jaw pain): treated in medical massage.",
            {"code": "medical_conditions", "conditions": ["sciatica", "pain", "tmj"]},
        ),
        (
            "Stress and Trouble sleeping: therapeutic massage helps.",
            {"code": "therapeutic_conditions", "conditions": ["stress", "insomnia"]},
        ),
        ("Something nobody wrote.", {"code": "text", "text": "Something nobody wrote."}),
        ("Gout: treated in medical massage.", {"code": "text", "text": "Gout: treated in medical massage."}),
    ],
)
def test_the_migration_maps_old_sentences_to_codes(sentence, coded):
    assert load_migration().reason_code(sentence) == coded


@pytest.mark.parametrize(
    ("flag", "coded"),
    [
        ({"code": "severe_pain", "for_staff": "Severe pain (9/10)."}, {"code": "severe_pain", "pain": 9}),
        ({"code": "severe_pain", "for_staff": "Severe pain (10/10)."}, {"code": "severe_pain", "pain": 10}),
        (
            {"code": "recent_surgery", "for_staff": "Surgery within the last 42 days."},
            {"code": "recent_surgery", "days": 42},
        ),
        ({"code": "pregnancy", "for_staff": "Pregnant: check trimester and positioning."}, {"code": "pregnancy"}),
    ],
)
def test_the_migration_keeps_flag_codes_and_their_values(flag, coded):
    assert load_migration().flag_code(flag) == coded
