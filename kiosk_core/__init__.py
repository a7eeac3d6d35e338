"""The kiosk's rules and data: everything but the screens. Never imports Streamlit."""
