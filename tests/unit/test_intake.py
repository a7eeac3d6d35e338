"""Intake validation: what the tablet may send, and what it may not."""

import pytest
from pydantic import ValidationError

from kiosk_core.intake.answers import OTHER_CONDITION_MAX, Intake, Recency
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


@pytest.mark.parametrize(
    ("answer", "days", "later"),
    [
        (Recency.LAST_3_DAYS, 0, Recency.LAST_3_DAYS),
        (Recency.LAST_3_DAYS, 30, Recency.LAST_6_WEEKS),
        (Recency.LAST_3_DAYS, 60, Recency.LAST_3_MONTHS),
        (Recency.LAST_6_WEEKS, 200, Recency.LAST_YEAR),
        (Recency.LAST_YEAR, 1, Recency.LONGER),
        (Recency.NONE, 400, Recency.NONE),
        (Recency.LONGER, 5, Recency.LONGER),
    ],
)
def test_recent_answers_age(answer, days, later):
    assert answer.aged(days) == later


def test_an_intake_ages_its_injury_and_surgery_only():
    then = intake(injury=Recency.LAST_3_DAYS, surgery=Recency.LAST_6_WEEKS, pain=9)
    now = then.aged(100)
    assert (now.injury, now.surgery, now.pain) == (Recency.LAST_YEAR, Recency.LAST_YEAR, 9)
