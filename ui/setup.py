"""What every page needs once per process: the clinic file and a migrated database."""

import logging

import streamlit as st

from kiosk_core import db
from kiosk_core.config import ClinicConfig, ClinicConfigError, LocationConfig, load_clinic
from kiosk_core.ops import server_hold
from kiosk_core.screens import documents_desk

log = logging.getLogger("kiosk")


@st.cache_resource(show_spinner=False)
def _ready() -> ClinicConfig:
    clinic = load_clinic()
    db.init_db(db.get_engine(), clinic)
    server_hold.hold_as_server(db.get_engine())  # `restore` refuses while this server runs
    if off := documents_desk.switched_off():  # said in the log at start, and on every chart
        log.error("%s", off)
    return clinic


def ready() -> ClinicConfig:
    """The clinic, with the database up to date (once per server process); or a calm message and stop."""
    # Set again by each page: with only kiosk.py setting it, a page sometimes rendered in the
    # default centred layout (seen on /queue after some server starts).
    st.set_page_config(layout="wide")
    try:
        return _ready()
    except ClinicConfigError as error:
        log.error("clinic configuration: %s", error)
        message = "The kiosk isn't configured yet. Please ask at the front desk."
    except Exception:
        log.exception("the database is not reachable")
        message = "The kiosk can't start right now. Please ask at the front desk."
    st.title("Sorry, we're not ready yet", anchor=False)
    st.write(message)
    st.stop()


def this_location(clinic: ClinicConfig, device: str) -> LocationConfig:
    """The location in the address (?location=...), read on every run: each tablet or display
    is locked to its own. Unknown or missing: a setup message for staff that names no location
    (the list is on the admin page and in `make run`'s output, not for anyone in the lobby), and stop."""
    location = clinic.location(st.query_params.get("location", ""))
    if location is None:
        st.title(f"This {device} isn't set up yet", anchor=False)
        st.write(f"Staff: open this {device}'s address from the admin page, then leave it there.")
        st.stop()
    return location
