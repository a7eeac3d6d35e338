"""Intake validation: what the tablet may send, and what it may not."""

import pytest
from pydantic import ValidationError

from kiosk_core.intake import OTHER_CONDITION_MAX, Intake
from tests.factories import intake


@pytest.mark.parametrize(
    "answers",
    [
        {"pain": 11},
        {"pain": -1},
        {"stress": 11},
        {"conditions": {"gout"}},
        {"body_areas": {"tail"}},
        {"documents": {"horoscope"}},
        {"full_body": True, "body_areas": {"neck"}},
        {"other_condition": "x" * (OTHER_CONDITION_MAX + 1)},
        {"goal": "spa day"},
        {"preference": "either"},
        {"mystery_field": True},
    ],
)
def test_bad_answers_are_refused(answers):
    with pytest.raises(ValidationError):
        intake(**answers)


def test_missing_goal_is_refused():
    with pytest.raises(ValidationError):
        Intake(pain=1, stress=1)


def test_other_condition_is_trimmed_and_kept():
    assert intake(other_condition="  sore wrist from climbing \n").other_condition == "sore wrist from climbing"


def test_round_trips_through_json():
    original = intake(conditions={"sciatica", "stress"}, body_areas={"neck", "legs"}, documents={"mri"}, pain=6)
    assert Intake.from_json(original.to_json()) == original


def test_is_immutable():
    answers = intake()
    with pytest.raises(ValidationError):
        answers.pain = 9
