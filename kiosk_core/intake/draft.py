"""The intake being filled in: every answer given so far, checked one step at a time.

The tablet keeps one Draft per client. Each tap goes straight into it (`answer`), so Back,
Next and "Same as last time" never lose an answer, and the page holds no list of fields.
"""

import logging
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from kiosk_core.errors import InvalidInput
from kiosk_core.i18n import N_, Message
from kiosk_core.intake import questions
from kiosk_core.intake.answers import Intake
from kiosk_core.intake.shapes import Catalog, Kind, Question, Step
from kiosk_core.text import no_control_characters

log = logging.getLogger("kiosk")

_MISSING = {
    Kind.ONE: N_("Please choose one."),
    Kind.MANY: N_("Please choose at least one."),
    Kind.SCALE: N_("Please choose a number from 0 to 10."),
    Kind.WHEN: N_("Please choose one."),
    Kind.TEXT: N_("Please tell us in a few words."),
}
_SINGLE = (Kind.ONE, Kind.WHEN, Kind.SCALE)


def catalog() -> Catalog:
    """Looked up on each use, so a clinic (or a test) can swap in its own catalog."""
    return questions.CATALOG


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


@dataclass
class Draft:
    answers: dict[str, Any] = field(default_factory=dict)
    step: str = ""
    # This client's own questions about today (a care plan's outcomes, kiosk_core.care.outcomes),
    # asked right after the catalog's `pain`; their answers are not the intake's.
    extra: tuple[Question, ...] = ()

    def __post_init__(self) -> None:
        self.step = self.step or catalog().steps[0].code

    @property
    def steps(self) -> tuple[Step, ...]:
        """The catalog's steps, with this client's own questions after `pain`."""
        if not self.extra:
            return catalog().steps
        return tuple(
            replace(step, questions=_after_pain(step.questions, self.extra)) if _has_pain(step) else step
            for step in catalog().steps
        )

    def _step(self, code: str) -> Step:
        return next(step for step in self.steps if step.code == code)

    def question(self, code: str) -> Question:
        return next((q for q in self.extra if q.code == code), None) or catalog().question(code)

    def extra_answers(self) -> dict[str, Any]:
        return {q.code: self.value(q.code) for q in self.extra}

    @classmethod
    def from_last_time(cls, last: dict[str, Any]) -> "Draft":
        """Last visit's answers, without the ones about today (pain, stress, safety)."""
        kept = {q.code: last[q.code] for q in catalog().questions if q.code in last and not q.fresh}
        return cls(answers=kept)

    @property
    def current(self) -> Step:
        return self._step(self.step)

    @property
    def is_first(self) -> bool:
        return catalog().step_index(self.step) == 0

    @property
    def is_last(self) -> bool:
        return catalog().step_index(self.step) == len(catalog().steps) - 1

    def value(self, code: str) -> Any:
        question = self.question(code)
        given = self.answers.get(code)
        if not _is_empty(given):
            return given
        # Not answered (or a widget reported nothing or ""): the question's starting answer.
        empty = {Kind.MANY: [], Kind.TEXT: ""}.get(question.kind)
        return empty if question.default is None else question.default

    def answer(self, code: str, value: Any) -> Message | None:
        """Keep one answer as given on screen; returns a note when it had to be changed."""
        question = self.question(code)
        previous = self.answers.get(code)
        note = None
        if question.kind in _SINGLE and value is None and previous is not None:
            value = previous  # tapping the chosen chip again keeps it chosen
        elif question.kind == Kind.MANY and _codes(value) is not None:
            value = _exclusive(question, _codes(previous) or set(), _codes(value))
        elif question.kind == Kind.TEXT:
            value = str(value or "")
            if len(value) > question.max_length:
                value = value[: question.max_length]
                note = Message(N_("We kept the first {limit} characters."), {"limit": question.max_length})
        self.answers[code] = value
        return note

    def problems(self, step_code: str | None = None) -> dict[str, Message]:
        """What to fix on a step before going on, by question code."""
        step = self._step(step_code or self.step)
        found = {}
        for question in step.questions:
            problem = _problem(question, self.value(question.code))
            if problem:
                found[question.code] = problem
        return found

    def problem(self, code: str) -> Message | None:
        """What to fix in one answer, if anything."""
        return _problem(self.question(code), self.value(code))

    def next(self) -> dict[str, Message]:
        """Check this step and, if it is fine and not the last, go on to the next."""
        found = self.problems()
        if not found and not self.is_last:
            self.step = catalog().steps[catalog().step_index(self.step) + 1].code
        return found

    def back(self) -> None:
        if not self.is_first:
            self.step = catalog().steps[catalog().step_index(self.step) - 1].code

    def go_to(self, step_code: str) -> None:
        self.step = catalog().step(step_code).code

    def intake(self) -> Intake:
        """Every step checked, then the answers as an Intake; InvalidInput names the first problem."""
        for step in catalog().steps:
            found = self.problems(step.code)
            if found:
                self.step = step.code
                raise InvalidInput(next(iter(found.values())), problems=found)
        values = {q.code: self.value(q.code) for q in catalog().questions}
        try:
            return Intake.from_answers(values)
        except ValidationError as error:
            # Which answers and why, never their values: they are health data.
            log.warning("intake refused: %s", [(item["loc"], item["type"]) for item in error.errors()])
            raise InvalidInput(N_("Some answers didn't look right. Please check them.")) from error


def _has_pain(step: Step) -> bool:
    return any(question.code == "pain" for question in step.questions)


def _after_pain(questions: tuple[Question, ...], extra: tuple[Question, ...]) -> tuple[Question, ...]:
    at = next(i for i, question in enumerate(questions) if question.code == "pain") + 1
    return (*questions[:at], *extra, *questions[at:])


def _codes(value: Any) -> set[str] | None:
    """A several-choice answer's codes; None when it is no list of codes (it is then kept as
    given, and `problems` asks for a choice from the list)."""
    if not value:  # nothing chosen: None, "", an empty list
        return set()
    if isinstance(value, list | tuple | set | frozenset) and all(isinstance(code, str) for code in value):
        return set(value)
    return None


def _exclusive(question: Question, before: set[str], chosen: set[str]) -> list[str]:
    """A newly chosen exclusive option ("None of these apply", "Full body") clears the others;
    a newly chosen other option clears it."""
    added = chosen - before
    exclusive = {code for code in chosen if (option := question.option(code)) and option.exclusive}
    if added & exclusive:
        chosen = added & exclusive
    elif added:
        chosen -= exclusive
    return [code for code in question.codes if code in chosen] + sorted(chosen - set(question.codes))


def _problem(question: Question, value: Any) -> Message | None:
    if _is_empty(value):
        return Message(question.missing or _MISSING[question.kind]) if question.required else None
    if question.kind in (Kind.ONE, Kind.WHEN):
        ok = value in question.codes
    elif question.kind == Kind.MANY:
        ok = isinstance(value, list) and _codes(value) is not None and set(value) <= set(question.codes)
    elif question.kind == Kind.SCALE:
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10
    else:
        if len(value) > question.max_length:
            return Message(N_("Please keep it under {limit} characters."), {"limit": question.max_length})
        try:
            no_control_characters(value)
        except ValueError as error:
            return Message(str(error))
        ok = True
    return None if ok else Message(N_("Please choose from the list."))
