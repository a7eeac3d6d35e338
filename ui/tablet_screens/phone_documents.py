"""On the live ticket on a client's phone: send a photo (or a PDF) of a doctor's note, MRI report
or PT notes for the therapist, while the visit is open. The phone only sends: the file is freed
at once and the page says "received" and how many, never what."""

import logging

import streamlit as st

from kiosk_core.errors import KioskError
from kiosk_core.records.document_key import DocumentsOff
from kiosk_core.records.documents import KINDS
from kiosk_core.screens import documents_desk
from ui.streamlit_internals import drop_session_uploads
from ui.tablet_screens.documents import MAX_UPLOAD_MB, OFF, UPLOAD_TYPES
from ui.tablet_session import _, ngettext

log = logging.getLogger("kiosk")


def _file_key() -> str:
    return f"phone_document_{st.session_state.get('phone_documents_round', 0)}"


def _send(token: str) -> None:
    upload = st.session_state.get(_file_key())
    st.session_state.pop("phone_documents_said", None)
    if upload is None:
        return
    data = upload.getvalue()
    st.session_state["phone_documents_round"] = st.session_state.get("phone_documents_round", 0) + 1
    drop_session_uploads()
    try:
        documents_desk.add_from_phone(token=token, kind=st.session_state.get("phone_document_kind") or "other",
                                      data=data)  # fmt: skip
    except DocumentsOff:
        st.session_state["phone_documents_said"] = OFF
        return
    except KioskError as error:
        st.session_state["phone_documents_said"] = error.said.text
        return
    except Exception:
        log.exception("a document from a phone failed")
        st.session_state["phone_documents_said"] = KioskError.message
        return
    st.session_state["phone_documents_sent"] = st.session_state.get("phone_documents_sent", 0) + 1


def send_documents(token: str) -> None:
    with st.expander(_("Brought a doctor's note, MRI report or PT notes? Send a photo"), icon=":material/upload_file:"):
        sent = st.session_state.get("phone_documents_sent", 0)
        if sent:
            st.success(ngettext("Received: {count} page. Thank you!", "Received: {count} pages. Thank you!", sent))
        if said := st.session_state.get("phone_documents_said"):
            st.warning(_(said))
        st.pills(_("What is it?"), list(KINDS), format_func=lambda code: _(KINDS[code]), default="doctor_note",
                 key="phone_document_kind")  # fmt: skip
        st.file_uploader(_("Photo of the page"), type=UPLOAD_TYPES, key=_file_key(), max_upload_size=MAX_UPLOAD_MB)
        st.button(_("Send this page"), key="phone_document_send", type="primary", on_click=_send, args=(token,))
