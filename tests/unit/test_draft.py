"""The draft: every answer kept across steps, each step checked from the catalog."""

import pytest

from kiosk_core.errors import InvalidInput
from kiosk_core.intake.draft import Draft
from kiosk_core.intake.questions import CATALOG

CALM = {"goal": "relax", "pain": 2, "stress": 3}


def test_next_and_back_walk_the_catalog_steps_in_order():
    draft = Draft(answers=dict(CALM))
    seen = [draft.step]
    while not draft.is_last:
        assert draft.next() == {}
        seen.append(draft.step)
    assert seen == [step.code for step in CATALOG.steps]
    draft.back()
    assert draft.step == CATALOG.steps[-2].code


def test_back_then_next_keeps_every_answer_given():
    draft = Draft(answers=dict(CALM))
    draft.next()
    draft.answer("areas", ["neck"])
    draft.next()
    draft.next()
    draft.answer("safety", ["pregnant", "blood_thinners"])
    draft.back()
    draft.next()
    assert draft.value("safety") == ["pregnant", "blood_thinners"]
    assert draft.intake().safety == {"pregnant", "blood_thinners"}


@pytest.mark.parametrize(
    ("answers", "missing"),
    [
        ({}, {"goal", "pain", "stress"}),
        ({"goal": "relax"}, {"pain", "stress"}),
        ({"goal": "relax", "pain": 0}, {"stress"}),
    ],
)
def test_a_step_names_what_is_missing_and_does_not_move(answers, missing):
    draft = Draft(answers=answers)
    assert set(draft.next()) == missing
    assert draft.step == "about"


def test_zero_is_an_answer():
    assert Draft(answers={"goal": "relax", "pain": 0, "stress": 0}).next() == {}


def test_the_safety_step_needs_an_explicit_answer():
    draft = Draft(answers=dict(CALM), step="safety")
    assert set(draft.next()) == {"safety"}
    with pytest.raises(InvalidInput):
        draft.intake()
    draft.answer("safety", ["none"])
    assert draft.intake().safety == {"none"}


@pytest.mark.parametrize(
    ("before", "tapped", "kept"),
    [
        (["pregnant"], ["pregnant", "none"], ["none"]),
        (["none"], ["none", "skin_problem"], ["skin_problem"]),
        ([], ["heart_condition", "pregnant"], ["pregnant", "heart_condition"]),
    ],
)
def test_none_of_these_apply_excludes_the_others(before, tapped, kept):
    draft = Draft(answers={"safety": before})
    draft.answer("safety", tapped)
    assert draft.value("safety") == kept


def test_tapping_a_chosen_single_choice_again_keeps_it():
    draft = Draft()
    draft.answer("goal", "relax")
    draft.answer("goal", None)
    draft.answer("pain", 4)
    draft.answer("pain", None)
    assert (draft.value("goal"), draft.value("pain")) == ("relax", 4)


def test_a_long_text_keeps_its_first_part_and_says_so():
    draft = Draft()
    note = draft.answer("other_condition", "x" * 500)
    assert draft.value("other_condition") == "x" * 200
    assert str(note) == "We kept the first 200 characters."


@pytest.mark.parametrize("text", ["sore\x00wrist", "sore\u202ewrist", "line\nbreak"])
def test_control_characters_in_free_text_are_refused(text):
    draft = Draft(answers={**CALM, "other_condition": text}, step="body")
    assert set(draft.next()) == {"other_condition"}


@pytest.mark.parametrize(("code", "value"), [("goal", "spa_day"), ("areas", ["tail"]), ("pain", 11), ("pain", True)])
def test_answers_outside_the_catalog_are_refused(code, value):
    draft = Draft(answers={**CALM, code: value})
    step = next(step.code for step in CATALOG.steps if any(q.code == code for q in step.questions))
    assert code in draft.problems(step)


def test_last_time_keeps_everything_but_the_answers_about_today():
    last = {**CALM, "areas": ["neck"], "conditions": ["sciatica"], "safety": ["pregnant"]}
    draft = Draft.from_last_time(last)
    assert draft.answers == {"goal": "relax", "areas": ["neck"], "conditions": ["sciatica"]}
    assert draft.step == "about"


def test_intake_sends_the_client_back_to_the_first_step_with_a_problem():
    draft = Draft(answers={"goal": "relax"}, step="safety")
    with pytest.raises(InvalidInput) as raised:
        draft.intake()
    assert draft.step == "about"
    assert set(raised.value.problems) == {"pain", "stress"}


def test_an_empty_report_from_a_widget_falls_back_to_the_starting_answer():
    """A chip group that reports nothing (seen under load in Chromium) must not break the check-in."""
    draft = Draft(answers={**CALM, "safety": ["none"]})
    for code in ("injury", "surgery", "preference"):
        draft.answer(code, None)
    intake = draft.intake()
    assert (intake.injury, intake.surgery, intake.preference) == ("none", "none", "unsure")


def test_an_empty_string_for_an_optional_choice_is_the_starting_answer_not_a_broken_intake():
    """Only hostile input sends "" (found by bench/fuzz.py); it must not end in the general
    "Some answers didn't look right" at check-in."""
    draft = Draft(answers={**CALM, "safety": ["none"], "injury": "", "surgery": "", "preference": ""})
    intake = draft.intake()
    assert (intake.injury, intake.surgery, intake.preference) == ("none", "none", "unsure")
