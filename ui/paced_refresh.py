"""A timed refresh whose interval follows this server's pace (kiosk_core.screens.refresh_pace):
`@paced(2)` in place of `@st.fragment(run_every=2)`.

Streamlit takes a fragment's interval when the page runs in full, so a page whose pace has
changed since then runs once in full (st.rerun(scope="app")) to take the new one. The fragment
keeps the function's own name, so Streamlit knows it as the same fragment from run to run.
"""

import functools
import time
from collections.abc import Callable

import streamlit as st

from kiosk_core.screens.refresh_pace import PACE

# Set before the full run a new pace asks for: that run is the server's, not someone using the
# page (ui.staff_gate.require_staff does not count it as a touch, so a quiet board still signs out).
PACED_RERUN = "paced_refresh_rerun"


def paced(base_seconds: float) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def decorate(body: Callable[[], None]) -> Callable[[], None]:
        taken = f"paced_refresh_{body.__module__}.{body.__qualname__}"  # the multiple this page's timer runs at

        @functools.wraps(body)
        def timed() -> None:
            started = time.perf_counter()
            body()
            PACE.record(time.perf_counter() - started)
            if PACE.multiple() != st.session_state.get(taken):
                st.session_state[PACED_RERUN] = True
                st.rerun(scope="app")

        def run() -> None:
            multiple = st.session_state[taken] = PACE.multiple()
            st.fragment(run_every=base_seconds * multiple)(timed)()

        return run

    return decorate
