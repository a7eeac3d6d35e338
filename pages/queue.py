"""Therapists: today's queue at their location as a compact list, next first, and one detail
pane for the selected client with the taps this therapist may make.

Nothing here keeps the signed-in therapist in a variable: the fragment and every callback ask
ui.staff_gate afresh, so after sign-out (or a quiet spell) no refresh and no stale tap reads anything.
The list is ui.board_list, the pane ui.board_detail, the callbacks and results ui.board_cards.
"""

import streamlit as st

from kiosk_core.errors import Unavailable
from kiosk_core.screens import staff_desk
from kiosk_core.staff.authority import SignedOut
from kiosk_core.staff.roles import Need
from kiosk_core.vocabulary import Queue
from ui.board_cards import STYLE, on_call_next, show_result
from ui.board_detail import detail_pane
from ui.board_list import CHOSEN, compact_list, literal
from ui.paced_refresh import paced
from ui.setup import ready
from ui.shift_controls import shift_controls
from ui.staff_gate import (
    RECONNECTING,
    first_look,
    left,
    member_or_leave,
    plain,
    plain_line,
    plain_note,
    require_staff,
    seen,
    show_note,
    storage_banner,
)

clinic = ready()


def notes_to_sign(board) -> None:
    if not board.to_sign:
        return
    with st.container(border=True, key="notes_to_sign"):
        plain_line(f"<b>Notes to sign ({len(board.to_sign)})</b>")
        for visit_id, ticket, day in board.to_sign:
            st.page_link("pages/note.py", label=f"Note to sign: {ticket}, {day}", query_params={"visit": visit_id})


def reports_due(board) -> None:
    """Plans whose progress report is due: N visits since the last, or the plan's end (therapists only)."""
    if not board.reports_due:
        return
    with st.container(border=True, key="reports_due"):
        plain_line(f"<b>Progress report due ({len(board.reports_due)})</b>")
        for due in board.reports_due:  # a link's label is Markdown: the name goes beside it, as text
            why = "the plan's end" if due.why == "plan_end" else "visits since the last report"
            name, link = st.columns([3, 1], vertical_alignment="center")
            name.text(f"{due.name} · {due.visits_done} of {due.visits_planned} visits · {why}")
            link.page_link("pages/chart.py", label="Open chart", query_params={"client": due.client_id})


def call_next(board) -> None:
    """One tap for the client at the top of the list: the longest-waiting one this therapist may serve."""
    first = board.row(board.next_id)
    # A button's label is Markdown: the name in it made literal, as in the list.
    who = literal(f"{first.ticket_code} {first.first_name} {first.last_initial}.") if first else ""
    label = f"Call next: {who}" if first else "Call next"
    st.button(
        label,
        key="call_next",
        type="primary",
        on_click=on_call_next,
        args=(first.queue if first else Queue.THERAPEUTIC,),
        disabled=first is None,
        width="stretch",
    )
    for queue in Queue:
        show_result(f"queue {queue}")


@paced(2)
def live_queue() -> None:
    member = member_or_leave()  # asked on every run, timer or not: see the module docstring
    shift_controls(member)  # Start shift / End shift; this refresh is the shift's heartbeat
    where = f"board {member.location_slug}"
    try:
        board = staff_desk.board(
            clinic=clinic, member=member, audit=first_look(where), selected=st.session_state.get(CHOSEN)
        )
    except Unavailable:
        plain_note(RECONNECTING)  # the next tick tries again
        return
    except SignedOut as error:
        left(error)  # an admin's change reaches the open board at its next tick
    seen(where)
    storage_banner()  # a full database is said on the board's next refresh
    st.html(STYLE)
    show_note()
    notes_to_sign(board)
    reports_due(board)
    counts = " · ".join(f"{clinic.queues[q].label}: {board.waiting.get(q, 0)} waiting" for q in Queue)
    # The list's heading (h2, under the page's title): the counts, in body type.
    st.html(
        f'<h2 class="board-counts">{plain(counts)} · {board.finished_today} finished today · updates by itself</h2>'
    )
    listed, pane = st.columns([7, 3], gap="small")
    with listed:
        selected = compact_list(board, member.therapist_id)
    with pane:
        if board.serves:
            call_next(board)
        entry = board.row(selected)
        if entry is not None:
            detail_pane(entry, board, clinic)


require_staff(Need.BOARD, "Today's queue")
live_queue()  # its own check of the sign-in also signs out a quiet therapist: no separate idle watch
