"""What every page needs once per process: the clinic file and a migrated database."""

import streamlit as st

from kiosk_core import db
from kiosk_core.config import ClinicConfig, load_clinic


@st.cache_resource(show_spinner=False)
def ready() -> ClinicConfig:
    """Load the clinic file and bring the database up to date, once per server process."""
    clinic = load_clinic()
    db.init_db(db.get_engine(), clinic)
    return clinic
