"""The tablet's session: the screen it is on, the client's draft and language, and forgetting
them all. Text on the tablet goes through `_` (and `ngettext`) in the client's language."""

import functools
import logging

import streamlit as st

from kiosk_core.errors import KioskError
from kiosk_core.i18n import DEFAULT_LANGUAGE, LANGUAGES, Message, translate, translate_plural
from kiosk_core.intake.draft import Draft
from ui.streamlit_internals import drop_session_uploads

log = logging.getLogger("kiosk")

_RELOAD = "reload_page"


def language() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def set_language(code: str) -> None:
    if code in LANGUAGES:
        st.session_state["lang"] = code


def _(message: str, /, **values: object) -> str:
    return translate(language(), message, **values)


def ngettext(singular: str, plural: str, count: int, /, **values: object) -> str:
    return translate_plural(language(), singular, plural, count, **values)


def screen() -> str:
    return st.session_state.get("screen", "welcome")


def go(where: str) -> None:
    st.session_state["screen"] = where
    st.session_state.pop("message", None)


def draft() -> Draft:
    return st.session_state.setdefault("draft", Draft())


def say(message: str | Message) -> None:
    """A friendly message shown on the current screen until the next action."""
    st.session_state["message"] = message if isinstance(message, Message) else Message(message)
    st.session_state["round"] = st.session_state.get("round", 0) + 1  # scroll up to it


def show_message() -> None:
    """The screen's message, in a slot that is there with or without one (see field_error)."""
    with st.container():
        if message := st.session_state.get("message"):
            st.warning(message.in_language(language()), icon=":material/info:")


def friendly(action):
    """A widget callback that never puts a traceback on screen: domain errors are said as they
    are, anything else is logged and the client is sent to the front desk."""

    @functools.wraps(action)
    def run(*args, **kwargs):
        try:
            return action(*args, **kwargs)
        except KioskError as error:
            say(error.said)
        except Exception:
            log.exception("tablet action %s failed", action.__name__)
            say(KioskError.message)

    return run


def forget_everything() -> None:
    """Back to Welcome, in English, with nothing of the last client left: not on the page, not
    in session state, not in server memory. The browser then reloads the page for a fresh session."""
    drop_session_uploads()  # Streamlit would keep the photo after the session ends
    st.session_state.clear()
    st.session_state[_RELOAD] = True


def reload_if_asked() -> None:
    if st.session_state.pop(_RELOAD, False):
        st.html("<script>window.location.reload()</script>", unsafe_allow_javascript=True)
