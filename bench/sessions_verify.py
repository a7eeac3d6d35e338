"""`python -m bench.sessions --verify`: do the protocol clients (bench/stream_client.py) make the
server do what real browser pages make it do?

On one server, first real Chromium pages (a staff board signed in, a lobby display, a phone's
live ticket, an idle lobby tablet), then the same four as protocol clients; for each, over the
same window: the runs the page asked for and the runs the server started (full and fragment,
read off the WebSocket frames), the bytes received, and the server's CPU seconds. Then one
returning client's check-in on each kind of tablet: the runs it took and the time from the tap
on "Check me in" to the ticket (in Chromium: until the ticket is on screen).
"""

import asyncio
import time
from collections import Counter

from playwright.async_api import async_playwright, expect

from bench.session_tabs import check_in_on_tablet, open_session
from bench.session_world import LOCATIONS, PIN, start_server
from bench.stream_client import BackMsg, ForwardMsg
from tests.e2e.conftest import APP_IDLE, CHROMIUM, CHROMIUM_ARGS

WINDOW = 20.0
TIMEOUT = 60_000


class Frames:
    """What one browser page's WebSocket carried: runs asked for, runs started, bytes in."""

    def __init__(self, page):
        self.asked, self.runs, self.bytes_in = Counter(), Counter(), 0
        self.sent_at = self.finished_at = 0.0  # the last full run asked for, the last run's end
        self.log: list[str] = []
        page.on("websocket", self._watch)

    def _watch(self, ws) -> None:
        ws.on("framesent", self._sent)
        ws.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        msg = BackMsg()
        msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        if msg.WhichOneof("type") == "rerun_script":
            self.asked["fragment" if msg.rerun_script.fragment_id else "full"] += 1
            if not msg.rerun_script.fragment_id:
                self.sent_at = time.perf_counter()
                self.log.append(f"> rerun {[w.id.rsplit('-', 1)[-1] for w in msg.rerun_script.widget_states.widgets]}")

    def _received(self, payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.bytes_in += len(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        if msg.WhichOneof("type") == "new_session":
            self.runs["fragment" if msg.metadata.run.fragment_ids else "full"] += 1
            self.log.append("< new_session")
        elif msg.WhichOneof("type") == "script_finished":
            self.finished_at = time.perf_counter()
            self.log.append(f"< finished {msg.script_finished}")


def snapshot(watched: dict) -> dict:
    return {kind: (w.asked.copy(), w.runs.copy(), w.bytes_in) for kind, w in watched.items()}


def row(kind: str, before, after, seconds: float) -> str:
    asked = {k: after[0][k] - before[0][k] for k in ("full", "fragment")}
    runs = {k: after[1][k] - before[1][k] for k in ("full", "fragment")}
    return (
        f"  {kind:8} asked {asked['full']:2d} full + {asked['fragment']:3d} fragment runs, server ran"
        f" {runs['full']:2d} + {runs['fragment']:3d}, {(after[2] - before[2]) / seconds / 1024:6.1f} KB/s in"
    )


async def browser_side(server, seed_) -> float:
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        pages, watched = {}, {}
        for kind, path in [
            ("board", "/queue"),
            ("display", f"/display?location={LOCATIONS[0]}"),
            ("phone", f"/ticket?t={seed_.tokens[0]}"),
            ("tablet", f"/?location={LOCATIONS[0]}"),
        ]:
            page = await (await browser.new_context(viewport={"width": 1024, "height": 768})).new_page()
            watched[kind] = Frames(page)
            await page.goto(server.url + path)
            pages[kind] = page
        board = pages["board"]
        await board.get_by_label("Your name").click()
        await board.get_by_role("option", name=seed_.boards[0]).click()
        # The name's run draws the room choice; a PIN sent before it is there reaches no room.
        await expect(board.get_by_role("radiogroup", name="Your room")).to_be_visible(timeout=TIMEOUT)
        await board.wait_for_function(APP_IDLE, timeout=TIMEOUT)
        await board.get_by_label("PIN").fill(PIN)
        await board.locator(".st-key-signin_go button").click()
        await expect(board.get_by_text("Today's queue")).to_be_visible(timeout=TIMEOUT)
        await expect(pages["tablet"].get_by_text("Been here before?")).to_be_visible(timeout=TIMEOUT)
        await asyncio.sleep(5)
        took = await window(server, watched, "Chromium pages")
        tablet = pages["tablet"]
        runs = watched["tablet"].runs["full"]
        await tablet.locator(".st-key-scan input").fill(seed_.payloads[0])
        await tablet.locator(".st-key-scan input").press("Enter")
        for key, name in (("q_pain", "3"), ("q_stress", "5")):
            await tablet.locator(f".st-key-{key}").get_by_text(name, exact=True).click()
            await tablet.wait_for_function(APP_IDLE, timeout=TIMEOUT)
        await tablet.locator(".st-key-same_yes button").click()
        choice = tablet.locator(".st-key-q_safety").get_by_text("None of these apply", exact=True)
        await choice.click()
        await tablet.wait_for_function(APP_IDLE, timeout=TIMEOUT)
        start = time.perf_counter()
        await tablet.locator(".st-key-safety_next button").click()
        await expect(tablet.locator(".ticket")).to_be_visible(timeout=TIMEOUT)
        ticket = time.perf_counter() - start
        await tablet.wait_for_function(APP_IDLE, timeout=TIMEOUT)
        frames = watched["tablet"]
        server_side = frames.finished_at - frames.sent_at
        print("\n".join(frames.log))
        print(
            f"  Chromium tablet check-in: {watched['tablet'].runs['full'] - runs} runs from the scan to the ticket;"
            f" 'Check me in' to the ticket on screen {ticket:.2f} s (its message to the run's end {server_side:.2f} s)"
        )
        await browser.close()
    return took


async def window(server, watched: dict, title: str) -> float:
    before, cpu0 = snapshot(watched), server.cpu_seconds()
    await asyncio.sleep(WINDOW)
    after, cpu = snapshot(watched), server.cpu_seconds() - cpu0
    print(f"{title}, {WINDOW:g} s: server CPU {cpu:.2f} s")
    for kind in watched:
        print(row(kind, before[kind], after[kind], WINDOW))
    return cpu


class TabFrames:
    """The same counts, read off a protocol client."""

    def __init__(self, tab):
        self.tab = tab

    @property
    def asked(self):
        return self.tab.asked

    @property
    def runs(self):
        return self.tab.runs

    @property
    def bytes_in(self):
        return self.tab.bytes_in


async def client_side(server, seed_) -> float:
    tabs = {kind: await open_session(server.url, kind, n, seed_) for kind, n in [("board", 1), ("phone", 1)]}
    tabs["display"] = await open_session(server.url, "display", 0, seed_)
    tabs["tablet"] = await open_session(server.url, "tablet", 0, seed_)
    watched = {kind: TabFrames(tab) for kind, tab in tabs.items()}
    await asyncio.sleep(5)
    took = await window(server, watched, "Protocol clients")
    result = await check_in_on_tablet(server.url, LOCATIONS[0], seed_.payloads[1], seed_.tablets[LOCATIONS[0]])
    print(
        f"  protocol tablet check-in: {result.runs} runs from the scan to the ticket;"
        f" 'Check me in' to the end of its run {result.check_in:.2f} s"
    )
    await asyncio.gather(*(tab.close() for tab in tabs.values()))
    return took


async def verify(folder, env, seed_, database) -> None:
    server = start_server("verify", folder, database, env, [])
    try:
        browser_cpu = await browser_side(server, seed_)
        await asyncio.sleep(15)  # the browser's sessions expire
        client_cpu = await client_side(server, seed_)
        print(f"Server CPU over the window: protocol clients / Chromium pages = {client_cpu / browser_cpu:.2f}")
    finally:
        server.stop()
