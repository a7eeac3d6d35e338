"""The reports page's FHIR export: every visit at this location in the chosen clinic days, with
its client's record, as one FHIR R4 bundle (JSON), made (and audited by the core) on download."""

from datetime import date

import streamlit as st

from kiosk_core.screens import records_desk
from kiosk_core.staff.therapists import StaffMember
from ui.staff_gate import while_on_shift


def fhir_section(member: StaffMember, location_slug: str, start: date, end: date) -> None:
    st.download_button(
        "Download these days as FHIR R4 (JSON)",
        while_on_shift(lambda signed_in: records_desk.fhir_range(member=signed_in, start=start, end=end).data),
        file_name=f"fhir-{location_slug}-{start}-{end}.json",
        mime="application/fhir+json",
        key="report_fhir",
        icon=":material/download:",
        on_click="ignore",
        help="Patients, visits (Encounter), pain and stress (Observation), answers (QuestionnaireResponse), "
        "diagnoses, plans, techniques and documents, for another health system.",
    )
