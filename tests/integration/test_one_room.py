"""Two therapists never hold one room: two Start shift taps at the same instant, each on its own
connection, and a second open shift written straight to the database, on SQLite and PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Shift
from kiosk_core.screens import shift_desk
from kiosk_core.staff import shifts
from tests.factories import make_therapist, signed_in, start_shift
from tests.integration.test_checkin import MORNING, NORTH


def test_two_taps_at_once_never_hold_one_room(desk_db):
    """Two therapists start a shift in Room 3 at the same instant, each on its own connection:
    one holds it, the other is told (RoomHeld, or RoomJustTaken from the unique index)."""
    members = [signed_in(desk_db, make_therapist(desk_db), shift=False) for _ in range(2)]
    start = Barrier(2)

    def tap(member):
        start.wait()
        try:
            return shift_desk.start_shift(member=member, room="Room 3")
        except (shifts.RoomHeld, shift_desk.RoomJustTaken) as refused:
            return refused

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(tap, members))
    assert sum(isinstance(r, str) for r in results) == 1
    with db.read_session(desk_db) as session:
        held = session.exec(select(Shift).where(Shift.room == "Room 3", Shift.ended_at.is_(None))).all()
    assert len(held) == 1


def test_the_database_refuses_a_second_open_shift_in_a_room(engine):
    sam, kim = make_therapist(engine), make_therapist(engine)
    start_shift(engine, sam, room="Room 1", now=MORNING)
    with pytest.raises(sa.exc.IntegrityError), db.write_session(engine) as session:
        location_id = location_by_slug(session, NORTH).id
        session.add(Shift(therapist_id=kim, location_id=location_id, clinic_day=MORNING.date(), room="Room 1",
                          started_at=MORNING, seen_at=MORNING))  # fmt: skip
        session.flush()
    start_shift(engine, kim, now=MORNING)  # without rooms, any number: "" holds nothing
