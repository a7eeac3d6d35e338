"""Outcomes given at the tablet by a client with an active care plan: each PSFS activity rated
0-10 and, from the plan's second visit, one global rating of change. Asked fresh every visit,
stored with the visit as codes with values (kiosk_core.care.tables.Outcome)."""

from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from kiosk_core import db
from kiosk_core.care.measures import GROC_OPTIONS, GROC_PROMPT, GROC_VALUES, PSFS_HIGH, PSFS_LOW, PSFS_PROMPT, Measure
from kiosk_core.care.plans import active_plan
from kiosk_core.care.tables import Outcome
from kiosk_core.errors import InvalidInput
from kiosk_core.i18n import N_
from kiosk_core.intake.shapes import Kind, Option, Question
from kiosk_core.prepared_sql import Prepared

GROC_KEY = "groc"


@dataclass(frozen=True)
class OutcomeAsk:
    """What to ask a plan client today: the plan, its activities (code, the words agreed with the
    therapist) and whether to ask the change since the last visit."""

    plan_id: int
    activities: tuple[tuple[str, str], ...]
    ask_change: bool

    def questions(self) -> tuple[Question, ...]:
        return questions(self)

    def keys(self) -> tuple[str, ...]:
        """The answers' keys in the client's draft: one per activity, then the change."""
        return (*(psfs_key(code) for code, _text in self.activities), *((GROC_KEY,) if self.ask_change else ()))


def psfs_key(activity_code: str) -> str:
    return f"psfs_{activity_code}"


def questions(ask: OutcomeAsk | None) -> tuple[Question, ...]:
    """Today's outcome questions for the tablet's draft: one 0-10 scale per activity (the
    activity in the words agreed with the therapist), then the change since the last visit."""
    if ask is None:
        return ()
    scales = tuple(
        Question(psfs_key(code), Kind.SCALE, PSFS_PROMPT, required=True, fresh=True, low=PSFS_LOW, high=PSFS_HIGH,
                 subject=text, staff_label=text)
        for code, text in ask.activities
    )  # fmt: skip
    change = Question(
        GROC_KEY, Kind.ONE, GROC_PROMPT, tuple(Option(code, label) for code, _value, label in GROC_OPTIONS),
        required=True, fresh=True,
    )  # fmt: skip
    return (*scales, change) if ask.ask_change else scales


def outcome_ask(*, session: Session, client_id: int) -> OutcomeAsk | None:
    """None for a client without an active plan; else today's questions. The change since the
    last visit is asked once the plan has a visit with outcomes (the second visit on)."""
    found = active_plan(session, client_id)
    if found is None:
        return None
    plan, version = found
    earlier = session.exec(select(Outcome.id).where(Outcome.plan_id == plan.id).limit(1)).first()
    activities = tuple((item["code"], item["text"]) for item in version.activities)
    return OutcomeAsk(plan.id, activities, ask_change=earlier is not None)


def outcome_rows(ask: OutcomeAsk, answers: dict) -> list[dict]:
    """The answers as rows (measure, item, value); InvalidInput for a missing or wrong one."""
    rows = []
    for code, _text in ask.activities:
        value = answers.get(psfs_key(code))
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10:
            raise InvalidInput(N_("Please choose a number from 0 to 10."))
        rows.append({"measure": Measure.PSFS.value, "item": code, "value": value})
    if ask.ask_change:
        change = answers.get(GROC_KEY)
        if change not in GROC_VALUES:
            raise InvalidInput(N_("Please choose one."))
        rows.append({"measure": Measure.GROC.value, "item": "", "value": GROC_VALUES[change]})
    return rows


_COLUMNS = ("visit_id", "client_id", "plan_id", "measure", "item", "value", "recorded_at")


@lru_cache(maxsize=8)
def _insert_for(dialect: sa.Dialect) -> Prepared:
    """The outcome INSERT, compiled once per dialect: built through SQLAlchemy for every check-in
    it cost a plan client's check-in several milliseconds (bench/plan_checkin.py)."""
    insert = postgresql.insert if dialect.name == "postgresql" else sqlite.insert
    return Prepared(insert(Outcome).on_conflict_do_nothing(), dialect, _COLUMNS, columns=True)


def record_outcomes(*, session: Session, visit_id: int, client_id: int, plan_id: int, rows: list[dict], now) -> None:
    """Today's outcomes with the visit, in the check-in's unit of work: one batch (psycopg sends
    it in one round trip). A second check-in the same day keeps the visit and the answers it
    first gave (the unique visit, measure and item)."""
    if not rows:
        return
    prepared = _insert_for(session.get_bind().dialect)
    fixed = {"visit_id": visit_id, "client_id": client_id, "plan_id": plan_id, "recorded_at": now}
    cursor = db.driver_connection(session).cursor()
    try:
        cursor.executemany(prepared.sql, [prepared.parameters({**row, **fixed}) for row in rows])
    finally:
        cursor.close()
