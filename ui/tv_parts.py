"""The lobby display's parts: the calls drawn as plain text, and the script that chimes and
says each new call once (ui/lobby_caller.js)."""

import json
from html import escape
from pathlib import Path

import streamlit as st

from kiosk_core.visits.tv_calls import LobbyCall

_CALLER = (Path(__file__).parent / "lobby_caller.js").read_text(encoding="utf-8")

STYLE = """<style>
  .calling { font-size: clamp(4rem, 9vw, 10rem); font-weight: 800; color: #1f5f7a; line-height: 1.1; }
  .calling-next { font-size: clamp(2.5rem, 5vw, 5rem); font-weight: 800; color: #1f5f7a; line-height: 1.1; }
  .calling-where { font-size: clamp(2rem, 4vw, 4.5rem); font-weight: 700; color: #111; }
  .calling-queue { font-size: 1.6rem; color: #333; }
  .recent { font-size: 2rem; color: #333; margin: 0.2rem 0; }
  .waiting { font-size: 2.6rem; }
  .reconnecting { font-size: 2rem; color: #555; margin-top: 3rem; }
</style>"""


def where_line(call: LobbyCall) -> str:
    """ "Room 2", with the client's own words beside when they differ ("Room 2 · Sala 2"); or
    the therapist to see, by first name."""
    english, theirs = call.where_words("en"), call.where_words(call.language)
    if not english:
        return "Front desk"
    if not call.where.room:
        return f"See {english}"
    return english if theirs == english else f"{english} · {theirs}"


def call_markup(call: LobbyCall, label: str, *, headline: bool) -> str:
    size = "calling" if headline else "calling-next"
    return (
        f'<div role="status"><div class="{size}">{escape(call.ticket)}</div>'
        f'<div class="calling-where">→ {escape(where_line(call))}</div>'
        f'<div class="calling-queue">{escape(label)}</div></div>'
    )


def recent_markup(call: LobbyCall) -> str:
    return f'<p class="recent"><b>{escape(call.ticket)}</b> → {escape(where_line(call))}</p>'


def announce(calls: list[LobbyCall], *, now) -> None:
    """Render the caller script with the calls on screen; it says the new ones (once each)."""
    data = [
        {
            "id": call.call_id,
            "text": call.spoken(),
            "lang": call.voice_language,
            "age": round((now - call.called_at).total_seconds()),
        }
        for call in calls
    ]
    # JSON inside a script: "<" escaped so no value can close the script element.
    payload = json.dumps(data).replace("<", "\\u003c")
    st.html(f"<script>window.lobbyCalls = {payload};\n{_CALLER}</script>", unsafe_allow_javascript=True)
