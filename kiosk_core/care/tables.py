"""The care tables: plans and their versions, outcomes captured at the tablet, session notes and
their addenda (migration 0013). Each row that is about a client carries its `client_id`, so that
merging two records of one person moves it with the rest."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from kiosk_core.models import UTCDateTime, utcnow


def _time(**kwargs) -> object:
    return Field(sa_type=UTCDateTime, **kwargs)


# A care plan for a medical client: its state and its current version. The plan itself is the
# versions' content; a revision adds a version and never changes an older one.
class CarePlan(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    status: str = Field(default="active", max_length=12)  # active, completed, stopped
    version: int = 1  # the current version's number
    created_at: datetime = _time(default_factory=utcnow)
    created_by: int = Field(foreign_key="therapist.id")
    closed_at: datetime | None = _time(default=None, nullable=True)
    closed_by: int | None = Field(default=None, foreign_key="therapist.id")
    close_reason: str = Field(default="", max_length=30)  # a STOP_REASONS code
    close_note: str = Field(default="", max_length=500)


class CarePlanVersion(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("plan_id", "version", name="uq_careplanversion"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="careplan.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    version: int
    written_at: datetime = _time(default_factory=utcnow)
    written_by: int = Field(foreign_key="therapist.id")
    why: str = Field(default="", max_length=500)  # a revision's reason
    condition: str = Field(max_length=500)  # in the client's words
    # ICD-10-CM codes from the code set, with their titles as the set had them: [{"code", "title"}]
    diagnoses: list[dict] = Field(default_factory=list, sa_type=sa.JSON)
    goals: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    # PSFS activities: [{"code": "act1", "text": "sitting 30 minutes"}]; a code stays with its
    # activity through revisions, so its ratings make one line on the chart.
    activities: list[dict] = Field(default_factory=list, sa_type=sa.JSON)
    frequency: str = Field(max_length=20)  # kiosk_core.care.schedule.Frequency
    visits_planned: int
    starts_on: date
    referrer_name: str = Field(default="", max_length=120)
    referrer_npi: str = Field(default="", max_length=10)
    documents: list[dict] = Field(default_factory=list, sa_type=sa.JSON)  # [{"type": "mri", "dated": "2026-10-02"}]
    reassess_on: date | None = None


# Outcomes the client gave at the tablet with a visit: a PSFS rating per activity, the global
# rating of change. Pain and stress are the intake's own answers.
class Outcome(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("visit_id", "measure", "item", name="uq_outcome_visit_item"),)

    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    plan_id: int = Field(foreign_key="careplan.id", index=True)
    measure: str = Field(max_length=10)  # kiosk_core.care.measures.Measure
    item: str = Field(default="", max_length=20)  # the PSFS activity's code; "" for GROC
    value: int
    recorded_at: datetime = _time(default_factory=utcnow)


# The therapist's session note (SOAP), one per visit. Signing locks it: later words are addenda.
class SessionNote(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(foreign_key="visit.id", unique=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    therapist_id: int = Field(foreign_key="therapist.id", index=True)
    medical: bool
    subjective: dict = Field(default_factory=dict, sa_type=sa.JSON)  # soap.subjective, as it was at finish
    content: dict = Field(default_factory=dict, sa_type=sa.JSON)  # soap.NoteContent's fields
    created_at: datetime = _time(default_factory=utcnow)
    updated_at: datetime = _time(default_factory=utcnow)
    signed_at: datetime | None = _time(default=None, nullable=True)
    signed_by: int | None = Field(default=None, foreign_key="therapist.id")


class NoteAddendum(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    note_id: int = Field(foreign_key="sessionnote.id", index=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    written_at: datetime = _time(default_factory=utcnow)
    written_by: int = Field(foreign_key="therapist.id")
    why: str = Field(max_length=300)
    text: str = Field(max_length=1000)
