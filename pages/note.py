"""The session note of one visit (?visit=ID), opened from the board at finish: S read-only from
today's intake, then O, A and P; Save, Sign (which locks it), and addenda once signed. The
therapist's words stay on screen whatever the database says."""

import streamlit as st

from kiosk_core.errors import KioskError, Unavailable
from kiosk_core.screens import care_desk
from kiosk_core.staff.authority import SignedOut
from kiosk_core.staff.roles import Need
from ui.note_form import content_now, note_form
from ui.setup import ready
from ui.staff_gate import (
    left,
    plain,
    plain_line,
    plain_note,
    reconnecting,
    require_staff,
    staff_action,
)

ready()
member, _who = require_staff(Need.INTAKE, "Session note")
visit_id = st.query_params.get("visit", "")
if not visit_id.isdigit():
    st.info("Open a note from the queue board: finish a visit, or Open a finished one.")
    st.stop()


@staff_action
def on_write(member, note_id: int, medical: bool, action) -> None:
    """Save, sign or amend; a refusal or an outage is said beside the form, which keeps its words."""
    try:
        st.session_state["note"] = action(member, note_id, medical)  # read (and audited) by the write
        st.session_state["note_fresh"] = True
        st.session_state["note_said"] = ("Saved.", "ok")
    except Unavailable:
        st.session_state["note_said"] = ("The database isn't answering: your words are kept here. Try again.", "warn")
    except KioskError as error:
        st.session_state["note_said"] = (str(error), "warn")


def save(member, note_id, medical):
    return care_desk.save_note(member=member, note_id=note_id, content=content_now(note_id, medical))


def sign(member, note_id, medical):
    return care_desk.sign_note(member=member, note_id=note_id, content=content_now(note_id, medical))


def amend(member, note_id, _medical):
    get = st.session_state.get
    return care_desk.add_addendum(
        member=member, note_id=note_id, why=get("addendum_why", ""), text=get("addendum_text", "")
    )


try:
    # Read, checked and audited on every run of the page, but the one right after a write (which
    # read it itself): a note shown from memory would be stale and its read unrecorded.
    note = st.session_state.get("note")
    fresh = st.session_state.pop("note_fresh", False)
    if note is None or note.visit_id != int(visit_id) or not fresh:
        note = st.session_state["note"] = care_desk.open_note(member=member, visit_id=int(visit_id))
except Unavailable:
    reconnecting()
except SignedOut as error:
    left(error)
except KioskError as error:
    plain_note(str(error), "warn")
    st.stop()

st.html(
    f'<h2 class="staff-heading">{plain(note.ticket_code)} · {"medical" if note.medical else "therapeutic"} visit</h2>'
)
st.page_link("pages/chart.py", label="Open the client's chart", query_params={"client": note.client_id},
             icon=":material/monitoring:")  # fmt: skip
if said := st.session_state.pop("note_said", None):
    plain_note(*said)
with st.container(border=True, key="note_s"):
    st.subheader("S: what the client told us today", anchor=False)
    rows = "".join(f'<tr><th scope="row">{plain(k)}</th><td>{plain(v)}</td></tr>' for k, v in note.subjective)
    st.html(f'<table class="staff-answers"><caption hidden>Today\'s intake</caption>{rows}</table>')
if note.signed:  # locked: shown as text, never as a form
    for heading, text in note.lines:
        plain_line(f"<b>{plain(heading)}:</b> {plain(text)}")
    plain_line(f"<b>{plain(note.signed)}</b>. A signed note is never edited: add an addendum.")
    for line in note.addenda:
        plain_line(plain(line))
    st.text_input("Addendum: why", key="addendum_why", max_chars=300)
    st.text_area("Addendum", key="addendum_text", max_chars=1000)
    st.button("Add addendum", key="add_addendum", on_click=on_write, args=(note.note_id, note.medical, amend))
elif note.mine:
    note_form(note, care_desk.default_minutes)
    row = st.container(horizontal=True)
    row.button("Save", key="note_save", on_click=on_write, args=(note.note_id, note.medical, save))
    row.button("Sign", key="note_sign", type="primary", on_click=on_write, args=(note.note_id, note.medical, sign))
    st.caption("Signing locks the note; later changes are addenda." + ("" if note.medical else " (O and A optional.)"))
else:
    st.caption("Only the visit's therapist writes and signs this note; it isn't signed yet.")
