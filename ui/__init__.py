"""Streamlit helpers shared by the pages; with kiosk.py and pages/, the only code that imports Streamlit."""
