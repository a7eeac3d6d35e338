"""The chart's paperwork: the progress report for the referring provider (made on a tap, in the
client's language or English, then offered as a PDF), and, for the reporting or admin role, the
client's record as a FHIR R4 bundle. The core checks the member, records and audits each."""

import streamlit as st

from kiosk_core.screens import records_desk
from kiosk_core.staff.on_duty import Authority
from kiosk_core.staff.roles import Need
from kiosk_core.staff.therapists import StaffMember
from ui.staff_gate import say, show_note, staff_action, while_on_shift

LANGUAGES = {records_desk.CLIENTS_LANGUAGE: "The client's language", "en": "English"}


def _made_key(client_id: int) -> str:
    return f"progress_report_{client_id}"


@staff_action
def on_make_report(member: StaffMember, client_id: int) -> None:
    language = st.session_state.get("report_language", records_desk.CLIENTS_LANGUAGE)
    paper = records_desk.progress_report(member=member, client_id=client_id, language=language)
    st.session_state[_made_key(client_id)] = paper
    say(paper.said, "ok")


def report_section(member: StaffMember, who: Authority, client_id: int, *, has_plan: bool) -> None:
    """The progress report for a client with a care plan; the FHIR record for the reporting or admin role."""
    fhir = who.may(Need.REPORTS)
    if not (has_plan or fhir):
        return
    st.subheader("Paperwork", anchor=False)
    show_note()
    if has_plan:
        _progress_report(client_id)
    if fhir:
        st.download_button(
            "Download this client's record (FHIR R4, JSON)",
            while_on_shift(lambda signed_in: records_desk.fhir_client(member=signed_in, client_id=client_id).data),
            file_name=f"fhir-client-{client_id}.json",
            mime="application/fhir+json",
            key="fhir_client",
            icon=":material/download:",
            on_click="ignore",
        )


def _progress_report(client_id: int) -> None:
    with st.container(border=True, key="progress_report"):
        st.caption("Progress report for the referring provider: the plan, pain and PSFS against the baseline, "
                   "the techniques used, the latest assessment and recommendation.")  # fmt: skip
        choose, make = st.columns([3, 2], vertical_alignment="bottom")
        choose.radio("Language", list(LANGUAGES), format_func=LANGUAGES.get, horizontal=True, key="report_language")
        make.button("Make the progress report", key="report_make", on_click=on_make_report, args=(client_id,),
                    icon=":material/description:")  # fmt: skip
        paper = st.session_state.get(_made_key(client_id))
        if paper is not None:
            st.download_button("Download the progress report (PDF)", paper.data, file_name=paper.file_name,
                               mime=paper.mime, key="report_download", icon=":material/download:",
                               on_click="ignore", type="primary")  # fmt: skip
