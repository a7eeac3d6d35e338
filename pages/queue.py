"""Therapists: today's queues at their location, the intake, and one-tap actions.

Nothing here keeps the signed-in therapist in a variable: the fragment and every callback ask
ui.staff afresh, so after sign-out (or a quiet spell) no refresh and no stale tap reads anything.
"""

import streamlit as st

from kiosk_core import desk
from kiosk_core.config import QUEUES
from kiosk_core.models import VisitStatus
from kiosk_core.queue import QueueEntry
from ui.setup import ready
from ui.staff import (
    OUTAGE,
    RECONNECTING,
    first_look,
    member_or_leave,
    plain,
    plain_heading,
    plain_line,
    plain_note,
    require_staff,
    say,
    seen,
    show_note,
    staff_action,
    staff_bar,
)

clinic = ready()
STATUS_WORDS = {
    VisitStatus.WAITING: "waiting",
    VisitStatus.CALLED: "called",
    VisitStatus.IN_SESSION: "in session",
}
# Which actions a visit offers, by status; each is one tap.
ACTIONS = {
    VisitStatus.WAITING: [("call", "Call"), ("no_show", "No-show"), ("cancel", "Cancel")],
    VisitStatus.CALLED: [("start", "Start"), ("requeue", "Put back"), ("no_show", "No-show"), ("cancel", "Cancel")],
    VisitStatus.IN_SESSION: [("finish", "Finish"), ("cancel", "Cancel")],
}


@staff_action
def on_action(member, visit_id: int, action: str) -> None:
    say(desk.act(member=member, visit_id=visit_id, action=action), "ok")


@staff_action
def on_call_next(member, queue: str) -> None:
    say(desk.call_next_client(member=member, queue=queue), "ok")


@staff_action
def on_open(member, visit_id: int) -> None:
    st.session_state["open_visit"] = desk.open_visit(member=member, visit_id=visit_id)


@staff_action
def on_close(member) -> None:
    st.session_state.pop("open_visit", None)


@staff_action
def on_reroute(member, visit_id: int, to_queue: str) -> None:
    reason = st.session_state.get(f"reroute_reason_{visit_id}", "")
    say(desk.move_to_queue(member=member, visit_id=visit_id, to_queue=to_queue, reason=reason), "ok")
    st.session_state.pop("open_visit", None)


def describe(entry: QueueEntry) -> str:
    """One line about a visit, as markup for `plain_line`: every value escaped."""
    parts = [f"<b>{plain(entry.ticket_code)}</b>", plain(f"{entry.first_name} {entry.last_initial}.")]
    if entry.status == VisitStatus.WAITING:
        parts.append(f"waiting {entry.minutes_waiting} min")
    else:
        parts.append(STATUS_WORDS[entry.status])
    parts.append(f"pain {entry.pain} · stress {entry.stress}")
    line = " · ".join(parts)
    return line + ('<span class="staff-flag">⚑ review first</span>' if entry.flags else "")


def action_buttons(entry: QueueEntry, where: str) -> None:
    row = st.container(horizontal=True)
    for action, label in ACTIONS[entry.status]:
        row.button(
            label,
            key=f"{where}_{action}_{entry.visit_id}",
            on_click=on_action,
            args=(entry.visit_id, action),
            type="primary" if action in ("call", "start", "finish") else "secondary",
        )
    row.button(
        "Open",
        key=f"{where}_open_{entry.visit_id}",
        on_click=on_open,
        args=(entry.visit_id,),
        icon=":material/description:",
    )


def opened_visit(entries: dict[int, QueueEntry]) -> None:
    detail = st.session_state.get("open_visit")
    if detail is None:
        return
    entry = entries.get(detail.visit_id)
    with st.container(border=True):
        head, close = st.columns([5, 1])
        with head:
            plain_heading(f"{detail.ticket_code} · {detail.name} · {clinic.queues[detail.queue].label}")
        close.button("Close", key="close_visit", on_click=on_close, width="stretch")
        for flag in detail.flags:
            plain_note(f"⚑ {flag}", "flag")
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
        if entry is None:
            st.caption("This visit is no longer open.")
            return
        action_buttons(entry, "detail")
        if entry.status in (VisitStatus.WAITING, VisitStatus.CALLED):
            other = next(q for q in QUEUES if q != entry.queue)
            reason, button = st.columns([3, 1], vertical_alignment="bottom")
            reason.text_input(
                f"Why move to {clinic.queues[other].label.lower()}?",
                key=f"reroute_reason_{entry.visit_id}",
                max_chars=500,
            )
            button.button(
                f"Move to {other}",
                key=f"reroute_{entry.visit_id}",
                on_click=on_reroute,
                args=(entry.visit_id, other),
                width="stretch",
            )


@st.fragment(run_every=2)
def live_queue() -> None:
    member = member_or_leave()  # asked on every run, timer or not: see the module docstring
    where = f"board {member.location_slug}"
    try:
        board = desk.board(clinic=clinic, member=member, audit=first_look(where))
    except OUTAGE:
        plain_note(RECONNECTING)  # the next tick tries again
        return
    seen(where)
    entries = {e.visit_id: e for q in board.queues.values() for e in q}
    show_note()
    opened_visit(entries)
    if board.mine:
        st.subheader("Your clients", anchor=False)
        for entry in board.mine:
            with st.container(border=True):
                plain_line(describe(entry))
                action_buttons(entry, "mine")
    columns = st.columns(2, gap="large")
    for column, queue in zip(columns, QUEUES, strict=True):
        with column:
            waiting = [e for e in board.queues[queue] if e.status == VisitStatus.WAITING]
            st.subheader(f"{clinic.queues[queue].label} · {len(waiting)} waiting", anchor=False)
            may_call = queue != "medical" or member.medical_trained
            st.button(
                f"Call next {queue}",
                key=f"call_next_{queue}",
                type="primary",
                on_click=on_call_next,
                args=(queue,),
                disabled=not (waiting and may_call),
                width="stretch",
            )
            if not may_call:
                st.caption("Medical clients are called by therapists trained in medical massage.")
            for entry in board.queues[queue]:
                if entry.therapist_id == member.therapist_id:
                    continue  # shown above under "Your clients"
                with st.container(border=True):
                    plain_line(describe(entry))
                    action_buttons(entry, queue)
            if not board.queues[queue]:
                st.caption("No one is waiting.")
    st.caption(f"{board.finished_today} finished today · updates by itself")


staff_bar(require_staff(), "Today's queue")
live_queue()  # its own check of the sign-in also signs out a quiet therapist: no separate idle watch
