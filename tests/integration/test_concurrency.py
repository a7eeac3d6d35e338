"""Many tablets at once: no error, no duplicate or missing ticket, no double visit."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from threading import Barrier

from sqlmodel import select

from bench import load
from kiosk_core import db
from kiosk_core.intake.answers import Goal
from kiosk_core.models import AuditEvent, Visit
from kiosk_core.screens.tablet import check_in_now
from tests.factories import intake

THREADS, PER_THREAD = 16, 50
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
ANSWERS = [intake(), intake(goal=Goal.TREAT_PROBLEM, conditions={"sciatica"}, body_areas={"lower_back"})]


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_sixteen_tablets_fifty_check_ins_each(engine, clinic):
    client_ids = load.register_clients(engine, THREADS * PER_THREAD)
    start = Barrier(THREADS)

    def tablet(batch: list[int]) -> list[str]:
        start.wait()
        return [
            check_in_now(
                clinic=clinic,
                location_slug="north-syracuse",
                client_id=client_id,
                intake=ANSWERS[n % 2],
                now=NOW,
                engine=engine,
            ).ticket_code
            for n, client_id in enumerate(batch)
        ]

    batches = [client_ids[i::THREADS] for i in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        codes = [code for result in pool.map(tablet, batches) for code in result]

    assert len(codes) == len(set(codes)) == THREADS * PER_THREAD
    for prefix in ("M", "T"):
        numbers = sorted(int(code[2:]) for code in codes if code.startswith(prefix))
        assert numbers == list(range(1, len(numbers) + 1))
    with db.read_session(engine) as session:
        assert len(session.exec(select(Visit)).all()) == THREADS * PER_THREAD
        assert len(session.exec(select(AuditEvent).where(AuditEvent.action == "check_in")).all()) == len(codes)


def test_one_client_tapping_on_many_tablets_at_once_gets_one_visit(engine, clinic):
    client_id = load.register_clients(engine, 1)[0]
    start = Barrier(8)

    def tap(_) -> int:
        start.wait()
        return check_in_now(
            clinic=clinic, location_slug="north-syracuse", client_id=client_id, intake=intake(), now=NOW, engine=engine
        ).visit_id

    with ThreadPoolExecutor(8) as pool:
        visit_ids = set(pool.map(tap, range(8)))
    assert len(visit_ids) == 1
    with db.read_session(engine) as session:
        assert len(session.exec(select(Visit)).all()) == 1
        assert session.exec(select(Visit.ticket_code)).one() == "T-001"  # the losers' numbers rolled back


def test_two_server_processes_of_four_tablets_check_in_through_the_tablet_service(engine):
    """The CI-sized bench.load: separate OS processes, each with its own engine, as servers are."""
    result = load.run(url_of(engine), processes=2, threads=4, per_thread=25)
    assert (result.check_ins, result.failed, result.duplicates, result.missing) == (200, 0, 0, 0), result.errors
