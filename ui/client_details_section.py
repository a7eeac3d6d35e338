"""The chart's "Details for claims": the client's date of birth and address, which a superbill
and the CMS-1500 lines print and the check-in never asks. Read (and audited) only when staff
open it; saved through the core, which checks them and audits what changed."""

import streamlit as st

from kiosk_core.clock import clinic_day
from kiosk_core.errors import InvalidInput, KioskError, Unavailable
from kiosk_core.records.billing_details import ADDRESS_MAX, OLDEST_BIRTH
from kiosk_core.screens import billing_details_desk
from kiosk_core.staff.authority import SignedOut
from ui.staff_gate import left, plain_note, reconnecting, staff_action

WHAT = {"birth_date": "Date of birth", "address": "Address"}
SAID = "details_said"  # the last save's result, shown under the form (not in another section's note)


@staff_action
def _save(member, client_id: int) -> None:
    state = st.session_state
    try:
        born, address = state.get("details_born"), state.get("details_address", "")
        changed = billing_details_desk.save_client_details(
            member=member, client_id=client_id, birth_date=born, address=address
        )
    except InvalidInput as error:
        problems = "; ".join(f"{WHAT.get(field, field)}: {problem}" for field, problem in error.problems.items())
        state[SAID] = (problems or str(error), "warn")
        return
    state[SAID] = (f"Saved: {', '.join(WHAT[name] for name in changed)}." if changed else "Nothing changed.", "ok")


def client_details_section(member, client_id: int) -> None:
    if not st.toggle("Date of birth and address (for claims)", key="details_open"):
        return
    try:
        details = billing_details_desk.client_details(member=member, client_id=client_id)
    except Unavailable:
        reconnecting()
    except SignedOut as error:
        left(error)
    except KioskError as error:  # Busy, or no longer allowed here
        plain_note(str(error), "warn")
        return
    with st.form("client_details", border=True, enter_to_submit=False):
        st.date_input("Date of birth", value=details.birth_date, min_value=OLDEST_BIRTH, max_value=clinic_day(),
                      format="YYYY-MM-DD", key="details_born")  # fmt: skip
        st.text_area("Address (street, then city, state and ZIP)", value=details.address, max_chars=ADDRESS_MAX,
                     height=90, key="details_address")  # fmt: skip
        st.form_submit_button("Save details", key="details_save", on_click=_save, args=(client_id,))
    if said := st.session_state.pop(SAID, None):
        plain_note(*said)
    if details.birth_date is None:
        plain_note("No date of birth yet: claims need one (CMS-1500 box 3).", "info")
