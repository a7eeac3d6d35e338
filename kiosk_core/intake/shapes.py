"""The shapes of the intake catalog: steps, questions (a code and a kind) and options (a code).

The catalog itself, the clinic's questions, is `kiosk_core.intake.questions.CATALOG`.
"""

from dataclasses import dataclass, field, replace
from enum import StrEnum

from kiosk_core.i18n import N_
from kiosk_core.vocabulary import Queue


class Kind(StrEnum):
    ONE = "one"  # one choice (chips)
    MANY = "many"  # several choices (chips)
    SCALE = "scale"  # 0 to 10
    WHEN = "when"  # when something happened, in buckets (Recency)
    TEXT = "text"  # a few words


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


class Goal(StrEnum):
    RELAX = "relax"
    WELLNESS = "wellness"
    TREAT_PROBLEM = "treat_problem"
    RECOVER = "recover"


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    group: str = ""  # a heading the option is shown under, for long lists
    exclusive: bool = False  # choosing it clears the other choices, and any other clears it
    queue: Queue | None = None  # for conditions: the CLINIC.md list it comes from


@dataclass(frozen=True)
class Question:
    code: str  # the answer's key, in the draft, the widget and the stored intake
    kind: Kind
    prompt: str
    options: tuple[Option, ...] = ()
    required: bool = False
    fresh: bool = False  # about today: asked again each visit, never carried from last time
    low: str = ""  # words under the ends of a 0-10 scale
    high: str = ""
    max_length: int = 200  # for text
    default: object = None  # the answer before the client touches it
    staff_label: str = ""  # the heading on the therapist's screen; the prompt if empty
    hide_prompt: bool = False  # the step's title already asks it
    missing: str = ""  # what to say when a required answer is missing; by kind if empty
    subject: str = ""  # words as typed, never translated, shown as plain text under the prompt (a PSFS activity)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(option.code for option in self.options)

    def option(self, code: str) -> Option | None:
        return next((option for option in self.options if option.code == code), None)


@dataclass(frozen=True)
class Step:
    code: str
    title: str  # may use {first_name}
    questions: tuple[Question, ...]
    hint: str = ""
    next_label: str = N_("Next")


@dataclass(frozen=True)
class Catalog:
    steps: tuple[Step, ...]
    _by_code: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        questions = [question for step in self.steps for question in step.questions]
        by_code = {question.code: question for question in questions}
        if len(by_code) != len(questions):
            raise ValueError("two questions share a code")
        object.__setattr__(self, "_by_code", by_code)

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(self._by_code.values())

    def question(self, code: str) -> Question:
        return self._by_code[code]

    def step(self, code: str) -> Step:
        return next(step for step in self.steps if step.code == code)

    def step_index(self, code: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.code == code)

    def with_question(self, step_code: str, question: Question) -> "Catalog":
        """A copy with one more question at the end of a step (for clinics and tests)."""
        steps = tuple(
            replace(step, questions=(*step.questions, question)) if step.code == step_code else step
            for step in self.steps
        )
        return Catalog(steps)
