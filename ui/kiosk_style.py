"""Large type, big touch targets and no developer chrome, for a tablet in a lobby; and the
page's one watcher script (scroll, focus, errors tied to fields, the idle reset, Enter from
field to field)."""

import html
import json
import re
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
# Streamlit's own page first (the only CSS naming it), then ours, which wins a tie.
_CSS = "\n".join((HERE / name).read_text(encoding="utf-8") for name in ("streamlit_chrome.css", "kiosk.css"))
# The watcher, Enter from field to field (enter_next.js) and "More questions below"
# (scroll_cue.js): each guards itself to run once.
_SCRIPTS = ("kiosk_watch.js", "enter_next.js", "scroll_cue.js")
_WATCHER = "\n".join((HERE / name).read_text(encoding="utf-8") for name in _SCRIPTS)
PAGES = ("tablet", "phone", "tv")


def apply_kiosk_style(page: str = "tablet") -> None:
    """The kiosk's look and its watcher script. `page` sets the width of Streamlit's main column
    (streamlit_chrome.css): the tablet's, a phone's narrow one, or a TV's full width."""
    if page not in PAGES:
        raise ValueError(f"page is one of {PAGES}, not {page!r}")
    st.html(
        f'<style>{_CSS}</style><script>{_WATCHER}</script><div id="kiosk-page" data-kiosk-page="{page}" hidden></div>',
        unsafe_allow_javascript=True,
    )


def mark_screen(
    name: str,
    *,
    round_: int = 0,
    focus: str = "",
    idle_seconds: int = 0,
    warn_seconds: int = 0,
    still_there: dict | None = None,
    streamlit_words: dict | None = None,
    words_in: tuple[str, ...] = (),
    language: str = "en",
    more_below: str = "",
) -> None:
    """Tell the watcher (kiosk_watch.js) which screen this is. On a new `name` or `round_` (a
    message to read) it scrolls to the top and focuses the input of the widget keyed `focus`;
    after `idle_seconds` untouched (0: never) it shows "Still there?" for the last `warn_seconds`,
    then reloads the page,
    which starts a fresh session. `still_there` holds that prompt's words, already translated;
    `streamlit_words` maps Streamlit's own English to the client's language, in the page's skip
    link and inside the widgets or containers keyed `words_in` (the camera's); the page's
    language is `language` (screen readers pick their voice by it). `more_below`: the words of the
    cue shown while the screen's questions run on below it (scroll_cue.js; "" for none)."""
    words = {f"data-still-{key}": value for key, value in (still_there or {}).items()}
    attributes = {
        "data-kiosk-screen": f"{name}-{round_}",
        "data-kiosk-base": name,
        "data-kiosk-focus": focus,
        "data-kiosk-idle": idle_seconds,
        "data-kiosk-warn": warn_seconds,
        "data-kiosk-words": json.dumps(streamlit_words or {}),
        "data-kiosk-words-in": json.dumps(list(words_in)),
        "data-kiosk-lang": language,
        "data-more-below": more_below,
        **words,
    }
    rendered = " ".join(f'{key}="{html.escape(str(value))}"' for key, value in attributes.items())
    st.html(f"<div id='kiosk-marker' {rendered} hidden></div>")


def field_error(key: str, text: str | None) -> None:
    """A problem shown under the widget keyed `key`, and tied to it for screen readers.

    Called with or without a problem, so the page keeps the same elements in the same places:
    Streamlit redraws a widget whose place changes, and would drop what is being typed in it.
    """
    if not text:
        st.html('<div class="field-error-slot" hidden></div>')
        return
    st.html(
        f'<div class="field-error" id="error-{html.escape(key)}" data-error-for="{html.escape(key)}" '
        f'role="alert">{html.escape(text)}</div>'
    )


def plain_text(text: str) -> str:
    """Text a client typed, shown as itself: no links, images or formatting from Markdown."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$])", r"\\\1", text)


def scale_ends(low: str, high: str) -> None:
    """Words under a 0-10 scale, so the numbers mean something."""
    st.html(
        f'<div class="scale-ends" aria-hidden="true"><span>{html.escape(low)}</span>'
        f"<span>{html.escape(high)}</span></div>"
    )
