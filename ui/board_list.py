"""The queue board's compact list: one line per client, a radio group (arrow keys move, a screen
reader reads each line whole), the selected line kept across the 2-second refresh.

A line is a radio option's label, which Streamlit draws as Markdown: everything in it is made
literal here (every ASCII punctuation mark backslash-escaped, so no link, emphasis, colour or
icon can come from a name). Columns line up in a monospace font, padded with no-break spaces
(ui/staff.css, .st-key-board_pick).
"""

import re

import streamlit as st

from kiosk_core.screens.queue_board import Board
from kiosk_core.visits.todays_queue import QueueEntry
from kiosk_core.vocabulary import VisitStatus
from ui.board_cards import FOLLOW_CALL

S = VisitStatus
PICK, CHOSEN, TICKETS = "board_pick", "board_chosen", "board_tickets"
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_PAD = "\u00a0"
SHORT_STATUS = {
    S.CALLED: "called",
    S.IN_SESSION: "in session",
    S.PAUSED: "paused",
    S.DONE: "finished",
    S.NO_SHOW: "no-show",
    S.CANCELLED: "cancelled",
    S.WALKED_OUT: "walked out",
    S.DECLINED: "not today",
    S.DAY_ENDED: "day ended",
    S.MOVED: "moved",
}


def literal(text: object) -> str:
    """`text` as Markdown that shows exactly that text."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split()))


def _cell(text: str, width: int) -> str:
    """`text` made literal, cut to `width` characters and padded to one more."""
    text = " ".join(text.split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    return literal(text) + _PAD * (width - len(text) + 1)


COLUMNS = (("Ticket", 6), ("Name", 10), ("Queue", 11), ("Waiting", 10), ("Pain, stress", 17), ("Flag", 9))


def line(entry: QueueEntry, *, me: int | None) -> str:
    """One client in a line of columns: ticket, first name and initial, queue, minutes waiting (or
    where they are), pain and stress, the flag mark, language (its code; the pane names it), and
    who holds them. The next client is the top line (ui/staff.css marks it; "Call next" names it)."""
    where = f"{entry.minutes_waiting} min" if entry.status == S.WAITING else SHORT_STATUS[entry.status]
    if entry.to_review and entry.status in (S.WAITING, S.CALLED, S.IN_SESSION, S.PAUSED):
        flag = "⚑ review"
    elif entry.flags and not entry.to_review:
        flag = "✓ cleared"
    else:
        flag = ""
    texts = (entry.ticket_code, f"{entry.first_name} {entry.last_initial}.", entry.queue, where)
    texts += (f"pain {entry.pain} stress {entry.stress}", flag)
    cells = [_cell(text, width) for text, (_, width) in zip(texts, COLUMNS, strict=True)]
    cells.append(_cell(entry.language.upper(), 3))
    held = entry.status in (S.CALLED, S.IN_SESSION, S.PAUSED) and entry.therapist_id is not None
    if held:
        holder = "with you" if entry.therapist_id == me else f"with {entry.therapist_name or 'a therapist'}"
        cells.append(_cell(holder, 20))
    if entry.without_card:
        cells.append(_cell("no card", 7))
    return "".join(cells).rstrip(_PAD)


def chosen(board: Board) -> int | None:
    """The selected visit: the client just called by "Call next", else the one chosen before
    while it is still listed, else the top line."""
    ids = [row.visit_id for row in board.rows]
    if st.session_state.pop(FOLLOW_CALL, False):
        calls = [(recent.done_at, visit_id) for visit_id, recent in board.recent.items() if recent.action == "call"]
        st.session_state[CHOSEN] = max(calls)[1] if calls else st.session_state.get(CHOSEN)
    kept = st.session_state.get(CHOSEN)
    return kept if kept in ids else (ids[0] if ids else None)


def _remember() -> None:
    picked = st.session_state.get(PICK)
    if not isinstance(picked, int):
        # The browser names the line by its text: one drawn before a refresh changed it (its
        # minutes, "called") comes back as that old text. Its first cell, the ticket, still says who.
        picked = st.session_state.get(TICKETS, {}).get(str(picked).split(_PAD, 1)[0])
    if picked is not None:
        st.session_state[CHOSEN] = picked


def compact_list(board: Board, me: int | None) -> int | None:
    """The list, with the selection kept; returns the selected visit's id (None: nobody listed)."""
    if not board.rows:
        st.caption("No one is waiting.")
        return None
    selected = chosen(board)
    st.session_state[CHOSEN] = selected
    st.session_state[PICK] = selected  # a line gone (called by someone else) moves the choice to the top
    head = "".join(text + _PAD * (width - len(text) + 1) for text, width in COLUMNS) + "Lang."
    st.html(f'<div class="board-head" aria-hidden="true">{head}</div>')
    if board.next_id is not None and board.rows[0].visit_id == board.next_id:
        top = ".st-key-board_pick [role=radiogroup] > :first-child label"
        st.html(f"<style>{top} {{ box-shadow: inset 0.25rem 0 #1f6f9f; }}</style>")
    labels = {row.visit_id: line(row, me=me) for row in board.rows}
    st.session_state[TICKETS] = {label.split(_PAD, 1)[0]: visit_id for visit_id, label in labels.items()}
    st.radio(
        "Clients today: the next to call first, then yours, then everyone waiting in order",
        options=list(labels),
        format_func=labels.__getitem__,
        key=PICK,
        on_change=_remember,
        label_visibility="collapsed",
    )
    return selected
