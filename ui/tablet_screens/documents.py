"""After check-in, for a client who said they brought records (or whose visit is medical): an
optional photo of each page of a doctor's note, MRI report or PT notes, for their therapist. One
tap on "Skip" goes to the ticket. The ticket is already issued, so the line is never held up.

The tablet only sends: a page sent is forgotten at once (the camera's photo freed from server
memory, the widget new), and the screen says "received" and how many, nothing more. On a phone
checking itself in, the phone's own picker (its back camera, or a PDF) stands in for the camera.
"""

import logging

import streamlit as st

from kiosk_core.errors import KioskError
from kiosk_core.i18n import N_
from kiosk_core.records.document_key import DocumentsOff
from kiosk_core.records.documents import KINDS
from kiosk_core.screens import documents_desk
from ui.streamlit_internals import drop_session_uploads
from ui.tablet_screens.welcome import CAMERA_BOX
from ui.tablet_session import _, go, ngettext, say, show_message

log = logging.getLogger("kiosk")
UPLOAD_TYPES = ["jpg", "jpeg", "png", "pdf"]  # the picker's hint; the bytes decide (kiosk_core.records.document_files)
# Streamlit keeps an upload in server memory: anything over this is refused in the browser, before
# it is sent, in Streamlit's words. Up to it (the setting's own ceiling), the kiosk's check says
# "too large" in the client's language.
MAX_UPLOAD_MB = 50
OFF = N_("We can't take documents here just now. Please give them to your therapist.")


def _round() -> int:
    return st.session_state.get("documents_round", 0)


def _photo_key() -> str:
    return f"document_photo_{_round()}"


def send_page() -> None:
    picture = st.session_state.get(_photo_key())
    if picture is None:
        say(N_("Take a photo of the page first."))
        return
    ticket = st.session_state["ticket"]
    kind = st.session_state.get("document_kind") or "other"
    data = picture.getvalue()
    # Whatever happens, the picture is forgotten: a new widget, the upload freed.
    st.session_state["documents_round"] = _round() + 1
    drop_session_uploads()
    try:
        on_phone = st.session_state.get("phone_screen", False)
        documents_desk.add_at_tablet(client_id=st.session_state["client_id"], visit_id=ticket.visit_id,
                                     kind=kind, data=data, on_phone=on_phone)  # fmt: skip
    except DocumentsOff:
        log.warning("documents are switched off on this server")
        say(OFF)
        return
    except KioskError as error:
        say(error.said)
        return
    except Exception:
        log.exception("a document from the tablet failed")
        say(KioskError.message)
        return
    st.session_state["documents_sent"] = st.session_state.get("documents_sent", 0) + 1
    st.session_state.pop("message", None)


def to_ticket() -> None:
    st.session_state["documents_round"] = _round() + 1
    drop_session_uploads()
    go("result")


def first_brought() -> str:
    """The kind the client said they brought first (the intake's codes are the document kinds)."""
    brought = st.session_state.get("documents_brought") or ()
    return next((code for code in KINDS if code in brought), "doctor_note")


def documents_step() -> None:
    sent = st.session_state.get("documents_sent", 0)
    st.title(_("One more thing, if you like"), anchor=False)
    show_message()
    # The default is the client's own answer, the same on every run: the widget keeps its identity.
    st.pills(_("What is it?"), list(KINDS), format_func=lambda code: _(KINDS[code]), default=first_brought(),
             key="document_kind")  # fmt: skip
    # The camera beside the words and the buttons: on a landscape tablet all of it in view.
    picture, words = st.columns([1, 1], gap="large")
    if st.session_state.get("phone_screen"):
        picture.file_uploader(
            _("Photo of the page"), type=UPLOAD_TYPES, key=_photo_key(), max_upload_size=MAX_UPLOAD_MB
        )
        how = _("Take a photo of the page, or choose a PDF, then tap Send this page.")
    else:
        picture.container(key=CAMERA_BOX).camera_input(_("Photo of the page"), key=_photo_key(),
                                                       label_visibility="collapsed")  # fmt: skip
        # Streamlit's camera is as tall as the camera's picture is wide: its Take photo button
        # would fall below a landscape tablet's screen. A page fits in a shorter box.
        st.html(f"<style>.st-key-{CAMERA_BOX} video, .st-key-{CAMERA_BOX} img "
                "{ max-height: 44vh; object-fit: contain; }</style>")  # fmt: skip
        how = _("Hold the page flat in front of the camera, then tap Take photo.")
    with words:
        if sent:
            st.success(ngettext("Received: {count} page. Thank you!", "Received: {count} pages. Thank you!", sent),
                       icon=":material/check_circle:")  # fmt: skip
        else:
            st.write(_("Did you bring a doctor's note, an MRI report or physical therapy notes? "
                       "Take a photo of each page for your therapist."))  # fmt: skip
        st.write(how)
        # Enabled once the photo has reached the server (the run its upload starts): a tap before
        # that would find no photo.
        st.button(_("Send this page"), key="document_send", type="primary", icon=":material/send:",
                  on_click=send_page, width="stretch", disabled=st.session_state.get(_photo_key()) is None)  # fmt: skip
        st.button(_("Done") if sent else _("Skip"), key="document_skip", on_click=to_ticket, width="stretch")
