"""What the queue board asks of the core about shifts: the shift bar on each refresh (with the
board's heartbeat), "Start shift" in a room (asking before a takeover) and "End shift". Each
call is its own unit of work, for the signed-in member only (kiosk_core.staff.shifts)."""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import load_clinic
from kiosk_core.errors import NotAllowed
from kiosk_core.models import Shift, utcnow
from kiosk_core.staff import shifts
from kiosk_core.staff.on_duty import on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember


class RoomJustTaken(NotAllowed):
    message = "Someone started a shift in that room a moment ago. Please choose again."


@dataclass(frozen=True)
class ShiftBar:
    """What the board shows about shifts for this member now."""

    may_work: bool  # a therapist: may start a shift (the front desk and the others may not)
    on_shift: bool
    room: str = ""  # this member's room ("" without rooms or without a shift)
    rooms: list[str] = field(default_factory=list)  # the location's rooms, from the clinic file
    held: dict[str, tuple[int, str]] = field(default_factory=dict)  # room -> (therapist id, "Dana F.") of others


def shift_bar(*, member: StaffMember, now: datetime | None = None) -> ShiftBar:
    """The member's shift at their location and who holds which room, read on each refresh of
    the board. The refresh is the shift's heartbeat, written at most once a minute; a shift at
    the location found stale is ended here (its end written as "stale"): the next read by anyone."""
    now = now or utcnow()

    def read(session):
        who = on_duty(session, member, Need.BOARD)
        taken = shifts.rooms_taken(session=session, location_id=who.location_id, now=now)
        stale = session.exec(
            select(Shift.id)
            .where(Shift.location_id == who.location_id, Shift.ended_at.is_(None))
            .where(sa.or_(Shift.seen_at.is_(None), Shift.seen_at < shifts.stale_before(now)))
            .limit(1)
        ).first()
        return who, taken, stale is not None

    who, taken, stale = db.run_read(read)
    # Only a member who may still work keeps a shift alive (an admin's change ends it; this is the net).
    may_work = who.may(Need.VISIT_TAP)
    beat = may_work and who.shift_id is not None and (who.seen_at is None or who.seen_at < now - shifts.BEAT)
    if beat or stale:

        def write(session):
            db.begin_writes(session)
            shifts.end_stale(session=session, now=now, location_id=who.location_id)
            if beat:
                shifts.heartbeat(session=session, shift_id=who.shift_id, now=now)

        db.run_write(write)
    place = load_clinic().location(who.location_slug)
    return ShiftBar(
        may_work=may_work,
        on_shift=who.shift_id is not None,
        room=who.room,
        rooms=list(place.rooms) if place is not None else [],
        held={room: holder for room, holder in taken.items() if holder[0] != who.therapist_id},
    )


def start_shift(*, member: StaffMember, room: str = "", take_over_from: int | None = None) -> str:
    """Start the member's shift at their location in `room` (required where it has rooms).
    RoomHeld (naming who holds it) when another therapist holds the room, until `take_over_from`
    names them: their shift then ends, audited. RoomJustTaken when another start won the race."""
    now = utcnow()

    def work(session):
        db.begin_writes(session)
        who = on_duty(session, member, Need.VISIT_TAP)
        place = load_clinic().location(who.location_slug)
        chosen = shifts.checked_room(place, room) if place is not None else ""
        shifts.start_shift(
            session=session,
            therapist_id=who.therapist_id,
            location_id=who.location_id,
            room=chosen,
            now=now,
            take_over_from=take_over_from,
        )
        return f"Your shift has started in {chosen}." if chosen else "Your shift has started."

    try:
        return db.run_write(work)
    except sa.exc.IntegrityError:
        raise RoomJustTaken() from None


def end_shift(*, member: StaffMember) -> str:
    """End the member's shift (anywhere): they no longer count for the wait and their room is free."""
    now = utcnow()

    def work(session):
        db.begin_writes(session)
        who = on_duty(session, member, Need.BOARD)
        ended = shifts.end_shift(session=session, therapist_id=who.therapist_id, reason=shifts.ENDED, now=now)
        return "Your shift has ended." if ended else "You had no shift open."

    return db.run_write(work)
