"""The kiosk app: page config and navigation, nothing else."""

import streamlit as st

st.set_page_config(page_title="Check-in", page_icon="💆", layout="wide", initial_sidebar_state="collapsed")
page = st.navigation([st.Page("pages/status.py", title="Status", url_path="status", default=True)], position="hidden")
page.run()
