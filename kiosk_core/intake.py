"""What the tablet asks a client, and the rules that keep the answers sane."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

OTHER_CONDITION_MAX = 200


@dataclass(frozen=True)
class Condition:
    id: str
    label: str
    queue: Literal["medical", "therapeutic"]  # the list in CLINIC.md it comes from
    group: str


# Both lists from CLINIC.md. "Muscle tightness and tension" is on both: the long-lasting
# kind is medical, the everyday kind therapeutic.
CONDITIONS: tuple[Condition, ...] = (
    Condition("pain", "Pain in one area", "medical", "Pain and muscles"),
    Condition("muscle_spasms", "Muscle spasms", "medical", "Pain and muscles"),
    Condition("chronic_tension", "Long-lasting muscle tightness (3+ months)", "medical", "Pain and muscles"),
    Condition("fibromyalgia", "Fibromyalgia", "medical", "Pain and muscles"),
    Condition("muscle_tension", "Tight, tense muscles", "therapeutic", "Pain and muscles"),
    Condition("discomfort", "General aches and discomfort", "therapeutic", "Pain and muscles"),
    Condition("sciatica", "Sciatica", "medical", "Back and neck"),
    Condition("herniated_disc", "Herniated or bulging disc", "medical", "Back and neck"),
    Condition("scoliosis", "Scoliosis", "medical", "Back and neck"),
    Condition("whiplash", "Whiplash", "medical", "Back and neck"),
    Condition("carpal_tunnel", "Carpal tunnel syndrome", "medical", "Joints, hands and feet"),
    Condition("tendonitis", "Tendonitis", "medical", "Joints, hands and feet"),
    Condition("plantar_fasciitis", "Plantar fasciitis (heel pain)", "medical", "Joints, hands and feet"),
    Condition("tmj", "TMJ (jaw pain)", "medical", "Joints, hands and feet"),
    Condition("migraines", "Migraines", "medical", "Head and nerves"),
    Condition("multiple_sclerosis", "Multiple sclerosis", "medical", "Head and nerves"),
    Condition("injury", "An injury (sprain, strain, fall, accident)", "medical", "Injury and surgery"),
    Condition("post_surgical", "Recovering from surgery", "medical", "Injury and surgery"),
    Condition("stress", "Stress", "therapeutic", "Stress, sleep and mood"),
    Condition("insomnia", "Trouble sleeping", "therapeutic", "Stress, sleep and mood"),
    Condition("depression", "Low mood or depression", "therapeutic", "Stress, sleep and mood"),
    Condition("fatigue", "Fatigue", "therapeutic", "Stress, sleep and mood"),
    Condition("high_blood_pressure", "High blood pressure", "therapeutic", "Heart and breathing"),
    Condition("asthma", "Asthma", "therapeutic", "Heart and breathing"),
)
CONDITIONS_BY_ID = {condition.id: condition for condition in CONDITIONS}

BODY_AREAS: dict[str, str] = {
    "head_jaw": "Head and jaw",
    "neck": "Neck",
    "shoulders": "Shoulders",
    "upper_back": "Upper back",
    "lower_back": "Lower back",
    "arms": "Arms",
    "hands_wrists": "Hands and wrists",
    "hips": "Hips",
    "legs": "Legs",
    "knees": "Knees",
    "feet": "Feet and ankles",
}


class Goal(StrEnum):
    RELAX = "relax"
    WELLNESS = "wellness"
    TREAT_PROBLEM = "treat_problem"
    RECOVER = "recover"


GOAL_LABELS = {
    Goal.RELAX: "Relax and de-stress",
    Goal.WELLNESS: "General wellness, a regular reset",
    Goal.TREAT_PROBLEM: "Treat a specific problem or pain",
    Goal.RECOVER: "Recover from an injury or surgery",
}


class Recency(StrEnum):
    """When something happened, in buckets a person can answer without a calendar."""

    NONE = "none"
    LAST_3_DAYS = "last_3_days"
    LAST_6_WEEKS = "last_6_weeks"
    LAST_3_MONTHS = "last_3_months"
    LAST_YEAR = "last_year"
    LONGER = "longer"

    @property
    def at_most_days(self) -> float:
        """The longest ago it can have been; compared with the routing policy's day limits."""
        return _RECENCY_DAYS[self]

    def aged(self, days: int) -> "Recency":
        """The same answer `days` later: "in the last 3 days", a month on, is "in the last 6 weeks"."""
        if self in (Recency.NONE, Recency.LONGER) or days <= 0:
            return self
        at_most = self.at_most_days + days
        later = (Recency.LAST_3_DAYS, Recency.LAST_6_WEEKS, Recency.LAST_3_MONTHS, Recency.LAST_YEAR)
        return next((bucket for bucket in later if bucket.at_most_days >= at_most), Recency.LONGER)


_RECENCY_DAYS = {
    Recency.NONE: float("inf"),
    Recency.LAST_3_DAYS: 3,
    Recency.LAST_6_WEEKS: 42,
    Recency.LAST_3_MONTHS: 90,
    Recency.LAST_YEAR: 365,
    Recency.LONGER: float("inf"),
}

RECENCY_LABELS = {
    Recency.NONE: "No",
    Recency.LAST_3_DAYS: "In the last 3 days",
    Recency.LAST_6_WEEKS: "In the last 6 weeks",
    Recency.LAST_3_MONTHS: "In the last 3 months",
    Recency.LAST_YEAR: "In the last year",
    Recency.LONGER: "More than a year ago",
}

DOCUMENTS = {
    "mri": "MRI or X-ray report",
    "pt_notes": "Physical therapy notes",
    "doctor_note": "Doctor's note or prescription",
    "other": "Other medical records",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SafetyAnswers(_Frozen):
    """The questions a massage therapist asks before touching anyone. Any yes is reviewed."""

    fever_or_contagious: bool = False
    blood_clot_signs: bool = False  # a swollen, warm, red or painful calf; a clot now or recently
    pregnant: bool = False
    blood_thinners: bool = False
    skin_problem: bool = False  # open wounds, burns, rashes or a skin infection where we'd work
    heart_condition: bool = False  # a heart condition, or blood pressure that isn't under control
    cancer_treatment: bool = False
    nerve_symptoms: bool = False  # new numbness or weakness, or loss of bladder or bowel control


# Short enough for a chip on a tablet; each is a yes the client taps.
SAFETY_QUESTIONS = {
    "fever_or_contagious": "Fever, flu, COVID or anything catching",
    "blood_clot_signs": "A blood clot, or a swollen, warm, painful calf",
    "pregnant": "Pregnant",
    "blood_thinners": "Taking blood thinners",
    "skin_problem": "Open wounds, burns, rashes or a skin infection",
    "heart_condition": "A heart condition or blood pressure not under control",
    "cancer_treatment": "Being treated for cancer",
    "nerve_symptoms": "New numbness, weakness, or bladder or bowel trouble",
}

OtherText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=OTHER_CONDITION_MAX)]


class Intake(_Frozen):
    """One client's answers for one visit."""

    goal: Goal
    conditions: frozenset[str] = frozenset()
    other_condition: OtherText = ""
    full_body: bool = False
    body_areas: frozenset[str] = frozenset()
    pain: int = Field(ge=0, le=10)
    stress: int = Field(ge=0, le=10)
    has_diagnosis: bool = False
    has_referral: bool = False
    documents: frozenset[str] = frozenset()
    injury: Recency = Recency.NONE
    surgery: Recency = Recency.NONE
    wants_insurance: bool = False
    safety: SafetyAnswers = SafetyAnswers()
    preference: Literal["medical", "therapeutic"] | None = None

    @field_validator("conditions", "body_areas", "documents")
    @classmethod
    def known_choices(cls, ids: frozenset[str], info) -> frozenset[str]:
        catalog = {"conditions": CONDITIONS_BY_ID, "body_areas": BODY_AREAS, "documents": DOCUMENTS}[info.field_name]
        unknown = ids - catalog.keys()
        if unknown:
            raise ValueError(f"unknown {info.field_name.replace('_', ' ')}: {', '.join(sorted(unknown))}")
        return ids

    @model_validator(mode="after")
    def full_body_or_areas(self) -> "Intake":
        if self.full_body and self.body_areas:
            raise ValueError("choose full body or specific areas, not both")
        return self

    def aged(self, days: int) -> "Intake":
        """These answers `days` later, for "Same as last time?": injuries and surgeries move back in time."""
        return self.model_copy(update={"injury": self.injury.aged(days), "surgery": self.surgery.aged(days)})

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> "Intake":
        return cls.model_validate_json(text)


def describe(intake: Intake) -> dict[str, str]:
    """Every answer in words, for the therapist reading the intake. Unanswered ones are left out."""
    yes_no = {True: "Yes", False: "No"}
    lines = {
        "Goal": GOAL_LABELS[intake.goal],
        "Where": "Full body"
        if intake.full_body
        else ", ".join(BODY_AREAS[a] for a in sorted(intake.body_areas)) or "Not said",
        "Conditions": ", ".join(CONDITIONS_BY_ID[c].label for c in sorted(intake.conditions)) or "None chosen",
        "In their words": intake.other_condition,
        "Pain now": f"{intake.pain} / 10",
        "Stress now": f"{intake.stress} / 10",
        "Diagnosed": yes_no[intake.has_diagnosis],
        "Doctor's referral": yes_no[intake.has_referral],
        "Records brought": ", ".join(DOCUMENTS[d] for d in sorted(intake.documents)) or "None",
        "Injury": RECENCY_LABELS[intake.injury],
        "Surgery": RECENCY_LABELS[intake.surgery],
        "Insurance": yes_no[intake.wants_insurance],
        "Asked for": {"medical": "Medical massage", "therapeutic": "Therapeutic massage"}.get(
            intake.preference or "", "No preference"
        ),
        "Safety answers": ", ".join(text for field, text in SAFETY_QUESTIONS.items() if getattr(intake.safety, field))
        or "None apply",
    }
    return {label: value for label, value in lines.items() if value}
