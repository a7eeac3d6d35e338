"""Routing: a pure function from an intake to a queue, the reasons for it, and red flags.

Reasons and flags are codes with their values (`{"code": "high_pain", "pain": 8}`), stored as
they are; `kiosk_core.intake.wording` turns them into words in the reader's language when shown.
"""

from dataclasses import dataclass, field

from kiosk_core.config import RoutingPolicy
from kiosk_core.intake.answers import Goal, Intake, Recency
from kiosk_core.intake.own_words import flags_in_words
from kiosk_core.intake.questions import CONDITIONS
from kiosk_core.vocabulary import Queue, RedFlag

MEDICAL, THERAPEUTIC = Queue.MEDICAL, Queue.THERAPEUTIC
F = RedFlag
Coded = dict[str, object]  # {"code": ..., and the values its words need}
_CONDITION_QUEUE = {option.code: option.queue for option in CONDITIONS}
# Flags that could spread to others or need a doctor first: the client speaks to the front desk
# before sitting down in the lobby (CLINIC.md: no massage with a fever or a possible clot).
FRONT_DESK_FLAGS = frozenset({RedFlag.FEVER_OR_CONTAGIOUS, RedFlag.BLOOD_CLOT_SIGNS})


@dataclass(frozen=True)
class Reason:
    queue: Queue
    weight: int
    coded: Coded


@dataclass(frozen=True)
class RoutingDecision:
    queue: Queue
    reasons: tuple[Coded, ...]  # why this queue, strongest first
    flags: tuple[Coded, ...] = field(default=())
    scores: dict[Queue, int] = field(default_factory=dict)

    @property
    def needs_review(self) -> bool:
        return bool(self.flags)


def _conditions(intake: Intake, queue: Queue, *, leave_out: str) -> list[str]:
    """The client's conditions from one CLINIC.md list, in catalog order."""
    return [
        code
        for code in _CONDITION_QUEUE
        if code in intake.conditions and _CONDITION_QUEUE[code] == queue and code != leave_out
    ]


def _reasons(intake: Intake, policy: RoutingPolicy) -> list[Reason]:
    med, ther = policy.medical_weights, policy.therapeutic_weights
    reasons: list[Reason] = []

    def add(queue: Queue, weight: int, code: str, **values: object) -> None:
        if weight:
            reasons.append(Reason(queue, weight, {"code": code, **values}))

    if intake.has_diagnosis:
        add(MEDICAL, med.diagnosis, "diagnosis")
    if intake.has_referral:
        add(MEDICAL, med.referral, "referral")
    if intake.documents:
        add(MEDICAL, med.documents, "documents")
    if intake.wants_insurance:
        add(MEDICAL, med.insurance, "insurance")
    if intake.injury.at_most_days <= policy.recent_injury_days:
        add(MEDICAL, med.recent_injury, "recent_injury")
    if intake.surgery.at_most_days <= policy.recent_injury_days:
        add(MEDICAL, med.recent_surgery, "recent_surgery")

    # Long-lasting or diagnosed tension is treated; everyday tension is relieved.
    chronic = "chronic_tension" in intake.conditions or ("muscle_tension" in intake.conditions and intake.has_diagnosis)
    if medical := _conditions(intake, MEDICAL, leave_out="chronic_tension"):
        add(MEDICAL, med.medical_condition, "medical_conditions", conditions=medical)
    if chronic:
        add(MEDICAL, med.chronic_tension, "chronic_tension")
    elif "muscle_tension" in intake.conditions:
        add(THERAPEUTIC, ther.general_tension, "everyday_tension")

    if intake.goal in (Goal.TREAT_PROBLEM, Goal.RECOVER):
        add(MEDICAL, med.specific_goal, "specific_goal")
    if intake.pain >= policy.high_pain_threshold and not intake.full_body:
        add(MEDICAL, med.high_pain, "high_pain", pain=intake.pain)

    if intake.goal in (Goal.RELAX, Goal.WELLNESS):
        add(THERAPEUTIC, ther.relaxation_goal, "relaxation_goal")
    if therapeutic := _conditions(intake, THERAPEUTIC, leave_out="muscle_tension"):
        add(THERAPEUTIC, ther.therapeutic_condition, "therapeutic_conditions", conditions=therapeutic)
    if intake.full_body:
        add(THERAPEUTIC, ther.full_body, "full_body")
    if intake.stress >= policy.high_stress_threshold:
        add(THERAPEUTIC, ther.high_stress, "high_stress", stress=intake.stress)

    if intake.preference == MEDICAL:
        add(MEDICAL, med.preference, "asked_medical")
    elif intake.preference == THERAPEUTIC:
        add(THERAPEUTIC, ther.preference, "asked_therapeutic")
    return reasons


def red_flags(intake: Intake, policy: RoutingPolicy) -> tuple[Coded, ...]:
    """Answers that need a therapist's review before any massage. They never change the queue."""

    def said(flag: RedFlag) -> tuple[bool, Coded]:
        return intake.says(flag), {"code": flag}  # a safety answer raises the flag of its own code

    checks: list[tuple[bool, Coded]] = [
        said(F.FEVER_OR_CONTAGIOUS),
        said(F.BLOOD_CLOT_SIGNS),
        (
            intake.surgery.at_most_days <= policy.recent_surgery_flag_days,
            {"code": F.RECENT_SURGERY, "days": policy.recent_surgery_flag_days},
        ),
        said(F.PREGNANT),
        said(F.BLOOD_THINNERS),
        said(F.SKIN_PROBLEM),
        said(F.HEART_CONDITION),
        said(F.CANCER_TREATMENT),
        said(F.NERVE_SYMPTOMS),
        (intake.injury == Recency.LAST_3_DAYS, {"code": F.ACUTE_INJURY}),
        (intake.pain >= policy.severe_pain_flag, {"code": F.SEVERE_PAIN, "pain": intake.pain}),
    ]
    tapped = tuple(coded for present, coded in checks if present)
    # A flag the client wrote but did not tap ("fever last night" under "Something else?") gates
    # the massage as a tapped one does, with their words beside it.
    codes = {coded["code"] for coded in tapped}
    return tapped + tuple(flag for flag in flags_in_words(intake.own_words()) if flag["code"] not in codes)


def route(intake: Intake, policy: RoutingPolicy) -> RoutingDecision:
    reasons = _reasons(intake, policy)
    scores = {queue: sum(r.weight for r in reasons if r.queue == queue) for queue in Queue}
    if scores[MEDICAL] > scores[THERAPEUTIC]:
        queue = MEDICAL
    elif scores[THERAPEUTIC] > scores[MEDICAL]:
        queue = THERAPEUTIC
    else:
        queue = policy.tie_queue
    chosen = [r.coded for r in sorted((r for r in reasons if r.queue == queue), key=lambda r: -r.weight)]
    if not chosen:
        chosen = [{"code": "nothing_medical" if queue == THERAPEUTIC else "medical_fits"}]
    if scores[MEDICAL] == scores[THERAPEUTIC] > 0:
        chosen.append({"code": "close_call"})
    return RoutingDecision(queue=queue, reasons=tuple(chosen), flags=red_flags(intake, policy), scores=scores)
