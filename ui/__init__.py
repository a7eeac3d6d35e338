"""Streamlit helpers shared by the pages; with kiosk.py and pages/, the only code that imports Streamlit.
Streamlit's private internals are reached only from ui/streamlit_internals.py."""

from ui.streamlit_internals import forget_gone_widgets

forget_gone_widgets()
