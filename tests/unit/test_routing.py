"""Routing tables: every condition, each red flag, the ties, and the policy knobs."""

import pytest

from kiosk_core.config import RoutingPolicy, load_clinic
from kiosk_core.intake.answers import Goal, Recency
from kiosk_core.intake.questions import CONDITIONS, SAFETY
from kiosk_core.intake.routing import route
from kiosk_core.intake.wording import reason_text
from tests.factories import intake

POLICY = load_clinic().routing


def said(decision) -> list[str]:
    """The reasons as the client reads them, in English."""
    return [reason_text(reason) for reason in decision.reasons]


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda c: c.code)
def test_each_condition_goes_to_its_list_against_a_relaxation_goal(condition):
    decision = route(intake(goal=Goal.RELAX, conditions={condition.code}), POLICY)
    assert decision.queue == condition.queue


@pytest.mark.parametrize("condition", [c for c in CONDITIONS if c.queue == "medical"], ids=lambda c: c.code)
def test_medical_conditions_are_named_in_the_reasons(condition):
    decision = route(intake(goal=Goal.TREAT_PROBLEM, conditions={condition.code}, body_areas={"neck"}), POLICY)
    assert decision.queue == "medical"
    assert any(condition.label.lower() in reason.lower() or "muscle tightness" in reason for reason in said(decision))


@pytest.mark.parametrize("condition", [c for c in CONDITIONS if c.queue == "therapeutic"], ids=lambda c: c.code)
def test_therapeutic_conditions_are_named_in_the_reasons(condition):
    decision = route(intake(goal=Goal.WELLNESS, conditions={condition.code}, full_body=True), POLICY)
    assert decision.queue == "therapeutic"
    assert any(condition.label.lower() in r.lower() or "muscle tightness" in r.lower() for r in said(decision))


@pytest.mark.parametrize(
    ("answers", "queue", "reason_fragment"),
    [
        ({}, "therapeutic", "relax"),
        ({"goal": Goal.WELLNESS, "full_body": True, "stress": 8}, "therapeutic", "stress is 8"),
        ({"goal": Goal.TREAT_PROBLEM, "body_areas": {"lower_back"}}, "medical", "specific problem"),
        ({"goal": Goal.RECOVER, "injury": Recency.LAST_3_MONTHS}, "medical", "injury recently"),
        ({"has_diagnosis": True}, "medical", "diagnosis"),
        ({"has_referral": True}, "medical", "doctor referred"),
        ({"documents": {"mri"}, "goal": Goal.TREAT_PROBLEM}, "medical", "MRI"),
        ({"wants_insurance": True, "full_body": True}, "medical", "insurance"),
        ({"surgery": Recency.LAST_YEAR}, "medical", "surgery recently"),
        ({"injury": Recency.LONGER}, "therapeutic", "relax"),
        ({"goal": Goal.TREAT_PROBLEM, "pain": 8, "body_areas": {"neck"}}, "medical", "pain is 8"),
        ({"preference": "medical"}, "therapeutic", "close call"),
        ({"preference": "medical", "goal": Goal.WELLNESS, "body_areas": {"neck"}}, "therapeutic", "close call"),
        ({"preference": "therapeutic", "has_diagnosis": True}, "therapeutic", "asked for therapeutic"),
        ({"preference": "therapeutic", "wants_insurance": True, "has_diagnosis": True}, "medical", "insurance"),
    ],
)
def test_signals(answers, queue, reason_fragment):
    decision = route(intake(**answers), POLICY)
    assert decision.queue == queue
    assert any(reason_fragment.lower() in reason.lower() for reason in said(decision)), said(decision)


@pytest.mark.parametrize(
    ("conditions", "diagnosed", "queue"),
    [
        ({"muscle_tension"}, False, "therapeutic"),
        ({"muscle_tension"}, True, "medical"),
        ({"chronic_tension"}, False, "medical"),
        ({"muscle_tension", "chronic_tension"}, False, "medical"),
        ({"muscle_tension", "stress"}, False, "therapeutic"),
    ],
)
def test_muscle_tension_general_goes_therapeutic_chronic_or_diagnosed_goes_medical(conditions, diagnosed, queue):
    decision = route(intake(goal=Goal.WELLNESS, conditions=conditions, has_diagnosis=diagnosed), POLICY)
    assert decision.queue == queue
    assert any("muscle tightness" in reason.lower() for reason in said(decision))


@pytest.mark.parametrize(
    ("answers", "flag"),
    [
        ({"safety": {"fever_or_contagious"}}, "fever_or_contagious"),
        ({"safety": {"blood_clot_signs"}}, "blood_clot_signs"),
        ({"safety": {"pregnant"}}, "pregnant"),
        ({"safety": {"blood_thinners"}}, "blood_thinners"),
        ({"safety": {"skin_problem"}}, "skin_problem"),
        ({"safety": {"heart_condition"}}, "heart_condition"),
        ({"safety": {"cancer_treatment"}}, "cancer_treatment"),
        ({"safety": {"nerve_symptoms"}}, "nerve_symptoms"),
        ({"surgery": Recency.LAST_3_DAYS}, "recent_surgery"),
        ({"surgery": Recency.LAST_6_WEEKS}, "recent_surgery"),
        ({"injury": Recency.LAST_3_DAYS}, "acute_injury"),
        ({"pain": 9}, "severe_pain"),
    ],
)
def test_each_red_flag_is_raised_and_never_changes_the_queue(answers, flag):
    flagged = route(intake(**answers), POLICY)
    assert [f["code"] for f in flagged.flags] == [flag]
    assert flagged.needs_review
    without_safety = {k: v for k, v in answers.items() if k != "safety"}
    assert flagged.queue == route(intake(**without_safety), POLICY).queue


@pytest.mark.parametrize(
    "answers",
    [{}, {"surgery": Recency.LAST_3_MONTHS}, {"injury": Recency.LAST_6_WEEKS}, {"pain": 8}, {"stress": 10}],
)
def test_no_red_flag_without_a_reason(answers):
    assert route(intake(**answers), POLICY).flags == ()


def test_every_safety_question_has_a_flag():
    every = {option.code for option in SAFETY if not option.exclusive}
    assert len(route(intake(safety=every), POLICY).flags) == len(every)


def test_reasons_come_strongest_first():
    decision = route(intake(goal=Goal.TREAT_PROBLEM, wants_insurance=True, body_areas={"neck"}), POLICY)
    assert said(decision)[0].startswith("You'd like to use insurance")


def test_policy_weights_are_tunable():
    no_insurance_pull = RoutingPolicy(medical_weights={"insurance": 0})
    assert route(intake(wants_insurance=True), POLICY).queue == "medical"
    assert route(intake(wants_insurance=True), no_insurance_pull).queue == "therapeutic"


def test_tie_queue_is_tunable():
    empty = intake(goal=Goal.WELLNESS, preference="medical")  # 2 against 2
    assert route(empty, POLICY).queue == "therapeutic"
    assert route(empty, RoutingPolicy(tie_queue="medical")).queue == "medical"


def test_recent_injury_window_is_tunable():
    answers = intake(injury=Recency.LAST_YEAR)
    assert route(answers, POLICY).queue == "medical"
    assert route(answers, RoutingPolicy(recent_injury_days=90)).queue == "therapeutic"


def test_a_decision_always_has_a_reason():
    assert route(
        intake(goal=Goal.WELLNESS, stress=0, pain=0), RoutingPolicy(therapeutic_weights={"relaxation_goal": 0})
    )
    decision = route(intake(goal=Goal.WELLNESS), RoutingPolicy(therapeutic_weights={"relaxation_goal": 0}))
    assert decision.reasons
