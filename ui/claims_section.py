"""The reports page's CMS-1500 lines for the billing person or a clearinghouse: this location's
billable medical visits of the chosen dates, one row per service line, and the refused visits
with their reasons. Each CSV is made (and audited by the core) only when it is downloaded."""

from datetime import date

import streamlit as st

from kiosk_core.screens import billing_desk
from ui.staff_gate import while_on_shift


def claims_section(start: date, end: date) -> None:
    st.subheader("Insurance billing (CMS-1500 lines)", anchor=False)
    st.caption("This location's medical visits in these dates: one row per service line, columns named after "
               "the form's boxes. Visits that can't be billed are listed with the reason.")  # fmt: skip
    lines, refused = st.columns(2)
    lines.download_button(
        "CMS-1500 lines (CSV)",
        while_on_shift(lambda member: billing_desk.cms1500_lines(member=member, first=start, last=end).lines_csv),
        file_name=f"cms1500-{start}-{end}.csv",
        mime="text/csv",
        key="cms1500_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    refused.download_button(
        "Refused visits (CSV)",
        while_on_shift(lambda member: billing_desk.cms1500_lines(member=member, first=start, last=end).refused_csv),
        file_name=f"cms1500-refused-{start}-{end}.csv",
        mime="text/csv",
        key="cms1500_refused_csv",
        icon=":material/download:",
        on_click="ignore",
    )
