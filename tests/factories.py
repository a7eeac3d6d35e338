"""Small builders for test data."""

from datetime import timedelta
from itertools import count

from kiosk_core import db
from kiosk_core.checkin import tablets
from kiosk_core.checkin.check_in import check_in
from kiosk_core.clients.registry import ClientCreate, register_client
from kiosk_core.intake.answers import Goal, Intake
from kiosk_core.locations import location_by_slug
from kiosk_core.models import Therapist, utcnow
from kiosk_core.staff import sign_ins
from kiosk_core.staff.shifts import start_shift as begin_shift
from kiosk_core.staff.therapists import StaffMember, add_therapist
from kiosk_core.visits.actions import apply_action

_numbers = count(1)


def intake(**answers) -> Intake:
    """An intake with calm defaults: relax, no conditions, little pain or stress."""
    return Intake(**{"goal": Goal.RELAX, "pain": 2, "stress": 3, **answers})


def make_client(engine, **fields):
    """A registered client; returns (client_id, card payload)."""
    n = next(_numbers)
    data = {"first_name": "Test", "last_name": f"Client{'abcdefghij'[n % 10]}", "phone": f"315555{n:04d}", **fields}
    with db.write_session(engine) as session:
        new = register_client(session=session, client_create=ClientCreate(**data))
        return new.client.id, new.payload


def make_therapist(
    engine, *, medical=True, locations=("north-syracuse",), name=None, pin="523614", admin=False, roles=("therapist",)
) -> int:
    with db.write_session(engine) as session:
        return add_therapist(
            session=session,
            name=name or f"Therapist {next(_numbers)}",
            pin=pin,
            location_slugs=list(locations),
            medical_trained=medical,
            is_admin=admin,
            roles=tuple(roles),
        ).id


def past_visit(engine, clinic, client_id: int, answers: Intake, *, hours_ago: float = 2) -> int:
    """A visit earlier today, seen and finished by a new therapist; returns its id."""
    therapist = make_therapist(engine)
    earlier = utcnow() - timedelta(hours=hours_ago)
    with db.write_session(engine) as session:
        ticket = check_in(
            session=session,
            clinic=clinic,
            location_slug="north-syracuse",
            client_id=client_id,
            intake=answers,
            now=earlier,
        )
        for action in ("call", "start", "finish"):
            apply_action(session=session, visit_id=ticket.visit_id, action=action, therapist_id=therapist, now=earlier)
    return ticket.visit_id


def start_shift(engine, therapist_id: int, *, location="north-syracuse", room="", now=None, take_over_from=None) -> int:
    """The therapist's shift at `location` (in `room`) from `now`, as "Start shift" on the board
    starts it; returns the shift's id."""
    with db.write_session(engine) as session:
        location_id = location_by_slug(session, location).id
        return begin_shift(
            session=session,
            therapist_id=therapist_id,
            location_id=location_id,
            room=room,
            now=now or utcnow(),
            take_over_from=take_over_from,
        ).id


def signed_in(engine, therapist_id: int, *, location="north-syracuse", room="", now=None, shift=True):
    """The StaffMember a sign-in at `location` gives: the therapist's row as it is now and the
    sign-in's id (the core re-reads both on every call). With `shift` (the default), the
    therapist also starts a shift there, in `room`, as a therapist at work on the board does."""
    with db.write_session(engine) as session:
        place = location_by_slug(session, location)
        sign_in_id = sign_ins.sign_in(session=session, therapist_id=therapist_id, location_id=place.id,
                                      now=now or utcnow()).id  # fmt: skip
    if shift:
        start_shift(engine, therapist_id, location=location, room=room, now=now)
    with db.read_session(engine) as session:
        row = session.get(Therapist, therapist_id)
        place = location_by_slug(session, location)
        return StaffMember(
            therapist_id, row.name, location, place.name, row.medical_trained, row.is_admin, sign_in_id=sign_in_id
        )


def enrol_tablet(engine, location="north-syracuse", *, name="Lobby tablet") -> str:
    """A lobby tablet enrolled at `location`; returns its token (for `?tablet=` in its address)."""
    with db.write_session(engine) as session:
        return tablets.enrol(session=session, name=name, location_slug=location, by=None, now=utcnow()).token
