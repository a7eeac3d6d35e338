"""Intake validation: what the tablet may send, and what it may not."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from kiosk_core.intake.answers import OTHER_CONDITION_MAX, Goal, Intake, Recency
from kiosk_core.intake.questions import CATALOG
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
    assert Intake.from_stored(original.stored()) == original


def _codes(question: str):
    return st.frozensets(st.sampled_from(CATALOG.question(question).codes))


stored_intakes = st.builds(
    Intake,
    goal=st.sampled_from(Goal),
    pain=st.integers(0, 10),
    stress=st.integers(0, 10),
    areas=_codes("areas").filter(lambda areas: len(areas) < 2 or "full_body" not in areas),
    conditions=_codes("conditions"),
    other_condition=st.text(max_size=OTHER_CONDITION_MAX).map(str.strip),
    care=_codes("care"),
    documents=_codes("documents"),
    injury=st.sampled_from(Recency),
    surgery=st.sampled_from(Recency),
    preference=st.sampled_from(CATALOG.question("preference").codes),
    safety=_codes("safety").filter(lambda safety: len(safety) < 2 or "none" not in safety),
)


@given(stored_intakes)
def test_any_intake_is_stored_as_json_and_read_back_the_same(original):
    stored = original.stored()
    assert json.loads(json.dumps(stored)) == stored  # plain JSON values, as the column keeps them
    assert Intake.from_stored(stored) == original
    assert all(value == sorted(value) for value in stored.values() if isinstance(value, list))


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
