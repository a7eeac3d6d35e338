"""The tablet's usual check-in on the driver's connection (kiosk_core.checkin.visit_write) and the place in
line read after it (kiosk_core.waits.place_in_line.place_read): written as the general way writes, the write
lock held for the writes alone, and the same place and wait as the queue board's."""

import psycopg
import pytest
import sqlalchemy as sa
from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin import check_in, visit_write
from kiosk_core.config import settings
from kiosk_core.models import AuditEvent, Visit
from kiosk_core.screens.tablet import check_in_now
from kiosk_core.staff.shifts import end_shift
from kiosk_core.visits.todays_queue import todays_queue
from kiosk_core.waits import place_in_line
from kiosk_core.waits.estimate import NOBODY_ON_SHIFT
from kiosk_core.waits.place_in_line import place_in_queue
from tests.factories import intake, make_client, make_therapist, start_shift
from tests.integration.test_checkin import MORNING, NORTH, SCIATICA, do_check_in
from tests.integration.test_queue import act, at


@pytest.fixture(autouse=True)
def boards_refreshing(monkeypatch):
    """These clinic hours pass on a fixed clock with no board refreshing: shifts stay live all
    day here (tests/integration/test_shifts.py checks that a stale one is out)."""
    monkeypatch.setattr(settings, "shift_stale_minutes", 24 * 60)


def tablet(engine, clinic, answers=None, minutes=0.0, where=NORTH):
    client_id = make_client(engine)[0]
    return check_in_now(
        clinic=clinic,
        location_slug=where,
        client_id=client_id,
        intake=answers or intake(),
        now=at(minutes),
        engine=engine,
    )


def stored(engine, visit_id: int) -> tuple[dict, dict]:
    """The visit's row and its check-in audit row as stored, without what differs between two."""
    with engine.connect() as connection:
        visit = connection.execute(sa.select(Visit.__table__).where(Visit.id == visit_id)).mappings().one()
        audit = (
            connection.execute(
                sa.select(AuditEvent.__table__).where(AuditEvent.visit_id == visit_id, AuditEvent.action == "check_in")
            )
            .mappings()
            .one()
        )
    apart = ("id", "client_id", "visit_id")
    return {k: v for k, v in visit.items() if k not in apart}, {k: v for k, v in audit.items() if k not in apart}


def test_a_new_visit_is_stored_as_the_general_way_stores_it(engine, clinic):
    answers = intake(safety={"pregnant": True}, conditions={"sciatica"})
    fast = tablet(engine, clinic, answers)
    general = do_check_in(engine, clinic, make_client(engine)[0], answers, where="downtown-syracuse")
    fast_visit, fast_audit = stored(engine, fast.visit_id)
    general_visit, general_audit = stored(engine, general.visit_id)
    assert fast_visit.pop("location_id") != general_visit.pop("location_id")
    assert fast_audit.pop("location_id") != general_audit.pop("location_id")
    assert fast_visit == general_visit and fast_audit == general_audit
    assert fast_visit["ticket_code"] == fast_audit["detail"] and fast_visit["ticket_code"].endswith("-001")
    assert fast_visit["flags"] == [{"code": "pregnant"}]
    if engine.dialect.name == "sqlite":  # the same text in the file, so that times and days compare as before
        sql = "SELECT checked_in_at, clinic_day, reasons, flags, reviewed_flags FROM visit ORDER BY id"
        raw = engine.raw_connection()
        try:
            rows = raw.driver_connection.execute(sql).fetchall()
        finally:
            raw.close()
        assert rows[0] == rows[1]


def test_the_write_lock_is_held_for_the_writes_alone(sqlite_engine, clinic):
    """SQLite: between BEGIN IMMEDIATE and COMMIT only the counter, the visit and the audit row."""
    client_id = make_client(sqlite_engine)[0]
    said: list[str] = []
    engine = db.make_engine(sqlite_engine.url.render_as_string(hide_password=False))
    sa.event.listen(engine, "connect", lambda connection, _record: connection.set_trace_callback(said.append))
    try:
        check_in_now(clinic=clinic, location_slug=NORTH, client_id=client_id, intake=intake(), now=at(0), engine=engine)
    finally:
        engine.dispose()
    start = said.index("BEGIN IMMEDIATE")
    held = said[start + 1 : said.index("COMMIT", start)]
    # (A trigger's run is traced again under the statement that fired it: hence the repeats.)
    assert all(statement.startswith("INSERT INTO ") for statement in held)
    assert list(dict.fromkeys(statement.split()[2] for statement in held)) == ["ticketcounter", "visit", "auditevent"]
    assert any(statement.startswith("SELECT") for statement in said[:start])  # read first, then the lock


def assert_place_is_the_boards(engine, clinic, minutes: float) -> list:
    with db.read_session(engine) as session:
        board = todays_queue(session=session, clinic=clinic, location_slug=NORTH, now=at(minutes))
        places = []
        for entry in board:
            visit = session.get(Visit, entry.visit_id)
            place = place_in_queue(session=session, clinic=clinic, visit=visit, now=at(minutes))
            assert place == ((entry.position, entry.expected_wait) if entry.position else (None, None)), entry
            places.append(place)
    return places


def test_the_place_and_wait_are_the_boards_with_and_without_therapists(engine, clinic):
    trained, untrained = make_therapist(engine), make_therapist(engine, medical=False)
    for therapist in (trained, untrained):
        start_shift(engine, therapist, now=MORNING)
    tickets = [tablet(engine, clinic, SCIATICA if n % 3 == 0 else None, minutes=n) for n in range(7)]
    late = tablet(engine, clinic, minutes=2.5)  # a later id with an earlier check-in time: ordered by time
    act(engine, tickets[1].visit_id, "call", untrained, 8)
    act(engine, tickets[0].visit_id, "call", trained, 8)
    act(engine, tickets[0].visit_id, "start", trained, 9)
    places = assert_place_is_the_boards(engine, clinic, 20)
    assert sum(1 for position, wait in places if position and not wait.nobody_on_shift) == 6
    assert late.position == 3  # behind tickets[1] and [2] (minutes 1 and 2), ahead of [4] and [5]
    with db.write_session(engine) as session:
        end_shift(session=session, therapist_id=trained, reason="ended", now=at(21))
    places = assert_place_is_the_boards(engine, clinic, 22)  # medical: nobody may serve it now
    assert {wait for _, wait in places if wait and wait.nobody_on_shift} == {NOBODY_ON_SHIFT}
    with db.write_session(engine) as session:
        end_shift(session=session, therapist_id=untrained, reason="ended", now=at(23))
    assert {wait for _, wait in assert_place_is_the_boards(engine, clinic, 24) if wait} == {NOBODY_ON_SHIFT}


def test_past_the_cap_from_the_count_alone_is_the_boards_too(engine, clinic, monkeypatch):
    start_shift(engine, make_therapist(engine, medical=False), now=MORNING)
    lines_read = []
    real = place_in_line.todays_open_visits
    monkeypatch.setattr(place_in_line, "todays_open_visits", lambda **kw: lines_read.append(1) or real(**kw))
    tickets = [tablet(engine, clinic, minutes=n) for n in range(6)]
    # One therapist; the third is past the cap by the replay (two sessions: up to 125 minutes);
    # from three ahead, more than 125 minutes at the shortest (3 × (42.5 + 5)), whatever the
    # line: the count says so (estimate.surely_over_cap) and the line is not read.
    assert [t.wait.over_cap for t in tickets] == [False, False, True, True, True, True]
    assert len(lines_read) == 3
    assert_place_is_the_boards(engine, clinic, 6)


def test_a_visit_called_since_it_was_read_has_no_place(engine, clinic):
    ticket = tablet(engine, clinic)
    with db.read_session(engine) as session:
        visit = session.get(Visit, ticket.visit_id)
    act(engine, ticket.visit_id, "call", make_therapist(engine), 1)
    with db.read_session(engine) as session:
        assert visit.status == "waiting"  # as read before the call
        assert place_in_queue(session=session, clinic=clinic, visit=visit, now=at(2)) == (None, None)


def test_a_second_check_in_goes_the_general_way_and_keeps_the_ticket(engine, clinic):
    client_id = make_client(engine)[0]
    first = check_in_now(
        clinic=clinic, location_slug=NORTH, client_id=client_id, intake=intake(), now=at(0), engine=engine
    )
    again = check_in_now(
        clinic=clinic, location_slug=NORTH, client_id=client_id, intake=intake(), now=at(1), engine=engine
    )
    assert (again.visit_id, again.ticket_code, again.already_checked_in) == (first.visit_id, "T-001", True)
    with db.read_session(engine) as session:
        assert len(session.exec(select(Visit)).all()) == 1


def test_the_visit_row_names_every_column_it_gives():
    assert set(visit_write.VISIT_ROW) <= set(Visit.__table__.columns.keys())
    assert not set(visit_write.VISIT_ROW) & set(visit_write._fixed())
    given = {"location_id", "client_id", "clinic_day", "queue", "routed_queue", "intake_json", "checked_in_at"}
    assert given <= set(visit_write.VISIT_ROW)


def test_only_values_that_need_no_converting_are_put_in_during_the_transaction(sqlite_engine):
    """SQLite's check-in puts the ticket code and the visit's id into values converted before
    the write lock: a type that converts them would be skipped, so it is refused instead."""
    _, visit, audited = visit_write._writes(sqlite_engine.dialect)
    assert len(set(visit_write._slots(sqlite_engine.dialect))) == 3
    for statement, converted in ((visit, "checked_in_at"), (visit, "clinic_day"), (audited, "a_at")):
        with pytest.raises(ValueError, match="converted"):
            statement.slot(converted)


def test_a_place_read_that_fails_after_the_commit_is_read_again_and_the_ticket_given(engine, clinic, monkeypatch):
    """The database dropped just after the commit (found by bench/outage.py): the client is
    checked in, so the ticket must not say "please ask at the front desk"."""
    therapist = make_therapist(engine)
    start_shift(engine, therapist, now=MORNING)
    first = tablet(engine, clinic)

    real, tries = check_in.place_in_queue, []

    def dropped_once(**kwargs):
        tries.append(1)
        if len(tries) == 1:
            closed = psycopg.OperationalError("server closed the connection unexpectedly")
            raise sa.exc.OperationalError("SELECT", {}, closed)
        return real(**kwargs)

    monkeypatch.setattr(check_in, "place_in_queue", dropped_once)
    second = tablet(engine, clinic, minutes=1)
    assert len(tries) == 2
    assert second.ticket_code != first.ticket_code and second.position == 2 and second.wait is not None
    with db.read_session(engine) as session:
        assert session.exec(select(sa.func.count()).select_from(Visit)).one() == 2


@pytest.mark.parametrize(
    ("number", "code"), [(1, "T-001"), (9, "T-009"), (10, "T-010"), (99, "T-099"), (100, "T-100"), (1234, "T-1234")]
)
def test_the_ticket_code_is_made_alike_on_both_databases(engine, number, code):
    """One SQL expression makes every code: at least three digits, never cut."""
    with engine.connect() as connection:
        made = connection.execute(sa.select(visit_write.ticket_code(sa.literal("T"), sa.literal(number)))).scalar_one()
    assert made == code
