"""The reports page's audit log for admins: filters (who, whose record, what kind), a page at a
time, the refused sign-ins per source and minute, and the filtered view as CSV (the core
audits each look and each export)."""

from datetime import date

import pandas as pd
import streamlit as st

from kiosk_core.config import settings
from kiosk_core.errors import Unavailable
from kiosk_core.screens import audit_desk
from kiosk_core.staff.authority import SignedOut
from ui.staff_gate import left, reconnecting, while_on_shift

ALL = "every kind but refused sign-ins"


def _time(moment) -> str:
    return moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M:%S")


def audit_section(member, start: date, end: date) -> None:
    st.subheader("Audit log", anchor=False)
    state = st.session_state
    filters = {
        "member_id": state.get("audit_member"),
        "client_id": int(state["audit_client"]) if state.get("audit_client") else None,
        "kind": None if state.get("audit_kind") in (None, ALL) else state["audit_kind"],
    }
    try:
        view = audit_desk.audit_log(
            member=member, start=start, end=end, page=int(state.get("audit_page") or 1) - 1, **filters
        )
    except Unavailable:
        reconnecting()
    except SignedOut as error:
        left(error)
    who, whose, kind = st.columns(3)
    who.selectbox(
        "Who", list(view.members), format_func=view.members.get, index=None, key="audit_member", placeholder="Anyone"
    )
    whose.number_input("Client id", min_value=1, step=1, value=None, key="audit_client", placeholder="Any client")
    kind.selectbox("What", [ALL, *view.kinds], key="audit_kind", format_func=lambda k: k.replace("_", " "))
    st.caption(f"{view.total} events · page {min(view.page + 1, view.pages)} of {view.pages}")
    if (state.get("audit_page") or 1) > view.pages:  # fewer pages since the filter changed
        state["audit_page"] = view.pages
    st.dataframe(
        pd.DataFrame(
            [
                {"When": _time(r.at), "Who": r.therapist, "What": r.action.replace("_", " "), "Client": r.client_id}
                | {"Ticket": r.ticket, "Detail": r.detail}
                for r in view.rows
            ],
            columns=["When", "Who", "What", "Client", "Ticket", "Detail"],
        ),
        hide_index=True,
        width="stretch",
    )
    pager, download = st.columns([1, 3], vertical_alignment="bottom")
    pager.number_input("Page", min_value=1, max_value=view.pages, value=view.page + 1, step=1, key="audit_page")
    download.download_button(
        "Download this view (CSV)",
        while_on_shift(lambda signed_in: audit_desk.audit_csv(member=signed_in, start=start, end=end, **filters)),
        file_name=f"audit-{start}-{end}.csv",
        mime="text/csv",
        key="audit_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    st.subheader("Refused sign-ins, per source and minute", anchor=False)
    if not view.refused:
        st.caption("None in these dates.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {"Minute": _time(b.minute)[:-3], "Source": b.source, "Refused": b.refused, "Names tried": b.names}
                for b in view.refused
            ]
        ),
        hide_index=True,
        width="stretch",
    )
