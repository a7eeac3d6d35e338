"""The sessions `bench.sessions` opens (tablets, signed-in boards, displays, phones) and the
returning client's check-in it times, as Streamlit protocol clients (bench/stream_client.py)."""

import argparse
import asyncio
from dataclasses import dataclass

from bench.session_world import LOCATIONS, PIN, Seed
from bench.stream_client import TRIGGER, Tab

MIX = {"tablet": 0.2, "board": 0.2, "display": 0.1, "phone": 0.5}
OPEN_TIMEOUT = 60.0  # seconds for a page to load (and a board to sign in)

# --- Sessions --------------------------------------------------------------------------


def mix(n: int, shares: dict[str, float] = MIX) -> dict[str, int]:
    """`n` sessions split by `shares` of each kind, largest remainders first."""
    exact = {kind: n * shares.get(kind, 0) / sum(shares.values()) for kind in MIX}
    counts = {kind: int(value) for kind, value in exact.items()}
    for kind in sorted(exact, key=lambda k: exact[k] - counts[k], reverse=True)[: n - sum(counts.values())]:
        counts[kind] += 1
    return counts


async def open_session(url: str, kind: str, n: int, seed_: Seed) -> Tab:
    where = f"location={LOCATIONS[n % 2]}"
    if kind == "tablet":  # on Welcome: its idle watch runs in the browser (ui/kiosk_watch.js)
        tab = Tab(url, "", f"{where}&tablet={seed_.tablets[LOCATIONS[n % 2]]}")
    elif kind == "display":
        tab = Tab(url, "display", where)
    elif kind == "phone":
        tab = Tab(url, "ticket", f"t={seed_.tokens[n]}")
    else:
        tab = Tab(url, "queue")
    try:
        await tab.open(timeout=OPEN_TIMEOUT)
        if kind == "board":  # sign in: the name, then the PIN and "Sign in" (the form)
            await tab.rerun({"signin_name": seed_.boards[n]}, timeout=OPEN_TIMEOUT, expect="signin_pin")
            await tab.rerun({"signin_pin": PIN, "signin_go": TRIGGER}, timeout=OPEN_TIMEOUT, expect="call_next")
            # Signing in is not a shift: Start shift, in the first free room (past the rooms, the
            # board asks about a takeover and stays off shift, still refreshing).
            await tab.rerun({"shift_start": TRIGGER}, timeout=OPEN_TIMEOUT, expect="call_next")
    except BaseException:
        await tab.close()
        raise
    return tab


async def open_sessions(url: str, counts: dict[str, int], seed_: Seed) -> tuple[list[Tab], int]:
    """Opened five at a time, as people arrive (a sign-in hashes a PIN with argon2id on the
    server); returns the sessions open and how many did not open in OPEN_TIMEOUT."""
    tabs, failed, pending = [], 0, [(kind, n) for kind, count in counts.items() for n in range(count)]
    for start in range(0, len(pending), 5):
        batch = pending[start : start + 5]
        opened = await asyncio.gather(*(open_session(url, k, n, seed_) for k, n in batch), return_exceptions=True)
        tabs += [tab for tab in opened if isinstance(tab, Tab)]
        failed += sum(not isinstance(tab, Tab) for tab in opened)
    return tabs, failed


@dataclass
class CheckIn:
    check_in: float  # "Check me in" to the end of the run that draws the ticket
    slowest_tap: float  # the slowest of the flow's taps, the scan and "Check me in" included
    runs: int  # the runs the server started from the scan to the ticket


async def check_in_on_tablet(url: str, location: str, payload: str, tablet: str, timeout: float = 30) -> CheckIn:
    """One returning client, as the enrolled lobby tablet (`tablet`: its token) does it, in a fresh
    session (the page reloads after each client); TimeoutError past `timeout` seconds for the whole flow."""
    tab = Tab(url, "", f"location={location}&tablet={tablet}")
    taps: list[float] = []
    flow = [
        ({"scan": payload}, "same_yes"),
        ({"q_pain": ["3"]}, None),
        ({"q_stress": ["5"]}, None),
        ({"same_yes": TRIGGER}, "q_safety"),
        ({"q_safety": ["None of these apply"]}, None),
        ({"safety_next": TRIGGER}, "result_done"),  # "Check me in"
    ]
    opened = False
    try:
        async with asyncio.timeout(timeout):
            await tab.open(timeout=timeout)
            opened, loaded = True, tab.runs["full"]
            for values, expect in flow:
                taps.append(await tab.rerun(values, timeout=timeout, expect=expect))
            runs = tab.runs["full"] - loaded
            await tab.rerun({"result_done": TRIGGER}, timeout=timeout)  # then the page reloads
        return CheckIn(check_in=taps[-1], slowest_tap=max(taps), runs=runs)
    except TimeoutError:
        if not opened:
            stage = "opening"
        elif len(taps) < len(flow):
            stage = next(iter(flow[len(taps)][0]))
        else:
            stage = "result_done"
        raise TimeoutError(f"no end of run after {timeout:g} s, at {stage}; {tab.status()}") from None
    finally:
        await tab.close()


def pct(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def shares(text: str) -> dict[str, float]:
    given = {kind.strip(): float(share) for kind, share in (part.split("=") for part in text.split(","))}
    if not given.keys() <= MIX.keys() or sum(given.values()) <= 0:
        raise argparse.ArgumentTypeError(f"kinds are {', '.join(MIX)}, with shares that add up to more than 0")
    return given
