"""One client's answers for one visit, validated against the intake catalog."""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from kiosk_core.i18n import translate
from kiosk_core.intake import questions, shapes
from kiosk_core.intake.shapes import Goal, Recency
from kiosk_core.vocabulary import Queue

OTHER_CONDITION_MAX = 200
OtherText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=OTHER_CONDITION_MAX)]
# What an answer to a question outside the fixed fields may be (see Catalog.with_question).
MoreAnswer = int | str | list[str]

# Answers routing reads; any other catalog question is kept in `Intake.more` under its code.
FIELDS = (
    "goal",
    "pain",
    "stress",
    "areas",
    "conditions",
    "other_condition",
    "care",
    "documents",
    "injury",
    "surgery",
    "preference",
    "safety",
)


class Intake(BaseModel):
    """One client's answers, one field per catalog question."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    goal: Goal
    pain: int = Field(ge=0, le=10)
    stress: int = Field(ge=0, le=10)
    areas: frozenset[str] = frozenset()  # "full_body", or the areas to focus on
    conditions: frozenset[str] = frozenset()
    other_condition: OtherText = ""
    care: frozenset[str] = frozenset()  # diagnosis, referral, insurance
    documents: frozenset[str] = frozenset()
    injury: Recency = Recency.NONE
    surgery: Recency = Recency.NONE
    preference: Queue | Literal["unsure"] = "unsure"  # the massage asked for, if any
    safety: frozenset[str] = frozenset()  # the safety answers that apply ("none" when none do)
    more: dict[str, MoreAnswer] = {}

    @model_validator(mode="before")
    @classmethod
    def earlier_shape(cls, data: Any) -> Any:
        """Visits stored before the catalog kept booleans and a dict of safety answers."""
        earlier = {"full_body", "body_areas", "has_diagnosis", "has_referral", "wants_insurance"}
        if not isinstance(data, dict) or not (earlier & data.keys() or isinstance(data.get("safety"), dict)):
            return data
        data = dict(data)
        areas = set(data.pop("body_areas", ()))
        if data.pop("full_body", False):
            areas.add("full_body")
        data["areas"] = areas
        care = {"diagnosis": "has_diagnosis", "referral": "has_referral", "insurance": "wants_insurance"}
        data["care"] = {code for code, old in care.items() if data.pop(old, False)}
        safety = data.get("safety")
        if isinstance(safety, dict):
            data["safety"] = {code for code, said in safety.items() if said}
        if data.get("preference") is None:
            data["preference"] = "unsure"
        return data

    @field_validator("areas", "conditions", "care", "documents", "safety")
    @classmethod
    def known_options(cls, codes: frozenset[str], info) -> frozenset[str]:
        unknown = codes - set(questions.CATALOG.question(info.field_name).codes)
        if unknown:
            raise ValueError(f"unknown {info.field_name}: {', '.join(sorted(unknown))}")
        return codes

    @model_validator(mode="after")
    def exclusive_choices(self) -> "Intake":
        for code in ("areas", "safety"):
            chosen = getattr(self, code)
            question = questions.CATALOG.question(code)
            if len(chosen) > 1 and any(question.option(c).exclusive for c in chosen):
                raise ValueError(f"{code}: a choice that excludes the others was given with others")
        return self

    @property
    def full_body(self) -> bool:
        return "full_body" in self.areas

    @property
    def body_areas(self) -> frozenset[str]:
        return self.areas - {"full_body"}

    @property
    def has_diagnosis(self) -> bool:
        return "diagnosis" in self.care

    @property
    def has_referral(self) -> bool:
        return "referral" in self.care

    @property
    def wants_insurance(self) -> bool:
        return "insurance" in self.care

    def says(self, safety_code: str) -> bool:
        return safety_code in self.safety

    def own_words(self) -> list[str]:
        """What the client wrote rather than tapped: the free-text answers, the catalog's later
        questions' included."""
        return [self.other_condition, *(value for value in self.more.values() if isinstance(value, str))]

    def answers(self) -> dict[str, Any]:
        """Every answer by question code, as plain JSON values (the draft's shape)."""
        plain = self.model_dump(mode="json", exclude={"more"})
        for key, value in plain.items():
            if isinstance(value, list):
                plain[key] = sorted(value)
        return {**plain, **self.more}

    @classmethod
    def from_answers(cls, answers: dict[str, Any]) -> "Intake":
        known = {code: value for code, value in answers.items() if code in FIELDS}
        more = {code: value for code, value in answers.items() if code not in FIELDS and value not in (None, "", [])}
        return cls.model_validate({**known, "more": more})

    def aged(self, days: int) -> "Intake":
        """These answers `days` later, for "Same as last time?": injuries and surgeries move back in time."""
        return self.model_copy(update={"injury": self.injury.aged(days), "surgery": self.surgery.aged(days)})

    def stored(self) -> dict[str, Any]:
        """The answers as a visit keeps them (Visit.intake_json, a JSON column): plain JSON values,
        each list sorted, so the same answers are always stored alike."""
        plain = self.model_dump(mode="json")
        return {key: sorted(value) if isinstance(value, list) else value for key, value in plain.items()}

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> "Intake":
        """Answers a visit kept, in today's shape (see `earlier_shape`)."""
        return cls.model_validate(stored)


def answer_text(question: shapes.Question, value: Any, language: str) -> str:
    """One answer in words; empty when there is nothing to say."""
    if value is None or value == "" or value == []:
        return ""
    if question.kind == shapes.Kind.SCALE:
        return f"{value} / 10"
    if question.kind == shapes.Kind.TEXT:
        return str(value)
    chosen = set(value) if isinstance(value, list | tuple | set | frozenset) else {value}
    labels = [translate(language, option.label) for option in question.options if option.code in chosen]
    return ", ".join(labels + sorted(str(code) for code in chosen - set(question.codes)))


def describe(intake: Intake, language: str = "en", *, skip_fresh: bool = False) -> dict[str, str]:
    """Every answer in words by its heading, in catalog order; unanswered ones are left out."""
    answers = intake.answers()
    lines = {}
    for question in questions.CATALOG.questions:
        if skip_fresh and question.fresh:
            continue
        text = answer_text(question, answers.get(question.code), language)
        if text:
            lines[translate(language, question.staff_label or question.prompt)] = text
    return lines


def summary(answers: dict[str, Any], language: str) -> list[str]:
    """Last visit's answers in a few plain lines, for "Same as last time?": what was said,
    leaving out the answers about today and the ones left as they start."""
    lines = []
    for question in questions.CATALOG.questions:
        value = answers.get(question.code)
        if not question.fresh and value != question.default:
            text = answer_text(question, value, language)
            lines.append(text)
    return [line for line in lines if line]
