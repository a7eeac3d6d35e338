"""The chart's outside documents: listed by type and date (the list read is audited), a picture
shown on a tap and a PDF downloaded on a tap (each an audited view in the core), and a PDF or
picture added by staff. When this server's document key can't be used, the list stays and a
note says what to do; nothing is opened or added."""

from datetime import datetime

import streamlit as st

from kiosk_core.config import settings
from kiosk_core.errors import KioskError, Unavailable
from kiosk_core.records.document_files import PDF
from kiosk_core.records.documents import KINDS
from kiosk_core.screens import documents_desk
from kiosk_core.staff.authority import SignedOut
from kiosk_core.staff.therapists import StaffMember
from ui.staff_gate import (
    left,
    plain,
    plain_line,
    plain_note,
    reconnecting,
    say,
    show_note,
    staff_action,
    while_on_shift,
)
from ui.tablet_screens.documents import MAX_UPLOAD_MB, UPLOAD_TYPES

SOURCES = {"tablet": "from the lobby tablet", "phone": "from the client's phone", "staff": "added by staff"}
_OPEN = "document_open"  # the picture shown, by id: until closed, each run is a new audited view


def _when(at: datetime) -> str:
    return at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")


def _uploader_key() -> str:
    return f"document_file_{st.session_state.get('document_round', 0)}"


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


@staff_action
def _on_add(member: StaffMember, client_id: int) -> None:
    upload = st.session_state.get(_uploader_key())
    if upload is None:
        say("Choose a PDF or a picture first.", "warn")
        return
    kind = st.session_state.get("document_kind", "other")
    documents_desk.add_at_chart(member=member, client_id=client_id, kind=kind, data=upload.getvalue())
    st.session_state["document_round"] = st.session_state.get("document_round", 0) + 1  # a fresh, empty uploader
    say(f"{KINDS[kind]} added to the chart.", "ok")


def _shown(member: StaffMember, client_id: int, document_id: int) -> None:
    try:
        viewed = documents_desk.view_document(member=member, client_id=client_id, document_id=document_id)
    except Unavailable:
        reconnecting()
    except SignedOut as error:
        left(error)
    except KioskError as error:
        plain_note(str(error), "warn")
        return
    st.image(viewed.data, caption=f"{KINDS.get(viewed.kind, viewed.kind)} · {_when(viewed.uploaded_at)}")


def _download(column, item, client_id: int) -> None:
    """The PDF, read (and the view audited) only when the button is tapped."""

    def read(signed_in: StaffMember) -> bytes:
        return documents_desk.view_document(member=signed_in, client_id=client_id, document_id=item.document_id).data

    column.download_button(
        "Download",
        while_on_shift(read),
        file_name=f"{item.kind}-{item.uploaded_at.date().isoformat()}-{item.document_id}.pdf",
        mime=PDF,
        key=f"document_get_{item.document_id}",
        on_click="ignore",
        icon=":material/download:",
    )


def documents_section(member: StaffMember, client_id: int) -> None:
    try:
        found = documents_desk.chart_documents(member=member, client_id=client_id)
    except Unavailable:
        reconnecting()
    except SignedOut as error:
        left(error)
    except KioskError as error:
        plain_note(str(error), "warn")
        return
    st.subheader(f"Outside documents ({len(found.items)})", anchor=False)
    show_note()
    if found.off:
        plain_note(found.off, "flag")
    for item in found.items:
        with st.container(border=True, key=f"document_{item.document_id}"):
            words, action = st.columns([4, 1], vertical_alignment="center")
            with words:
                pages = f" · {item.pages} pages" if item.pages > 1 else ""
                plain_line(f"<b>{plain(KINDS.get(item.kind, item.kind))}</b> · {_when(item.uploaded_at)} · "
                           f"{'PDF' if item.media_type == PDF else 'picture'}{pages} · {_size(item.size)} · "
                           f"{SOURCES.get(item.source, item.source)}")  # fmt: skip
            if found.off:
                continue
            if item.media_type == PDF:
                _download(action, item, client_id)
            elif st.session_state.get(_OPEN) == item.document_id:
                action.button("Close", key=f"document_close_{item.document_id}",
                              on_click=lambda: st.session_state.pop(_OPEN, None))  # fmt: skip
                _shown(member, client_id, item.document_id)
            else:
                action.button("Show", key=f"document_show_{item.document_id}",
                              on_click=lambda doc=item.document_id: st.session_state.update({_OPEN: doc}))  # fmt: skip
    if not found.items:
        st.caption("No outside documents.")
    if found.off:
        return
    with st.expander("Add a document (PDF or picture)"):
        st.selectbox("What it is", list(KINDS), format_func=KINDS.get, key="document_kind")
        st.file_uploader("The file", type=UPLOAD_TYPES, key=_uploader_key(), max_upload_size=MAX_UPLOAD_MB)
        st.button("Add to the chart", key="document_add", on_click=_on_add, args=(client_id,))
