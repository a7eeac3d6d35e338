"""Proves the kiosk is up: the clinic, its locations and who is waiting there now."""

import streamlit as st

from kiosk_core.errors import Unavailable
from kiosk_core.screens import staff_desk
from ui.setup import ready
from ui.staff_gate import reconnecting

clinic = ready()

st.title(clinic.clinic.name, anchor=False)
try:
    counts = staff_desk.waiting_now([location.slug for location in clinic.locations])
except Unavailable:
    reconnecting()
st.caption("The check-in kiosk is running.")
for location in clinic.locations:
    with st.container(border=True):
        st.subheader(location.name, anchor=False)
        columns = st.columns(len(counts[location.slug]))
        for column, (queue, waiting) in zip(columns, counts[location.slug].items(), strict=True):
            column.metric(f"Waiting for {clinic.queues[queue].label.lower()}", waiting)
