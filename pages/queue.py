"""Therapists: today's queues at their location, the intake, the red-flag review, and the taps.

Nothing here keeps the signed-in therapist in a variable: the fragment and every callback ask
ui.staff_gate afresh, so after sign-out (or a quiet spell) no refresh and no stale tap reads anything.
The cards, their callbacks and the results next to each visit are in ui.board_cards.
"""

import streamlit as st

from kiosk_core.errors import Unavailable
from kiosk_core.screens import staff_desk
from kiosk_core.staff.authority import SignedOut
from kiosk_core.staff.roles import Need
from kiosk_core.vocabulary import Queue, VisitAction, VisitStatus
from ui.board_cards import STYLE, on_action, on_call_next, on_close, on_reroute, show_result, visit_card
from ui.paced_refresh import paced
from ui.setup import ready
from ui.shift_controls import shift_controls
from ui.staff_gate import (
    RECONNECTING,
    first_look,
    left,
    member_or_leave,
    plain,
    plain_heading,
    plain_line,
    plain_note,
    require_staff,
    seen,
    show_note,
    storage_banner,
)

clinic = ready()


def opened_visit(board) -> None:
    """The whole intake of the visit opened, with the taps that need words: move and walk-out."""
    detail = st.session_state.get("open_visit")
    if detail is None:
        return
    with st.container(border=True):
        head, close = st.columns([5, 1])
        with head:
            plain_heading(f"{detail.ticket_code} · {detail.name} · {clinic.queues[detail.queue].label}")
        close.button("Close", key="close_visit", on_click=on_close, width="stretch")
        plain_line(f"Speaks {plain(detail.speaks)} (answered in {plain(detail.language)})")
        care_glance(detail)
        for flag in detail.flags:
            plain_note(f"⚑ {flag}", "flag")
        if detail.review:
            plain_line(f"<b>Review:</b> {plain(detail.review)}")
        facts, why = st.columns(2)
        with facts:
            rows = "".join(
                f'<tr><th scope="row">{plain(label)}</th><td>{plain(value)}</td></tr>'
                for label, value in detail.answers.items()
            )
            st.html(f'<table class="staff-answers"><caption hidden>Answers</caption>{rows}</table>')
        with why:
            plain_line("<b>Why this queue</b>")
            st.html('<ul class="staff-list">' + "".join(f"<li>{plain(r)}</li>" for r in detail.reasons) + "</ul>")
            if detail.reroute_reason:
                plain_line(f"<b>Moved from {plain(detail.routed_queue)}:</b> {plain(detail.reroute_reason)}")
        offers = board.offers.get(detail.visit_id)
        if offers is None:
            st.caption("This visit is no longer open.")
            return
        if VisitAction.WALK_OUT in offers:
            reason, button = st.columns([3, 1], vertical_alignment="bottom")
            reason.text_input("Walked out: why? (optional)", key=f"walk_out_reason_{detail.visit_id}", max_chars=500)
            button.button(
                "Walked out",
                key=f"detail_walk_out_{detail.visit_id}",
                on_click=on_action,
                args=(detail.visit_id, VisitAction.WALK_OUT),
                width="stretch",
            )
        if detail.status in (VisitStatus.WAITING, VisitStatus.CALLED):
            other = next(q for q in Queue if q != detail.queue)
            reason, button = st.columns([3, 1], vertical_alignment="bottom")
            reason.text_input(
                f"Why move to {clinic.queues[other].label.lower()}?",
                key=f"reroute_reason_{detail.visit_id}",
                max_chars=500,
            )
            button.button(
                f"Move to {other}",
                key=f"reroute_{detail.visit_id}",
                on_click=on_reroute,
                args=(detail.visit_id, other),
                width="stretch",
            )
        show_result(detail.visit_id)


def care_glance(detail) -> None:
    """The client's care beside the intake: the plan's progress, what they like, the chart and the note."""
    care = detail.care
    if care is None:
        return
    if care.plan:
        plain_line(f"<b>{plain(care.plan)}</b>")
    if care.reassess_due:
        plain_note("Re-assessment due", "warn")
    if care.likes:
        plain_line(f"<b>Likes:</b> {plain(care.likes)}")
    links = st.container(horizontal=True)
    links.page_link(
        "pages/chart.py", label="Chart", query_params={"client": care.client_id}, icon=":material/monitoring:"
    )
    if care.note:
        links.page_link("pages/note.py", label=f"Note ({care.note})", query_params={"visit": detail.visit_id},
                        icon=":material/edit_note:")  # fmt: skip


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


@paced(2)
def live_queue() -> None:
    member = member_or_leave()  # asked on every run, timer or not: see the module docstring
    shift_controls(member)  # Start shift / End shift; this refresh is the shift's heartbeat
    where = f"board {member.location_slug}"
    try:
        board = staff_desk.board(clinic=clinic, member=member, audit=first_look(where))
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
    opened_visit(board)
    if board.mine:
        st.subheader("Your clients", anchor=False)
        for entry in board.mine:
            visit_card(entry, board, "mine")
    columns = st.columns(2, gap="large")
    for column, queue in zip(columns, Queue, strict=True):
        with column:
            entries = board.queues[queue]
            waiting = [e for e in entries if e.status == VisitStatus.WAITING]
            st.subheader(f"{clinic.queues[queue].label} · {len(waiting)} waiting", anchor=False)
            may_call = queue in board.serves
            st.button(
                f"Call next {queue}",
                key=f"call_next_{queue}",
                type="primary",
                on_click=on_call_next,
                args=(queue,),
                disabled=not (waiting and may_call),
                width="stretch",
            )
            show_result(f"queue {queue}")
            if not may_call:
                st.caption("Medical clients are called and started by therapists trained in medical massage.")
            if any(e.to_review and e.visit_id in board.offers for e in entries):
                st.caption("⚑ To review first: talk with the client, then record Cleared or Not today.")
            for entry in entries:
                visit_card(entry, board, queue)
            if not entries:
                st.caption("No one is waiting.")
    st.caption(f"{board.finished_today} finished today · updates by itself")


require_staff(Need.BOARD, "Today's queue")
live_queue()  # its own check of the sign-in also signs out a quiet therapist: no separate idle watch
