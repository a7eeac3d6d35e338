"""The chart's billing section: a superbill for one medical visit, or for the client's medical
visits between two dates, as a PDF to download. The core checks the member, reads, audits and
draws it on a tap; a visit it can't bill is named with what is missing, calmly."""

from datetime import timedelta

import streamlit as st

from kiosk_core.clock import clinic_day
from kiosk_core.screens import billing_desk
from kiosk_core.vocabulary import Queue, VisitStatus
from ui.staff_gate import plain_note, staff_action
from ui.staff_text import say

LANGUAGES = {"client": "The client's language", "en": "English"}


def _result_key(client_id: int) -> str:
    return f"billing_result_{client_id}"


@staff_action
def _print(member, client_id: int, visit_id: int | None) -> None:
    state = st.session_state
    language = state.get("billing_language") or "client"
    if visit_id is not None:
        bill = billing_desk.superbill(member=member, client_id=client_id, visit_id=visit_id, language=language)
    else:
        dates = state.get("billing_dates") or ()
        if len(dates) != 2:
            state[_result_key(client_id)] = None
            say("Choose the first and the last day.", "warn")
            return
        bill = billing_desk.superbill(member=member, client_id=client_id, first=dates[0], last=dates[1],
                                      language=language)  # fmt: skip
    state[_result_key(client_id)] = bill


def billing_section(member, client_id: int, visits) -> None:
    """Superbills of this client's medical visits (`visits`: the chart's, oldest first)."""
    medical = [v for v in visits if v.queue == Queue.MEDICAL and v.status == VisitStatus.DONE]
    st.subheader("Superbill", anchor=False)
    if not medical:
        st.caption("No finished medical visits to bill.")
        return
    with st.container(border=True, key="billing_section"):
        labels = {v.visit_id: f"{v.day.isoformat()} · {v.ticket_code} · {v.therapist or 'no therapist'}"
                  for v in reversed(medical)}  # fmt: skip
        st.radio("Print in", list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True, key="billing_language")
        one, button = st.columns([3, 1], vertical_alignment="bottom")
        visit_id = one.selectbox("Visit", list(labels), format_func=labels.get, key="billing_visit")
        button.button("Superbill", key="billing_one", icon=":material/receipt_long:", on_click=_print,
                      args=(client_id, visit_id))  # fmt: skip
        today = clinic_day()
        first = min(medical[0].day, today - timedelta(days=30))
        dates, button = st.columns([3, 1], vertical_alignment="bottom")
        dates.date_input("Dates", value=(first, today), max_value=today, key="billing_dates")
        button.button("Superbill for these dates", key="billing_range", on_click=_print, args=(client_id, None))
        bill = st.session_state.get(_result_key(client_id))
        if bill is None:
            st.caption("Units by the payer's timed-code rule; charges from the clinic file.")
            return
        for line in bill.refused:
            plain_note(f"Not billed: {line}", "warn")
        for line in bill.warnings:
            plain_note(line, "warn")
        if bill.pdf is not None:
            st.download_button("Download the superbill (PDF)", bill.pdf, file_name=bill.file_name,
                               mime="application/pdf", key="billing_download", icon=":material/download:",
                               on_click="ignore")  # fmt: skip
            st.caption(f"Ready: {bill.file_name}")
