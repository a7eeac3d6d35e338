"""Proves the kiosk is up: the clinic, its locations and who is waiting there now."""

import streamlit as st

from kiosk_core import db
from kiosk_core.visits.todays_queue import waiting_counts
from ui.setup import ready
from ui.staff_gate import OUTAGE, reconnecting

clinic = ready()

st.title(clinic.clinic.name, anchor=False)
try:
    with db.read_session() as session:
        counts = {loc.slug: waiting_counts(session=session, location_slug=loc.slug) for loc in clinic.locations}
except OUTAGE:
    reconnecting()
st.caption("The check-in kiosk is running.")
for location in clinic.locations:
    with st.container(border=True):
        st.subheader(location.name, anchor=False)
        columns = st.columns(len(counts[location.slug]))
        for column, (queue, waiting) in zip(columns, counts[location.slug].items(), strict=True):
            column.metric(f"Waiting for {clinic.queues[queue].label.lower()}", waiting)
