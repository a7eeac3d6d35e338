"""Therapists: today's queues at their location, the intake, and one-tap actions."""

import streamlit as st

from kiosk_core import desk
from kiosk_core.config import QUEUES
from kiosk_core.models import VisitStatus
from kiosk_core.queue import QueueEntry
from ui.kiosk_style import plain_text
from ui.setup import ready
from ui.staff import require_staff, staff_bar, staff_idle_watch, touch_staff
from ui.tablet import friendly

clinic = ready()
member = require_staff()
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


def done(message: str) -> None:
    st.session_state["desk_message"] = message
    touch_staff()


@friendly
def on_action(visit_id: int, action: str) -> None:
    done(desk.act(member=member, visit_id=visit_id, action=action))


@friendly
def on_call_next(queue: str) -> None:
    done(desk.call_next_client(member=member, queue=queue))


@friendly
def on_open(visit_id: int) -> None:
    st.session_state["open_visit"] = desk.open_visit(member=member, visit_id=visit_id)
    touch_staff()


def on_close() -> None:
    st.session_state.pop("open_visit", None)
    touch_staff()


@friendly
def on_reroute(visit_id: int, to_queue: str) -> None:
    reason = st.session_state.get(f"reroute_reason_{visit_id}", "")
    done(desk.move_to_queue(member=member, visit_id=visit_id, to_queue=to_queue, reason=reason))
    st.session_state.pop("open_visit", None)


def describe(entry: QueueEntry) -> str:
    parts = [f"**{entry.ticket_code}**", f"{entry.first_name} {entry.last_initial}."]
    if entry.status == VisitStatus.WAITING:
        parts.append(f"waiting {entry.minutes_waiting} min")
    else:
        parts.append(STATUS_WORDS[entry.status])
    parts.append(f"pain {entry.pain} · stress {entry.stress}")
    line = " · ".join(parts)
    return line + ("  :red-badge[:material/flag: review first]" if entry.flags else "")


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
        head.subheader(f"{detail.ticket_code} · {detail.name} · {clinic.queues[detail.queue].label}", anchor=False)
        close.button("Close", key="close_visit", on_click=on_close, width="stretch")
        for flag in detail.flags:
            st.error(flag, icon=":material/flag:")
        facts, why = st.columns(2)
        with facts:
            st.table({"Answer": {label: plain_text(value) for label, value in detail.answers.items()}})
        with why:
            st.write("**Why this queue**")
            for reason in detail.reasons:
                st.write(f"- {reason}")
            if detail.reroute_reason:
                st.write(f"**Moved from {detail.routed_queue}:** {detail.reroute_reason}")
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
    board = desk.board(clinic=clinic, member=member)
    entries = {e.visit_id: e for q in board.queues.values() for e in q}
    if message := st.session_state.pop("desk_message", None):
        st.success(message, icon=":material/check:")
    if warning := st.session_state.pop("message", None):
        st.warning(warning, icon=":material/info:")
    opened_visit(entries)
    if board.mine:
        st.subheader("Your clients", anchor=False)
        for entry in board.mine:
            with st.container(border=True):
                st.markdown(describe(entry))
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
                    st.markdown(describe(entry))
                    action_buttons(entry, queue)
            if not board.queues[queue]:
                st.caption("No one is waiting.")
    st.caption(f"{board.finished_today} finished today · updates by itself")


staff_bar(member, "Today's queue")
live_queue()
staff_idle_watch()
