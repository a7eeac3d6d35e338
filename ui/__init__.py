"""Streamlit helpers shared by the pages; with kiosk.py and pages/, the only code that imports Streamlit."""

from ui.streamlit_internals import forget_gone_widgets

forget_gone_widgets()
