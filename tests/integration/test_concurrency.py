"""Many tablets at once: no error, no duplicate or missing ticket, no double visit."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from threading import Barrier

from sqlmodel import select

from kiosk_core import db
from kiosk_core.checkin import check_in
from kiosk_core.clients import ClientCreate, register_client
from kiosk_core.intake import Goal
from kiosk_core.models import Visit
from tests.factories import intake

THREADS, PER_THREAD = 16, 50
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
ANSWERS = [intake(), intake(goal=Goal.TREAT_PROBLEM, conditions={"sciatica"}, body_areas={"lower_back"})]


def register_many(engine, count: int) -> list[int]:
    with db.write_session(engine) as session:
        ids = [
            register_client(
                session=session, client_create=ClientCreate(first_name="Load", last_name="Test", phone=f"315{n:07d}")
            ).client
            for n in range(count)
        ]
        session.flush()
        return [client.id for client in ids]


def test_sixteen_tablets_fifty_check_ins_each(engine, clinic):
    client_ids = register_many(engine, THREADS * PER_THREAD)
    start = Barrier(THREADS)

    def tablet(batch: list[int]) -> list[str]:
        start.wait()
        codes = []
        for n, client_id in enumerate(batch):
            with db.write_session(engine) as session:
                codes.append(
                    check_in(
                        session=session,
                        clinic=clinic,
                        location_slug="north-syracuse",
                        client_id=client_id,
                        intake=ANSWERS[n % 2],
                        now=NOW,
                    ).ticket_code
                )
        return codes

    batches = [client_ids[i::THREADS] for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        codes = [code for result in pool.map(tablet, batches) for code in result]

    assert len(codes) == len(set(codes)) == THREADS * PER_THREAD
    for prefix in ("M", "T"):
        numbers = sorted(int(code[2:]) for code in codes if code.startswith(prefix))
        assert numbers == list(range(1, len(numbers) + 1))
    with db.read_session(engine) as session:
        assert len(session.exec(select(Visit)).all()) == THREADS * PER_THREAD


def test_one_client_tapping_on_many_tablets_at_once_gets_one_visit(engine, clinic):
    client_id = register_many(engine, 1)[0]
    start = Barrier(8)

    def tap(_) -> int:
        start.wait()
        with db.write_session(engine) as session:
            return check_in(
                session=session,
                clinic=clinic,
                location_slug="north-syracuse",
                client_id=client_id,
                intake=intake(),
                now=NOW,
            ).visit_id

    with ThreadPoolExecutor(8) as pool:
        visit_ids = set(pool.map(tap, range(8)))
    assert len(visit_ids) == 1
    with db.read_session(engine) as session:
        assert len(session.exec(select(Visit)).all()) == 1
