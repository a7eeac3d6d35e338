"""The sessions benchmark's clients (bench/stream_client.py) against a real server: a lobby tablet
checks a returning client in through the app's own widgets, and a signed-in board, a lobby
display and a phone's live ticket ask for their fragments' runs by themselves, as their pages do.
Counts, not times: `python -m bench.sessions` measures."""

import asyncio
import concurrent.futures
import time

from sqlmodel import select

from bench.session_tabs import check_in_on_tablet, open_sessions
from bench.session_world import LOCATIONS, seed
from kiosk_core import db
from kiosk_core.models import Visit
from kiosk_core.vocabulary import VisitStatus


async def _drive(url: str, seed_) -> tuple:
    tabs, failed = await open_sessions(url, {"tablet": 1, "board": 1, "display": 1, "phone": 1}, seed_)
    try:
        result = await check_in_on_tablet(
            url, LOCATIONS[0], seed_.payloads[0], seed_.tablets[LOCATIONS[0]], timeout=120
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not all(tab.runs["fragment"] for tab in tabs[1:]):
            await asyncio.sleep(0.5)
        return failed, result, {tab.page: (tab.asked.copy(), tab.runs.copy(), tab.exceptions) for tab in tabs}
    finally:
        await asyncio.gather(*(tab.close() for tab in tabs))


def test_bench_clients_check_in_and_refresh_as_the_pages_do(server, clinic):
    seed_ = seed(server.engine, clinic, clients=1, boards=1, phones=1)

    # A thread of its own: Playwright's sync API keeps an event loop running on this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        failed, result, pages = pool.submit(asyncio.run, _drive(server.url, seed_)).result()

    assert failed == 0
    # The scan, pain, stress, "Yes, same as last time", "None of these apply", "Check me in".
    assert result.runs == 6
    with db.read_session(server.engine) as session:
        visits = session.exec(select(Visit).where(Visit.id > seed_.last_visit_id)).all()
    assert [v.status for v in visits] == [VisitStatus.WAITING]
    assert pages[""][0]["fragment"] == 0  # the lobby tablet's idle watch runs in the browser
    for page in ("queue", "display", "ticket"):
        asked, runs, exceptions = pages[page]
        assert asked["fragment"] >= 1 and runs["fragment"] >= 1, page
        assert exceptions == [], page
