"""The lobby TV: who is being called and where to go, the last few calls, how many are waiting;
a chime and a spoken call for each new call. Ticket codes only, never a name or a reason."""

from html import escape

import streamlit as st

from kiosk_core.errors import Unavailable
from kiosk_core.models import utcnow
from kiosk_core.screens import staff_desk
from kiosk_core.vocabulary import Queue
from ui.kiosk_style import apply_kiosk_style
from ui.setup import ready, this_location
from ui.tv_parts import STYLE, announce, call_markup, recent_markup

clinic = ready()
apply_kiosk_style(page="tv")
st.html(STYLE)
location = this_location(clinic, "display")


@st.fragment(run_every=2)
def board() -> None:
    now = utcnow()
    try:
        lobby = staff_desk.lobby_board(location_slug=location.slug, now=now)
    except Unavailable:
        # The TV faces the lobby: a calm word, no error box; the next tick tries again.
        st.html(f'<h1>{escape(clinic.clinic.name)}</h1><p class="reconnecting" role="status">Reconnecting…</p>')
        return
    st.html(f"<h1>{escape(clinic.clinic.name)} · {escape(lobby.location_name)}</h1>")
    st.header("Now calling", anchor=False)
    calls = lobby.now_calling
    if calls:
        st.html(call_markup(calls[0], clinic.queues[calls[0].queue].label, headline=True))
        if more := calls[1:]:
            columns = st.columns(min(len(more), 3))
            for n, call in enumerate(more):
                columns[n % len(columns)].html(call_markup(call, clinic.queues[call.queue].label, headline=False))
    else:
        st.subheader("Please take a seat. We'll call your ticket here.", anchor=False)
    if lobby.recently_called:
        st.subheader("Recently called", anchor=False)
        st.html("".join(recent_markup(call) for call in lobby.recently_called))
    st.divider()
    for column, queue in zip(st.columns(len(Queue)), Queue, strict=True):
        count = lobby.waiting[queue]
        label = escape(clinic.queues[queue].label.lower())
        column.html(f'<div class="waiting"><b>{count}</b> waiting for {label}</div>')
    announce(calls, now=now)


board()
