"""The kiosk app: page config and navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="Check-in", page_icon="💆", layout="wide", initial_sidebar_state="collapsed")
pages = [
    st.Page("pages/checkin.py", title="Check-in", default=True),
    st.Page("pages/queue.py", title="Today's queue", url_path="queue"),
    st.Page("pages/display.py", title="Lobby display", url_path="display"),
    st.Page("pages/reports.py", title="Reports", url_path="reports"),
    st.Page("pages/status.py", title="Status", url_path="status"),
    st.Page("pages/admin.py", title="Admin", url_path="admin"),
    st.Page("pages/ticket.py", title="Your ticket", url_path="ticket"),
    st.Page("pages/poster.py", title="Check-in poster", url_path="poster"),
    st.Page("pages/chart.py", title="Client chart", url_path="chart"),
    st.Page("pages/note.py", title="Session note", url_path="note"),
]
st.navigation(pages, position="hidden").run()
