"""Reports for staff: check-ins, routing, red flags, waits and session times; the audit log for admins.
Each read is audited by the core; the CSV is made (and audited) only when it is downloaded."""

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from kiosk_core.clock import clinic_day
from kiosk_core.errors import KioskError, Unavailable
from kiosk_core.screens import staff_desk
from kiosk_core.staff.authority import SignedOut
from kiosk_core.staff.roles import Need
from kiosk_core.vocabulary import Queue
from ui.audit_section import audit_section
from ui.claims_section import claims_section
from ui.fhir_section import fhir_section
from ui.setup import ready
from ui.staff_gate import left, reconnecting, require_staff, staff_idle_watch, while_on_shift

clinic = ready()
member, who = require_staff(Need.REPORTS, "Reports")
QUEUE_COLOURS = alt.Scale(domain=[str(Queue.MEDICAL), str(Queue.THERAPEUTIC)], range=["#1f5f7a", "#e0a458"])

today = clinic_day()
picked = st.date_input("Dates", value=(today - timedelta(days=6), today), max_value=today, key="report_dates")
if not isinstance(picked, tuple | list) or len(picked) != 2:
    st.info("Choose the first and the last day.")
    st.stop()
start, end = picked
try:
    report = staff_desk.report(member=member, start=start, end=end)
except Unavailable:
    reconnecting()
except SignedOut as error:
    left(error)
except KioskError as error:
    st.warning(str(error))
    st.stop()

summary = st.columns(4)
summary[0].metric("Check-ins", report.check_ins)
summary[1].metric("Medical", report.by_queue[Queue.MEDICAL])
summary[2].metric("Therapeutic", report.by_queue[Queue.THERAPEUTIC])
summary[3].metric("Red flags", report.flagged)
st.download_button(
    "Download visits (CSV)",
    while_on_shift(lambda signed_in: staff_desk.visits_csv_download(member=signed_in, start=start, end=end)),
    file_name=f"visits-{who.location_slug}-{start}-{end}.csv",
    mime="text/csv",
    key="report_csv",
    icon=":material/download:",
    on_click="ignore",
)
fhir_section(member, who.location_slug, start, end)

if report.check_ins == 0:
    st.info("No check-ins in these dates.")
else:
    charts = (
        ("Check-ins per day", report.per_day, "day:O", "Day"),
        ("Check-ins by hour", report.per_hour, "hour:O", "Hour (clinic time)"),
    )
    for column, (title, rows, x, x_title) in zip(st.columns(2), charts, strict=True):
        with column:
            st.subheader(title, anchor=False)
            st.altair_chart(
                alt.Chart(pd.DataFrame(rows))
                .mark_bar()
                .encode(
                    x=alt.X(x, title=x_title),
                    y=alt.Y("check_ins:Q", title="Check-ins", axis=alt.Axis(tickMinStep=1)),
                    color=alt.Color("queue:N", scale=QUEUE_COLOURS, title="Queue"),
                ),
                width="stretch",
            )
    left, right = st.columns(2)
    with left:
        st.subheader("Waits and sessions (minutes)", anchor=False)
        if report.times:
            times = pd.DataFrame(report.times).melt(
                id_vars=["queue", "measure", "visits"],
                value_vars=["median", "p90"],
                var_name="statistic",
                value_name="minutes",
            )
            st.altair_chart(
                alt.Chart(times)
                .mark_bar()
                .encode(
                    x=alt.X("statistic:N", title=None, axis=alt.Axis(labelAngle=0)),
                    y=alt.Y("minutes:Q", title="Minutes"),
                    # Below, not beside: beside, half a screen's width cut it off.
                    color=alt.Color("queue:N", scale=QUEUE_COLOURS, title="Queue", legend=alt.Legend(orient="bottom")),
                    column=alt.Column("measure:N", title=None),
                    xOffset="queue:N",
                    tooltip=["queue", "measure", "statistic", "minutes", "visits"],
                ),
            )
        else:
            st.caption("No one has been called yet in these dates.")
    with right:
        st.subheader("Red flags", anchor=False)
        if report.red_flags:
            st.altair_chart(
                alt.Chart(pd.DataFrame(report.red_flags))
                .mark_bar(color="#b5483b")
                .encode(
                    x=alt.X("visits:Q", title="Visits", axis=alt.Axis(tickMinStep=1)),
                    # Every flag's whole name, one bar each: by default long names were cut and some hidden.
                    y=alt.Y("flag:N", sort="-x", title=None, axis=alt.Axis(labelLimit=0, labelOverlap=False)),
                )
                .properties(height=alt.Step(32)),
                width="stretch",
            )
        else:
            st.caption("No red flags in these dates.")

claims_section(start, end)
if who.may(Need.AUDIT_LOG):
    audit_section(member, start, end)
staff_idle_watch()
