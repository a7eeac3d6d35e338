"""The staff pages' plain text and their calm wait while the database is away: anything from
the database is drawn as escaped text, and an outage is a note that retries by itself."""

import html
import sys
from pathlib import Path
from typing import NoReturn

import streamlit as st

from kiosk_core.errors import StorageFull

_RETRY, _NOTE = "staff_retry", "staff_note"
STAFF_CSS = (Path(__file__).parent / "staff.css").read_text(encoding="utf-8")
RECONNECTING = "Reconnecting… The clinic's database isn't answering. This page carries on by itself when it's back."
TRY_AGAIN = "The clinic's database isn't answering. Please try again in a moment."
STORAGE_FULL = (
    "Storage full: the clinic's database can't save anything (its disk is full or read-only). Check-ins "
    "aren't saved: clients are sent to the front desk with their answers kept. Free disk space or call IT; "
    "the kiosk carries on by itself once it can save again."
)


def say(text: str, kind: str = "info") -> None:
    """A note for the next run of the page, shown by `show_note`."""
    st.session_state[_NOTE] = (text, kind)


def show_note() -> None:
    if note := st.session_state.pop(_NOTE, None):
        plain_note(*note)


# --- Plain text ------------------------------------------------------------------------
# Names, answers, notes and reasons come from people. Markdown would turn them into links,
# bold or coloured text (escaping does not stop GFM's bare-URL links), so they are drawn as
# HTML-escaped text with st.html, which runs no scripts; only the markup around them is ours.


def plain(text: object) -> str:
    return html.escape(str(text), quote=True)


def plain_line(markup: str) -> None:
    """One line; `markup` is ours, with every value in it passed through `plain`."""
    st.html(f'<p class="staff-line">{markup}</p>')


def plain_heading(text: str) -> None:
    st.html(f'<h3 class="staff-heading">{plain(text)}</h3>')


def plain_note(text: str, kind: str = "info") -> None:
    role = "alert" if kind in ("warn", "flag") else "status"
    st.html(f'<div class="staff-note staff-note-{kind}" role="{role}">{plain(text)}</div>')


# --- The database away -----------------------------------------------------------------


def reconnecting() -> NoReturn:
    """Say so calmly instead of an error box, and run the page again every few seconds until
    its own read succeeds (no separate probe: one that passed while the page's read still
    failed would rerun the page in a tight loop)."""
    st.html(f"<style>{STAFF_CSS}</style>")  # pages without a sign-in (status) have no staff style yet
    full = isinstance(sys.exc_info()[1], StorageFull)  # called in the `except Unavailable` that caught it
    plain_note(STORAGE_FULL if full else RECONNECTING, "flag" if full else "info")
    st.session_state[_RETRY] = 0
    _retry_soon()
    st.stop()


@st.fragment(run_every=3)
def _retry_soon() -> None:
    st.session_state[_RETRY] = st.session_state.get(_RETRY, 0) + 1
    if st.session_state[_RETRY] > 1:  # a timer tick; the first call is the page's own run
        st.rerun(scope="app")
