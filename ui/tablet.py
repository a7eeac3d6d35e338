"""The tablet's session: which step it is on, the client's answers, and forgetting them all.

Only user actions count as activity (they call `touch` from their callbacks); the idle watcher
runs on a timer and never does.
"""

import functools
import logging
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from kiosk_core.errors import KioskError

log = logging.getLogger("kiosk")

_RELOAD = "reload_page"


def touch() -> None:
    st.session_state["last_touch"] = time.monotonic()


def go(step: str) -> None:
    st.session_state["step"] = step
    st.session_state.pop("message", None)
    touch()


def current_step() -> str:
    return st.session_state.get("step", "welcome")


def answers() -> dict:
    return st.session_state.setdefault("answers", {})


def say(message: str) -> None:
    """A friendly message shown on the current step until the next action."""
    st.session_state["message"] = message
    touch()


def friendly(action):
    """A widget callback that never puts a traceback on screen: domain errors are said as they
    are, anything else is logged and the client is sent to the front desk."""

    @functools.wraps(action)
    def run(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except KioskError as error:
            say(str(error))
        except Exception:
            log.exception("tablet action %s failed", action.__name__)
            say(KioskError.message)

    return run


def drop_photos() -> None:
    """Delete this session's camera photos from server memory.

    Streamlit keeps every uploaded photo while its session lives, and (measured in 1.67,
    bench/photo_memory.py) never frees those of a session that expires after a disconnect:
    without this, each camera check-in left its photo in memory for good.
    """
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.uploaded_file_mgr.remove_session_files(ctx.session_id)


def forget_everything() -> None:
    """Back to Welcome with nothing of the last client left: not on the page, not in session
    state, not in server memory. The browser then reloads the page for a fresh session."""
    drop_photos()
    st.session_state.clear()
    st.session_state[_RELOAD] = True


def reload_if_asked() -> None:
    if st.session_state.pop(_RELOAD, False):
        st.html("<script>window.location.reload()</script>", unsafe_allow_javascript=True)


def mark_step(*, focus: str = "", round_: object = "") -> None:
    """Tell the page's watcher (kiosk_style) which step this is: on a new step it scrolls to
    the top and puts the cursor in the field labelled `focus`, where a keyboard-wedge scanner
    types. A new `round_` counts as a new step, e.g. after a failed scan."""
    st.html(f'<div data-kiosk-step="{current_step()}-{round_}" data-kiosk-focus="{focus}" hidden></div>')


@st.fragment(run_every=2)
def idle_watch(limit_seconds: float) -> None:
    """Every 2 s, send the tablet back to Welcome if nobody has touched it for `limit_seconds`."""
    last = st.session_state.get("last_touch")
    if last is not None and time.monotonic() - last > limit_seconds:
        forget_everything()
        st.rerun(scope="app")
