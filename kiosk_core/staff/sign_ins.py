"""Sign-ins: a member signed in with a PIN on one screen, at one location, until they sign out
(or the screen's idle sign-out). A sign-in is not a shift: it takes no room and counts for no
wait (kiosk_core.staff.shifts: "Start shift" on the board). What a staff call believes of a
screen is the id of the sign-in it holds (kiosk_core.staff.authority); several screens of one
member may be signed in at once, e.g. the board on one and the reports on another.
"""

from datetime import date, datetime

from sqlmodel import Field, Session, SQLModel

from kiosk_core import clock  # a module, not its names: models imports this file while clock imports models
from kiosk_core.models import UTCDateTime

SIGN_OUT, IDLE, ACCESS_CHANGED = "sign_out", "idle", "access_changed"


# Sign-ins (migration 0017): who signed in where, and how it ended.
class SignIn(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    therapist_id: int = Field(foreign_key="therapist.id", index=True)
    location_id: int = Field(foreign_key="location.id")
    clinic_day: date
    started_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    end_reason: str = Field(default="", max_length=20)  # sign_out, idle, access_changed


def sign_in(*, session: Session, therapist_id: int, location_id: int, now: datetime) -> SignIn:
    """A new sign-in from `now` (in the caller's unit of work)."""
    row = SignIn(therapist_id=therapist_id, location_id=location_id, clinic_day=clock.clinic_day(now), started_at=now)
    session.add(row)
    session.flush()
    return row


def sign_out(*, session: Session, sign_in_id: int | None, reason: str, now: datetime) -> None:
    """End a sign-in; one already ended is left as it is. Ends no shift: a therapist's shift
    lasts while their board refreshes, whichever screen signs out."""
    row = session.get(SignIn, sign_in_id, with_for_update=True) if sign_in_id is not None else None
    if row is not None and row.ended_at is None:
        row.ended_at, row.end_reason = now, reason if reason in (IDLE, ACCESS_CHANGED) else SIGN_OUT
        session.add(row)
