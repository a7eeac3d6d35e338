"""Welcome on a client's own phone (the poster's code): check in from the phone, in the phone's
language, with every way on above the fold. The phone has no scanner: a card is shown to its
camera, or found without it ("Forgot your card?")."""

import html

import streamlit as st

from kiosk_core.config import ClinicConfig, LocationConfig
from kiosk_core.i18n import LANGUAGES
from ui.addresses import phone_language
from ui.tablet_session import _, go, language, set_language, show_message

_STARTED_IN = "phone_language"  # the language this phone asked for when the page was opened


def follow_phone_language() -> None:
    """A new session on a phone starts in the phone's language (and after each reset, which is
    a new session), not the lobby's English."""
    if "lang" not in st.session_state:
        set_language(phone_language())
    st.session_state.setdefault(_STARTED_IN, language())


def home_language() -> str:
    """The language a fresh page on this phone opens in: a Welcome in it has nothing to forget."""
    return st.session_state.get(_STARTED_IN, language())


def phone_welcome(clinic: ClinicConfig, location: LocationConfig) -> None:
    with st.container(key="phone_welcome"):
        with st.container(key="phone_top", horizontal=True, vertical_alignment="center"):
            st.html(
                f'<p class="phone-where"><strong>{html.escape(clinic.clinic.name)}</strong><br>'
                f"{html.escape(location.name)}</p>"
            )
            other = next(code for code in LANGUAGES if code != language())
            st.button(
                LANGUAGES[other], key="language", icon=":material/translate:", on_click=set_language, args=(other,)
            )
        st.title(_("Check in from your phone"), anchor=False)
        show_message()
        st.header(_("Been here before?"), anchor=False)
        st.write(_("Show your clinic card to your phone's camera."))
        st.button(
            _("Use the camera"),
            key="to_camera",
            icon=":material/photo_camera:",
            on_click=go,
            args=("camera",),
            width="stretch",
        )
        # The lobby tablet's way back in without a card (its screen is "forgot").
        st.button(_("Forgot your card?"), key="to_forgot", on_click=go, args=("forgot",), width="stretch")
        st.header(_("First visit?"), anchor=False)
        st.button(_("Start here"), key="to_register", type="primary", on_click=go, args=("register",), width="stretch")
