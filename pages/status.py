"""Proves the kiosk is up: the clinic, its locations and who is waiting there now."""

import streamlit as st

from kiosk_core import db
from kiosk_core.queue import waiting_counts
from ui.setup import ready

clinic = ready()

st.title(clinic.clinic.name, anchor=False)
st.caption("The check-in kiosk is running.")
with db.read_session() as session:
    for location in clinic.locations:
        counts = waiting_counts(session=session, location_slug=location.slug)
        with st.container(border=True):
            st.subheader(location.name, anchor=False)
            columns = st.columns(len(counts))
            for column, (queue, waiting) in zip(columns, counts.items(), strict=True):
                column.metric(f"Waiting for {clinic.queues[queue].label.lower()}", waiting)
