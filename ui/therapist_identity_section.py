"""The admin page's "On claims" for one therapist: credentials (e.g. LMT) and individual NPI, as
superbills and the CMS-1500 lines print them (box 24J). The core checks the NPI's check digit."""

import streamlit as st

from kiosk_core.errors import InvalidInput
from kiosk_core.screens import admin_desk, billing_details_desk
from ui.staff_gate import staff_action
from ui.staff_text import say


@staff_action
def _save(member, therapist_id: int) -> None:
    state = st.session_state
    try:
        changed = billing_details_desk.set_therapist_identity(
            member=member,
            therapist_id=therapist_id,
            credentials=state.get(f"credentials_{therapist_id}", ""),
            npi=state.get(f"npi_{therapist_id}", ""),
        )
    except InvalidInput as error:
        say("; ".join(str(problem) for problem in error.problems.values()) or str(error), "warn")
        return
    say("Saved for claims." if changed else "Nothing changed.", "ok")


def identity_form(row: admin_desk.TherapistRow) -> None:
    tid = row.therapist_id
    with st.form(f"identity_form_{tid}", border=False, enter_to_submit=False):
        credentials, npi = st.columns(2)
        credentials.text_input("Credentials on claims", value=row.credentials, max_chars=40, key=f"credentials_{tid}",
                               placeholder="e.g. LMT")  # fmt: skip
        npi.text_input("Individual NPI", value=row.npi, max_chars=10, key=f"npi_{tid}", placeholder="10 digits")
        st.form_submit_button("Save for claims", key=f"identity_save_{tid}", on_click=_save, args=(tid,))
