"""The queue board's detail pane: the selected client, the taps this therapist may make on them
(only those: board.offers, board.clears and board.serves are the services' own rules), the
red-flag review, the question before acting on another therapist's client, each tap's result
with its Undo, and the whole intake on request (an audited read, kiosk_core.screens.queue_board).
"""

import streamlit as st

from kiosk_core.screens.queue_board import Board
from kiosk_core.visits.todays_queue import QueueEntry
from kiosk_core.vocabulary import Queue, ReviewOutcome, VisitAction, VisitStatus
from kiosk_core.waits.location_waits import staff_words
from ui.board_cards import (
    ASKING,
    LABELS,
    PRIMARY,
    STATUS_WORDS,
    on_action,
    on_close,
    on_confirm,
    on_keep,
    on_open,
    on_reroute,
    on_review,
    on_undo,
    show_result,
)
from ui.staff_gate import plain, plain_heading, plain_line, plain_note

S, A = VisitStatus, VisitAction
HELD = (S.CALLED, S.IN_SESSION, S.PAUSED)


def summary(entry: QueueEntry) -> str:
    """Where the client is and what they said of today, as markup for `plain_line`: every value escaped."""
    parts = [f"waiting {entry.minutes_waiting} min"] if entry.status == S.WAITING else [STATUS_WORDS[entry.status]]
    if entry.status == S.WAITING and entry.expected_wait is not None:
        parts.append(staff_words(entry.expected_wait))
    if entry.therapist_name and entry.status in HELD:
        parts.append(f"with {entry.therapist_name}")
    parts += [f"pain {entry.pain} · stress {entry.stress}", f"speaks {entry.speaks}"]
    if entry.without_card:
        parts.append("no card: print a new one at the desk")
    return " · ".join(plain(part) for part in parts)


def detail_pane(entry: QueueEntry, board: Board, clinic) -> None:
    visit_id = entry.visit_id
    with st.container(border=True, key="board_detail"):
        plain_heading(
            f"{entry.ticket_code} · {entry.first_name} {entry.last_initial}. · {clinic.queues[entry.queue].label}"
        )
        plain_line(summary(entry))
        recent = board.recent.get(visit_id)
        show_result(visit_id, recent.said if recent else "")
        if recent and recent.undo_seconds_left:
            st.button(
                f"Undo ({recent.undo_seconds_left} s)",
                key=f"undo_{visit_id}",
                on_click=on_undo,
                args=(visit_id,),
                icon=":material/undo:",
            )
        if recent and recent.action == A.FINISH:  # finishing opens the way to the visit's note
            st.page_link("pages/note.py", label="Write the note", query_params={"visit": visit_id})
        offers = board.offers.get(visit_id)
        if offers is None:
            if entry.status in HELD or entry.status == S.WAITING:
                st.caption("You see this queue; the therapists tap.")
            return  # closed: shown only for its result and undo
        asking(visit_id)
        if entry.to_review:
            review_form(entry, visit_id in board.clears)
        elif entry.flags:
            plain_line(f"<b>✓ Reviewed:</b> {plain(entry.review_note)}")
        if why := board.why.get(visit_id):
            plain_line(f"<b>Why this queue:</b> {plain(why)}")
        taps(entry, offers)
        if entry.queue not in board.serves and entry.status in (S.WAITING, *HELD):
            st.caption("Medical clients are called and started by therapists trained in medical massage.")
        reasons_to_give(entry, offers, clinic)
        whole_intake(visit_id)


def taps(entry: QueueEntry, offers: list[VisitAction]) -> None:
    row = st.container(horizontal=True)
    for action in offers:
        if action == A.WALK_OUT:
            continue  # with its reason, below
        row.button(
            LABELS[action],
            key=f"act_{action}_{entry.visit_id}",
            on_click=on_action,
            args=(entry.visit_id, action),
            type="primary" if action in PRIMARY else "secondary",
        )
    row.button(
        "Whole intake",
        key=f"open_{entry.visit_id}",
        on_click=on_open,
        args=(entry.visit_id,),
        icon=":material/description:",
    )


def review_form(entry: QueueEntry, may_clear: bool) -> None:
    """The red flags in English and the outcomes this therapist may give: one note, one tap."""
    for flag in entry.flags:
        plain_note(f"⚑ {flag}", "flag")
    st.text_input(
        "Review note (cleared) or reason (not today)",
        key=f"review_note_{entry.visit_id}",
        max_chars=500,
        placeholder="e.g. no fever now, lighter pressure / fever: rebook",
    )
    row = st.container(horizontal=True)
    if may_clear:
        row.button(
            "Cleared",
            key=f"review_cleared_{entry.visit_id}",
            on_click=on_review,
            args=(entry.visit_id, ReviewOutcome.CLEARED),
        )
    row.button(
        "Not today",
        key=f"review_not_today_{entry.visit_id}",
        on_click=on_review,
        args=(entry.visit_id, ReviewOutcome.NOT_TODAY),
    )
    if not may_clear:
        st.caption("A therapist trained in medical massage clears red flags on medical visits.")
    elif entry.status == S.CALLED:
        st.caption("Start comes after the review.")


def asking(visit_id: int) -> None:
    """The question before acting on another therapist's client, naming them."""
    asked = st.session_state.get(ASKING, {}).get(visit_id)
    if asked is None:
        return
    holder, what, _, _ = asked
    plain_note(f"{holder.ticket} is {holder.therapist_name}'s client. {what} anyway?", "warn")
    row = st.container(horizontal=True)
    row.button(f"Yes: {what.lower()}", key=f"confirm_{visit_id}", on_click=on_confirm, args=(visit_id,))
    row.button("No", key=f"keep_{visit_id}", on_click=on_keep, args=(visit_id,))


def reasons_to_give(entry: QueueEntry, offers: list[VisitAction], clinic) -> None:
    """The taps that take words: a walk-out (why, optional) and a move to the other queue (why)."""
    visit_id = entry.visit_id
    if A.WALK_OUT in offers:
        reason, button = st.columns([3, 1], vertical_alignment="bottom")
        reason.text_input("Walked out: why? (optional)", key=f"walk_out_reason_{visit_id}", max_chars=500)
        button.button(
            "Walked out",
            key=f"act_walk_out_{visit_id}",
            on_click=on_action,
            args=(visit_id, A.WALK_OUT),
            width="stretch",
        )
    if entry.status in (S.WAITING, S.CALLED):
        other = next(q for q in Queue if q != entry.queue)
        reason, button = st.columns([3, 1], vertical_alignment="bottom")
        reason.text_input(
            f"Why move to {clinic.queues[other].label.lower()}?", key=f"reroute_reason_{visit_id}", max_chars=500
        )
        button.button(
            f"Move to {other}", key=f"reroute_{visit_id}", on_click=on_reroute, args=(visit_id, other), width="stretch"
        )


def whole_intake(visit_id: int) -> None:
    """The answers, the care glance and the review, once "Whole intake" was tapped for this visit."""
    detail = st.session_state.get("open_visit")
    if detail is None or detail.visit_id != visit_id:
        return
    with st.container(border=True, key="whole_intake"):
        head, close = st.columns([5, 1])
        head.html(f'<p class="staff-line"><b>Whole intake</b> · answered in {plain(detail.language)}</p>')
        close.button("Close", key="close_visit", on_click=on_close, width="stretch")
        care_glance(detail)
        if detail.review:
            plain_line(f"<b>Review:</b> {plain(detail.review)}")
        rows = "".join(
            f'<tr><th scope="row">{plain(label)}</th><td>{plain(value)}</td></tr>'
            for label, value in detail.answers.items()
        )
        st.html(f'<table class="staff-answers"><caption hidden>Answers</caption>{rows}</table>')
        if detail.reroute_reason:
            plain_line(f"<b>Moved from {plain(detail.routed_queue)}:</b> {plain(detail.reroute_reason)}")


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
        links.page_link(
            "pages/note.py",
            label=f"Note ({care.note})",
            query_params={"visit": detail.visit_id},
            icon=":material/edit_note:",
        )
