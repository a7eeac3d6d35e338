"""The lobby TV: who is being called and where to go, the last few calls, how many are waiting;
a chime and a spoken call for each new call. Ticket codes only, never a name or a reason."""

from html import escape

import streamlit as st

from kiosk_core.errors import Unavailable
from kiosk_core.models import utcnow
from kiosk_core.screens import staff_desk
from kiosk_core.vocabulary import Queue
from ui.kiosk_style import apply_kiosk_style
from ui.paced_refresh import paced
from ui.setup import ready, this_location
from ui.tv_parts import STYLE, announce, call_markup, recent_markup, tv_markup

clinic = ready()
apply_kiosk_style(page="tv")
st.html(STYLE)
location = this_location(clinic, "display")


@paced(2)
def board() -> None:
    now = utcnow()
    try:
        lobby = staff_desk.lobby_board(location_slug=location.slug, now=now)
    except Unavailable:
        # The TV faces the lobby: a calm word, no error box; the next tick tries again.
        st.html(f'<h1>{escape(clinic.clinic.name)}</h1><p class="reconnecting" role="status">Reconnecting…</p>')
        return
    calls = lobby.now_calling
    title = f"{escape(clinic.clinic.name)} · {escape(lobby.location_name)}"
    drawn = [call_markup(call, clinic.queues[call.queue].label, headline=n == 0) for n, call in enumerate(calls)]
    counts = [
        f"<b>{lobby.waiting[queue]}</b> waiting for {escape(clinic.queues[queue].label.lower())}" for queue in Queue
    ]
    st.html(tv_markup(title, drawn, [recent_markup(call) for call in lobby.recently_called], counts))
    announce(calls, now=now)


board()
