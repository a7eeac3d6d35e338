"""Shifts: which therapists are working at a location now, and in which room.

A shift runs from a therapist's sign-in to their sign-out or idle sign-out. A shift nobody
ended (the server or the browser went away) ends at the end of its clinic day, or at the
therapist's next sign-in if that comes first; it never counts on a later day. A called client
is sent to the calling therapist's room, or to the therapist by first name where the location
has no rooms (`where_to_go`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from kiosk_core.clock import clinic_day, day_start
from kiosk_core.config import LocationConfig
from kiosk_core.errors import InvalidInput
from kiosk_core.models import Shift, Therapist

SIGN_OUT, IDLE, DAY_END, NEXT_SIGN_IN = "sign_out", "idle", "day_end", "next_sign_in"
END_REASONS = (SIGN_OUT, IDLE, DAY_END, NEXT_SIGN_IN)


def day_end(shift: Shift) -> datetime:
    """The first instant after the shift's clinic day (DST days are 23 or 25 hours long)."""
    return day_start(shift.clinic_day + timedelta(days=1))


def checked_room(location: LocationConfig, room: str | None) -> str:
    """The room a therapist chose at sign-in: one of the location's, or "" where it has none."""
    room = " ".join((room or "").split())
    if not location.rooms:
        return ""
    if room not in location.rooms:
        raise InvalidInput("Please choose the room you are working in.")
    return room


def _end(shift: Shift, reason: str, now: datetime) -> None:
    """End an open shift at `now`, or at its day's end if that came first (a crash's shift)."""
    end = day_end(shift)
    shift.ended_at, shift.end_reason = (now, reason) if now < end else (end, DAY_END)


def end_left_open(*, session: Session, now: datetime) -> list[Shift]:
    """End every shift of an earlier clinic day still open, at its day's end."""
    stale = session.exec(
        select(Shift).where(Shift.ended_at.is_(None), Shift.clinic_day < clinic_day(now)).with_for_update()
    ).all()
    for shift in stale:
        _end(shift, DAY_END, now)
        session.add(shift)
    return list(stale)


def start_shift(*, session: Session, therapist_id: int, location_id: int, room: str, now: datetime) -> Shift:
    """A new shift from `now`. The therapist's shift still open (another tab, or a crash) ends
    here: one therapist is on shift at one place at a time."""
    end_left_open(session=session, now=now)
    for shift in session.exec(
        select(Shift).where(Shift.therapist_id == therapist_id, Shift.ended_at.is_(None)).with_for_update()
    ).all():
        _end(shift, NEXT_SIGN_IN, now)
        session.add(shift)
    shift = Shift(
        therapist_id=therapist_id, location_id=location_id, clinic_day=clinic_day(now), room=room, started_at=now
    )
    session.add(shift)
    session.flush()
    return shift


def end_shift(*, session: Session, shift_id: int | None, reason: str, now: datetime) -> Shift | None:
    """End the shift at a sign-out (`reason` "sign_out" or "idle"); one already ended (by a later
    sign-in elsewhere, or its day's end) is left as it is."""
    if reason not in END_REASONS:
        raise ValueError(f"unknown end of shift {reason!r}")
    shift = session.get(Shift, shift_id, with_for_update=True) if shift_id is not None else None
    if shift is not None and shift.ended_at is None:
        _end(shift, reason, now)
        session.add(shift)
    return shift


def open_now(location_id, day) -> tuple:
    """What on_shift asks of a shift (joined with its therapist): values, or bind parameters
    for a statement built once. kiosk_core.waits.location_waits asks the same of its lighter reads."""
    return Shift.location_id == location_id, Shift.ended_at.is_(None), Shift.clinic_day == day, Therapist.active


def on_shift(*, session: Session, location_id: int, now: datetime) -> list[tuple[Shift, Therapist]]:
    """The shifts open now at the location, with their therapists (active ones only), oldest first."""
    return list(
        session.exec(
            select(Shift, Therapist)
            .join(Therapist, Therapist.id == Shift.therapist_id)
            .where(*open_now(location_id, clinic_day(now)))
            .order_by(Shift.started_at, Shift.id)
        ).all()
    )


def rooms_taken(*, session: Session, location_id: int, now: datetime) -> dict[str, str]:
    """Room -> the name of the therapist on shift in it, at the location now."""
    working = on_shift(session=session, location_id=location_id, now=now)
    return {shift.room: therapist.name for shift, therapist in working if shift.room}


def room_of(*, session: Session, therapist_id: int, location_id: int, now: datetime) -> str:
    """The room of the therapist's shift open now at the location; "" when none (or no rooms)."""
    room = session.exec(
        select(Shift.room)
        .where(
            Shift.therapist_id == therapist_id,
            Shift.location_id == location_id,
            Shift.ended_at.is_(None),
            Shift.clinic_day == clinic_day(now),
        )
        .order_by(Shift.started_at.desc())
        .limit(1)
    ).first()
    return room or ""


def first_name(name: str) -> str:
    """What a client is told to look for: "Priya" of "Priya Patel"."""
    return (name.split() or [""])[0]


@dataclass(frozen=True)
class WhereToGo:
    """Where a called client goes: a room, or else the therapist, by first name."""

    room: str = ""
    therapist_first_name: str = ""

    @property
    def known(self) -> bool:
        return bool(self.room or self.therapist_first_name)


def where_to_go(room: str, therapist_name: str | None) -> WhereToGo:
    """From a called visit's `room` and its therapist's full name."""
    if room:
        return WhereToGo(room=room)
    return WhereToGo(therapist_first_name=first_name(therapist_name or ""))
