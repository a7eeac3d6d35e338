"""The paperwork's own rows (migration 0014): each progress report produced, so the board's
"Progress report due" resets once one is made."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from kiosk_core.models import UTCDateTime, utcnow


# A progress report made for a plan: when, by whom, and how many of the plan's visits it covered.
class ProgressReport(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="careplan.id", index=True)
    made_at: datetime = Field(sa_type=UTCDateTime, default_factory=utcnow)
    made_by: int = Field(foreign_key="therapist.id")
    visits_done: int  # the plan's visits at the time: the next report is due N visits later
    language: str = Field(default="en", max_length=5)
