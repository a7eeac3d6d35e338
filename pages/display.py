"""The lobby TV: who is being called, how many are waiting. Ticket codes only, never a name."""

from html import escape

import streamlit as st

from kiosk_core import desk
from kiosk_core.config import QUEUES
from ui.kiosk_style import apply_kiosk_style
from ui.setup import ready, this_location
from ui.staff import OUTAGE

clinic = ready()
apply_kiosk_style()
st.html("""<style>
  .block-container { max-width: none; padding-left: 4rem; padding-right: 4rem; }
  .calling { font-size: clamp(4rem, 9vw, 10rem); font-weight: 800; color: #1f5f7a; line-height: 1.15; }
  .calling-queue { font-size: 1.6rem; color: #333; }
  .waiting { font-size: 2.6rem; }
  .reconnecting { font-size: 2rem; color: #555; margin-top: 3rem; }
</style>""")
location = this_location(clinic, "display")


@st.fragment(run_every=2)
def board() -> None:
    try:
        lobby = desk.lobby_board(location_slug=location.slug)
    except OUTAGE:
        # The TV faces the lobby: a calm word, no error box; the next tick tries again.
        st.html(f'<h1>{escape(clinic.clinic.name)}</h1><p class="reconnecting" role="status">Reconnecting…</p>')
        return
    st.html(f"<h1>{escape(clinic.clinic.name)} · {escape(lobby.location_name)}</h1>")
    st.header("Now calling", anchor=False)
    if lobby.now_calling:
        columns = st.columns(min(len(lobby.now_calling), 3))
        for n, (ticket, queue) in enumerate(lobby.now_calling):
            columns[n % len(columns)].html(
                f'<div class="calling" role="status">{escape(ticket)}</div>'
                f'<div class="calling-queue">{escape(clinic.queues[queue].label)}</div>'
            )
    else:
        st.subheader("Please take a seat. We'll call your ticket here.", anchor=False)
    st.divider()
    for column, queue in zip(st.columns(len(QUEUES)), QUEUES, strict=True):
        count = lobby.waiting[queue]
        label = escape(clinic.queues[queue].label.lower())
        column.html(f'<div class="waiting"><b>{count}</b> waiting for {label}</div>')


board()
