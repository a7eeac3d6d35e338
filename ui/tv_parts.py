"""The lobby display's parts: the calls drawn as plain text, and the script that chimes and
says each new call once (ui/lobby_caller.js)."""

import json
from html import escape
from pathlib import Path

import streamlit as st

from kiosk_core.visits.tv_calls import LobbyCall

_CALLER = (Path(__file__).parent / "lobby_caller.js").read_text(encoding="utf-8")

# Sized by the screen's height (vh), so 4 calls and 6 recent ones fit a 1920x1080, 1366x768 or
# 1280x720 TV without scrolling; the smallest text is max(24px, 3.2vh): 35 px at 1080 lines,
# readable across a lobby (README, "The lobby TV").
STYLE = """<style>
  .tv { display: grid; grid-template-columns: 3fr 2fr; column-gap: 4vw; row-gap: 1.2vh; }
  .tv h1 { grid-column: 1 / -1; font-size: max(30px, 4.6vh) !important; margin: 0; line-height: 1.15; }
  .tv h2 { font-size: max(26px, 3.8vh) !important; margin: 0 0 0.8vh; padding: 0; line-height: 1.2; }
  .tv-waiting { grid-column: 1 / -1; display: flex; justify-content: space-around; border-top: 2px solid #d0d7dc;
    padding-top: 1.2vh; font-size: max(26px, 4.2vh); }
  .tv-more { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2vw; margin-top: 1.5vh; }
  .calling { font-size: max(64px, 15vh); font-weight: 800; color: #1f5f7a; line-height: 1.05; }
  .calling-next { font-size: max(40px, 7vh); font-weight: 800; color: #1f5f7a; line-height: 1.05; }
  .calling-where { font-size: max(30px, 5.5vh); font-weight: 700; color: #111; line-height: 1.2; }
  .tv-more .calling-where { font-size: max(24px, 3.4vh); }
  .calling-queue { font-size: max(24px, 3.2vh); color: #333; line-height: 1.2; }
  .recent { font-size: max(24px, 3.6vh); color: #333; margin: 0 0 0.9vh; line-height: 1.25; }
  .seat { font-size: max(30px, 5vh); font-weight: 600; }
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


def tv_markup(title: str, calls: list[str], recent: list[str], waiting: list[str]) -> str:
    """The whole TV as one grid: the calls (the newest large, the others in a row), the recent
    calls beside them, the waiting counts along the bottom. Every part is escaped markup."""
    now = calls[0] if calls else '<p class="seat">Please take a seat. We\'ll call your ticket here.</p>'
    more = f'<div class="tv-more">{"".join(calls[1:])}</div>' if calls[1:] else ""
    earlier = f"<h2>Recently called</h2>{''.join(recent)}" if recent else ""
    counts = "".join(f"<div>{count}</div>" for count in waiting)
    return (
        f'<div class="tv"><h1>{title}</h1><section><h2>Now calling</h2>{now}{more}</section>'
        f'<section>{earlier}</section><div class="tv-waiting">{counts}</div></div>'
    )


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
