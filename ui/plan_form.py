"""The care plan form on the chart: condition, ICD-10-CM codes searched from the code set, goals,
1-3 PSFS activities, frequency and visits, referrer, documents on file, re-assessment date."""

import streamlit as st

from kiosk_core.care.catalog import DOCUMENT_LABELS, STOP_REASON_LABELS
from kiosk_core.care.schedule import FREQUENCY_LABELS
from kiosk_core.clock import clinic_day

DOCUMENT_ROWS = 3


def plan_form(plan, find_diagnoses) -> dict:
    """The form's fields (seeded from the current plan, if any); returns the form as the core reads it."""
    p = "plan_"
    if plan is not None and not st.session_state.get(f"{p}seeded_{plan.plan_id}_{plan.version}"):
        st.session_state[f"{p}condition"] = plan.condition
        st.session_state[f"{p}codes"] = [d.split(" ", 1)[0] for d in plan.diagnoses]
        st.session_state[f"{p}goals"] = "\n".join(plan.goals)
        for i, (_code, text) in enumerate(plan.activities):
            st.session_state[f"{p}activity_{i}"] = text
        st.session_state[f"{p}visits"] = plan.visits_planned
        st.session_state[f"{p}seeded_{plan.plan_id}_{plan.version}"] = True
    st.text_area("Condition, in the client's words", key=f"{p}condition", max_chars=500)
    query = st.text_input("Find an ICD-10-CM code (code or words)", key=f"{p}icd_query")
    found = [f"{d.code}" for d in find_diagnoses(query)] if query.strip() else []
    chosen = st.session_state.get(f"{p}codes", [])
    titles = {d.code: f"{d.code} {d.description}" for d in find_diagnoses(query)} if query.strip() else {}
    st.multiselect("Diagnoses", list(dict.fromkeys(chosen + found)), format_func=lambda c: titles.get(c, c),
                   key=f"{p}codes")  # fmt: skip
    st.text_area("Goals, one a line", key=f"{p}goals", max_chars=600)
    st.caption("PSFS: 1 to 3 activities the client finds hard, named with them (e.g. sitting 30 minutes).")
    activities = [st.text_input(f"Activity {i + 1}", key=f"{p}activity_{i}") for i in range(3)]
    left, right = st.columns(2)
    left.selectbox("How often", list(FREQUENCY_LABELS), format_func=FREQUENCY_LABELS.get, key=f"{p}frequency")
    st.session_state.setdefault(f"{p}visits", 6)
    right.number_input("Visits planned", min_value=1, max_value=52, step=1, key=f"{p}visits")
    left.date_input("First visit", value=clinic_day(), key=f"{p}starts")
    right.date_input("Re-assessment", value=None, key=f"{p}reassess")
    left.text_input("Referring provider", key=f"{p}referrer", max_chars=120)
    right.text_input("Provider's NPI (optional)", key=f"{p}npi", max_chars=10)
    documents = []
    for i in range(DOCUMENT_ROWS):
        kind, dated = st.columns(2)
        k = kind.selectbox(f"Document {i + 1}", list(DOCUMENT_LABELS), format_func=DOCUMENT_LABELS.get, index=None,
                           key=f"{p}doc_{i}")  # fmt: skip
        d = dated.date_input(f"Dated {i + 1}", value=None, key=f"{p}doc_date_{i}")
        if k or d:
            documents.append((k, d))
    get = st.session_state.get
    return {
        "condition": get(f"{p}condition", ""),
        "diagnoses": list(get(f"{p}codes") or []),
        "goals": [line for line in (get(f"{p}goals") or "").splitlines() if line.strip()],
        "activities": [a for a in activities if a.strip()],
        "frequency": get(f"{p}frequency"),
        "visits_planned": int(get(f"{p}visits") or 0),
        "starts_on": get(f"{p}starts"),
        "referrer_name": get(f"{p}referrer", ""),
        "referrer_npi": get(f"{p}npi", ""),
        "documents": documents,
        "reassess_on": get(f"{p}reassess"),
    }


def close_form() -> tuple[str, str, str]:
    status = st.radio("Close the plan as", ["completed", "stopped"], horizontal=True, key="close_status")
    reason = st.selectbox("Reason", list(STOP_REASON_LABELS), format_func=STOP_REASON_LABELS.get, key="close_reason")
    note = st.text_input("Note (optional)", key="close_note", max_chars=500)
    return status, reason, note
