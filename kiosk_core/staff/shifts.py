"""Shifts: which therapists are working at a location now, and in which room.

A shift is explicit: "Start shift" on the queue board (choosing one of the location's rooms, where
it has any) to "End shift". Signing in is not a shift (kiosk_core.staff.sign_ins): the reports, the
poster or the admin screen take no room and count for no wait. A shift ends too when its therapist
starts one elsewhere, when another therapist takes its room over (asked, and audited), when an
admin deactivates its therapist, and when its board has not refreshed for
`settings.shift_stale_minutes` ("stale"). The board beats at most once a minute (`heartbeat`); a
shift not seen since the stale limit is out of every read at once (`live`), and its end is written
at the next write that looks (`end_stale`: a start, a heartbeat, a board's refresh). Two open
shifts never hold one room: a partial unique index (migration 0017) refuses the second of two taps
that raced. A called client is sent to the calling therapist's room, or to the therapist by first
name where the location has no rooms (`where_to_go`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core.clock import clinic_day, day_start
from kiosk_core.config import LocationConfig, settings
from kiosk_core.errors import InvalidInput, NotAllowed
from kiosk_core.models import AuditEvent, Shift, Therapist

# Why a shift ended. The first four are from before shifts were explicit (migration 0017).
SIGN_OUT, IDLE, DAY_END, NEXT_SIGN_IN = "sign_out", "idle", "day_end", "next_sign_in"
ENDED, NEXT_SHIFT, TAKEN_OVER, STALE, DEACTIVATED = "ended", "next_shift", "taken_over", "stale", "deactivated"
ROLE_CHANGED = "role_changed"  # an admin took away the therapist role or the shift's location
END_REASONS = (SIGN_OUT, IDLE, DAY_END, NEXT_SIGN_IN, ENDED, NEXT_SHIFT, TAKEN_OVER, STALE, DEACTIVATED, ROLE_CHANGED)
BEAT = timedelta(minutes=1)  # the board writes its heartbeat at most this often


class RoomHeld(NotAllowed):
    """The room chosen is held by another therapist's open shift: ask before taking it over."""

    def __init__(self, room: str, holder_id: int, holder_name: str):
        super().__init__("{room} is held by {name} — take it over?", room=room, name=holder_name)
        self.room, self.holder_id, self.holder_name = room, holder_id, holder_name


class NotOnShift(NotAllowed):
    message = "Start your shift first (Start shift, at the top of the board) to call clients."


def on_shift_for(action: str, who):
    """`who` (an Authority), if the action may be taken now: a call needs a live shift here, so
    that the TV and the client's phone can say where to go (and the call leaves the TV with it)."""
    if action == "call" and who.shift_id is None:
        raise NotOnShift()
    return who


def short_name(name: str) -> str:
    """ "Dana F." of "Dana Flores": how the board names who holds a room."""
    words = name.split()
    return words[0] if len(words) < 2 else f"{words[0]} {words[-1][0]}."


def stale_before(now: datetime) -> datetime:
    """A shift last seen before this is stale."""
    return now - timedelta(minutes=settings.shift_stale_minutes)


def live(since) -> sa.ColumnElement[bool]:
    """An open shift seen since `since` (a value or a bind parameter): working now."""
    return Shift.ended_at.is_(None) & (Shift.seen_at >= since)


def day_end(shift: Shift) -> datetime:
    """The first instant after the shift's clinic day (DST days are 23 or 25 hours long)."""
    return day_start(shift.clinic_day + timedelta(days=1))


def checked_room(location: LocationConfig, room: str | None) -> str:
    """The room chosen at "Start shift": one of the location's, or "" where it has none."""
    room = " ".join((room or "").split())
    if not location.rooms:
        return ""
    if room not in location.rooms:
        raise InvalidInput("Please choose the room you are working in.")
    return room


def _end(shift: Shift, reason: str, now: datetime) -> None:
    """End an open shift at `now`, or at its day's end if that came first."""
    end = day_end(shift)
    shift.ended_at, shift.end_reason = (now, reason) if now < end else (end, DAY_END)


def end_stale(*, session: Session, now: datetime, location_id: int | None = None) -> list[Shift]:
    """End every open shift (at the location, if given) not seen since the stale limit, as
    "stale", at the last time it was seen: its board went away then."""
    where = [Shift.ended_at.is_(None), sa.or_(Shift.seen_at.is_(None), Shift.seen_at < stale_before(now))]
    if location_id is not None:
        where.append(Shift.location_id == location_id)
    stale = session.exec(select(Shift).where(*where).with_for_update()).all()
    for shift in stale:
        shift.ended_at = min(shift.seen_at or shift.started_at, day_end(shift))
        shift.end_reason = STALE
        session.add(shift)
    return list(stale)


def holder_of(*, session: Session, location_id: int, room: str, now: datetime) -> tuple[Shift, Therapist] | None:
    """The live shift holding `room` at the location, with its therapist (locked for the write)."""
    return session.exec(
        select(Shift, Therapist)
        .join(Therapist, Therapist.id == Shift.therapist_id)
        .where(Shift.location_id == location_id, Shift.room == room, live(stale_before(now)))
        .with_for_update()
    ).first()


def start_shift(
    *,
    session: Session,
    therapist_id: int,
    location_id: int,
    room: str,
    now: datetime,
    take_over_from: int | None = None,
) -> Shift:
    """A new shift from `now`, in `room` (checked by the caller against the location's rooms).
    The therapist's own open shift (here or elsewhere) ends: one therapist works in one place. A
    room another therapist holds raises RoomHeld, unless `take_over_from` names that therapist
    (the one starting confirmed it): their shift then ends as "taken_over", audited. Two starts
    that race for one room: the database's unique index refuses the second (IntegrityError)."""
    end_stale(session=session, now=now, location_id=location_id)
    for mine in session.exec(
        select(Shift).where(Shift.therapist_id == therapist_id, Shift.ended_at.is_(None)).with_for_update()
    ).all():
        _end(mine, NEXT_SHIFT, now)
        session.add(mine)
    if room:
        session.flush()  # my own shift in this room, ended above, no longer holds it
        held = holder_of(session=session, location_id=location_id, room=room, now=now)
        if held is not None:
            other, holder = held
            if take_over_from != holder.id:
                raise RoomHeld(room, holder.id, short_name(holder.name))
            _end(other, TAKEN_OVER, now)
            session.add(other)
            session.add(
                AuditEvent(
                    at=now,
                    action="room_taken_over",
                    therapist_id=therapist_id,
                    location_id=location_id,
                    detail=f"{room} from {holder.name} (therapist {holder.id})",
                )
            )
            session.flush()
    shift = Shift(
        therapist_id=therapist_id,
        location_id=location_id,
        clinic_day=clinic_day(now),
        room=room,
        started_at=now,
        seen_at=now,
    )
    session.add(shift)
    session.flush()
    return shift


def open_shifts_of(session: Session, therapist_id: int) -> list[Shift]:
    return list(session.exec(select(Shift).where(Shift.therapist_id == therapist_id, Shift.ended_at.is_(None))))


def end_shift(*, session: Session, therapist_id: int, reason: str, now: datetime) -> list[Shift]:
    """End the therapist's open shifts (anywhere): "End shift", their deactivation, or a change of
    their roles or places that leaves them no right to work where they are."""
    if reason not in END_REASONS:
        raise ValueError(f"unknown end of shift {reason!r}")
    open_ = session.exec(
        select(Shift).where(Shift.therapist_id == therapist_id, Shift.ended_at.is_(None)).with_for_update()
    ).all()
    for shift in open_:
        _end(shift, reason, now)
        session.add(shift)
    return list(open_)


def heartbeat(*, session: Session, shift_id: int, now: datetime) -> bool:
    """The board of a live shift refreshed: record it, at most once a `BEAT` (the condition is in
    the write, so several tabs and servers still write once). True if it wrote."""
    written = session.connection().execute(
        sa.update(Shift)
        .where(Shift.id == shift_id, live(stale_before(now)), Shift.seen_at < now - BEAT)
        .values(seen_at=now)
    )
    return written.rowcount > 0


def open_now(location_id, day, since) -> tuple:
    """What on_shift asks of a shift (joined with its therapist): values, or bind parameters
    for a statement built once. kiosk_core.waits asks the same of its lighter reads."""
    return Shift.location_id == location_id, live(since), Shift.clinic_day == day, Therapist.active


def on_shift(*, session: Session, location_id: int, now: datetime) -> list[tuple[Shift, Therapist]]:
    """The live shifts at the location, with their therapists (active ones only), oldest first."""
    return list(
        session.exec(
            select(Shift, Therapist)
            .join(Therapist, Therapist.id == Shift.therapist_id)
            .where(*open_now(location_id, clinic_day(now), stale_before(now)))
            .order_by(Shift.started_at, Shift.id)
        ).all()
    )


def rooms_taken(*, session: Session, location_id: int, now: datetime) -> dict[str, tuple[int, str]]:
    """Room -> (therapist id, "Dana F.") of the live shift in it, at the location now."""
    working = on_shift(session=session, location_id=location_id, now=now)
    return {shift.room: (therapist.id, short_name(therapist.name)) for shift, therapist in working if shift.room}


def shift_of(*, session: Session, therapist_id: int, location_id: int, now: datetime) -> Shift | None:
    """The therapist's live shift at the location, if any."""
    return session.exec(
        select(Shift)
        .where(Shift.therapist_id == therapist_id, Shift.location_id == location_id, live(stale_before(now)))
        .order_by(Shift.started_at.desc())
        .limit(1)
    ).first()


def room_of(*, session: Session, therapist_id: int, location_id: int, now: datetime) -> str:
    """The room of the therapist's live shift at the location; "" when none (or no rooms)."""
    shift = shift_of(session=session, therapist_id=therapist_id, location_id=location_id, now=now)
    return shift.room if shift is not None else ""


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
