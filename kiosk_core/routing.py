"""Routing: a pure function from an intake to a queue, the reasons for it, and red flags."""

from dataclasses import dataclass, field

from kiosk_core.config import QueueName, RoutingPolicy
from kiosk_core.intake import CONDITIONS_BY_ID, Goal, Intake, Recency


@dataclass(frozen=True)
class Reason:
    queue: QueueName
    weight: int
    text: str


@dataclass(frozen=True)
class RedFlag:
    code: str
    for_staff: str  # what the therapist reads; the client is told only that a therapist will talk with them


@dataclass(frozen=True)
class RoutingDecision:
    queue: QueueName
    reasons: tuple[str, ...]  # why this queue, strongest first, in words a client understands
    flags: tuple[RedFlag, ...] = field(default=())
    scores: dict[str, int] = field(default_factory=dict)

    @property
    def needs_review(self) -> bool:
        return bool(self.flags)


def _listing(labels: list[str]) -> str:
    if len(labels) <= 2:
        return " and ".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _reasons(intake: Intake, policy: RoutingPolicy) -> list[Reason]:
    med, ther = policy.medical_weights, policy.therapeutic_weights
    reasons: list[Reason] = []

    def medical(weight: int, text: str) -> None:
        if weight:
            reasons.append(Reason("medical", weight, text))

    def therapeutic(weight: int, text: str) -> None:
        if weight:
            reasons.append(Reason("therapeutic", weight, text))

    if intake.has_diagnosis:
        medical(med.diagnosis, "You have a diagnosis for your condition.")
    if intake.has_referral:
        medical(med.referral, "Your doctor referred you for massage.")
    if intake.documents:
        medical(med.documents, "You have medical records (like an MRI or PT notes) for the therapist to review.")
    if intake.wants_insurance:
        medical(med.insurance, "You'd like to use insurance, which covers medical massage.")
    if intake.injury.at_most_days <= policy.recent_injury_days:
        medical(med.recent_injury, "You had an injury recently.")
    if intake.surgery.at_most_days <= policy.recent_injury_days:
        medical(med.recent_surgery, "You had surgery recently.")

    # Long-lasting or diagnosed tension is treated; everyday tension is relieved.
    chronic = "chronic_tension" in intake.conditions or ("muscle_tension" in intake.conditions and intake.has_diagnosis)
    medical_conditions = [
        CONDITIONS_BY_ID[c].label.lower() if c == "pain" else CONDITIONS_BY_ID[c].label
        for c in sorted(intake.conditions)
        if CONDITIONS_BY_ID[c].queue == "medical" and c != "chronic_tension"
    ]
    if medical_conditions:
        medical(med.medical_condition, f"{_listing(medical_conditions)}: treated in medical massage.")
    if chronic:
        medical(med.chronic_tension, "Long-lasting muscle tightness is treated in medical massage.")
    elif "muscle_tension" in intake.conditions:
        therapeutic(ther.general_tension, "Everyday muscle tightness eases well in therapeutic massage.")

    if intake.goal in (Goal.TREAT_PROBLEM, Goal.RECOVER):
        medical(med.specific_goal, "You want to treat a specific problem.")
    if intake.pain >= policy.high_pain_threshold and not intake.full_body:
        medical(med.high_pain, f"Your pain is {intake.pain} out of 10.")

    if intake.goal in (Goal.RELAX, Goal.WELLNESS):
        therapeutic(ther.relaxation_goal, "You want to relax and feel well.")
    therapeutic_conditions = [
        CONDITIONS_BY_ID[c].label
        for c in sorted(intake.conditions)
        if CONDITIONS_BY_ID[c].queue == "therapeutic" and c != "muscle_tension"
    ]
    if therapeutic_conditions:
        therapeutic(ther.therapeutic_condition, f"{_listing(therapeutic_conditions)}: therapeutic massage helps.")
    if intake.full_body:
        therapeutic(ther.full_body, "You'd like a full-body massage.")
    if intake.stress >= policy.high_stress_threshold:
        therapeutic(ther.high_stress, f"Your stress is {intake.stress} out of 10.")

    if intake.preference == "medical":
        medical(med.preference, "You asked for medical massage.")
    elif intake.preference == "therapeutic":
        therapeutic(ther.preference, "You asked for therapeutic massage.")
    return reasons


def red_flags(intake: Intake, policy: RoutingPolicy) -> tuple[RedFlag, ...]:
    """Answers that need a therapist's review before any massage. They never change the queue."""
    s = intake.safety
    checks = [
        (s.fever_or_contagious, "fever", "Fever or a contagious illness."),
        (s.blood_clot_signs, "blood_clot", "Possible blood clot (DVT): no massage until cleared."),
        (
            intake.surgery.at_most_days <= policy.recent_surgery_flag_days,
            "recent_surgery",
            f"Surgery within the last {policy.recent_surgery_flag_days} days.",
        ),
        (s.pregnant, "pregnancy", "Pregnant: check trimester and positioning."),
        (s.blood_thinners, "blood_thinners", "On blood thinners: bruising risk, lighter pressure."),
        (s.skin_problem, "skin", "Open wound, burn, rash or skin infection."),
        (s.heart_condition, "heart", "Heart condition or uncontrolled blood pressure."),
        (s.cancer_treatment, "cancer_treatment", "In cancer treatment: check with their care team."),
        (
            s.nerve_symptoms,
            "nerve_symptoms",
            "New numbness, weakness or loss of bladder/bowel control: may need a doctor first.",
        ),
        (intake.injury == Recency.LAST_3_DAYS, "acute_injury", "Injury in the last 3 days: check for swelling."),
        (intake.pain >= policy.severe_pain_flag, "severe_pain", f"Severe pain ({intake.pain}/10)."),
    ]
    return tuple(RedFlag(code, text) for present, code, text in checks if present)


def route(intake: Intake, policy: RoutingPolicy) -> RoutingDecision:
    reasons = _reasons(intake, policy)
    scores = {queue: sum(r.weight for r in reasons if r.queue == queue) for queue in ("medical", "therapeutic")}
    if scores["medical"] > scores["therapeutic"]:
        queue = "medical"
    elif scores["therapeutic"] > scores["medical"]:
        queue = "therapeutic"
    else:
        queue = policy.tie_queue
    close_call = scores["medical"] == scores["therapeutic"] > 0
    chosen = sorted((r for r in reasons if r.queue == queue), key=lambda r: -r.weight)
    texts = [r.text for r in chosen]
    if not texts:
        texts = (
            ["Nothing points to a medical problem, so we start with therapeutic massage."]
            if queue == "therapeutic"
            else ["Medical massage fits what you told us."]
        )
    if close_call:
        texts.append("It's a close call: your therapist can switch you to the other kind of massage.")
    return RoutingDecision(queue=queue, reasons=tuple(texts), flags=red_flags(intake, policy), scores=scores)
