"""Welcome (language, scan a card, or start a first visit) and the camera."""

import functools

import streamlit as st

from kiosk_core.clients import cards
from kiosk_core.config import ClinicConfig, LocationConfig
from kiosk_core.i18n import LANGUAGES, N_
from kiosk_core.intake.draft import Draft
from kiosk_core.screens import tablet
from ui.card_scanner import card_scanner
from ui.streamlit_internals import drop_session_uploads
from ui.tablet_session import _, friendly, go, language, say, set_language, show_message

PHOTO = "camera_photo_mode"  # the camera screen takes a photo instead of scanning the video
CAMERA_BOX = "camera_picture"  # the key of the box around Streamlit's camera

# What to do next, after each way a card can fail.
WHAT_NEXT = {
    cards.ForeignCode: N_("Please show your clinic card, or tap Start here if this is your first visit."),
    cards.UnknownCard: N_("If this is your first visit, tap Start here, or see the front desk."),
    cards.RevokedCard: N_("Please see the front desk for a new one."),
}


def _greeted(greeting: tablet.Greeting) -> None:
    st.session_state.pop(PHOTO, None)
    st.session_state.update(client_id=greeting.client_id, first_name=greeting.first_name)
    found = tablet.visit_elsewhere(client_id=greeting.client_id, location_slug=st.session_state["location_slug"])
    if found:
        st.session_state["elsewhere"] = found
        go("elsewhere")
    elif greeting.last_answers:
        st.session_state["last_answers"] = greeting.last_answers
        go("same")
    else:
        st.session_state["draft"] = Draft()
        go("intake")


def _identify(find) -> None:
    try:
        _greeted(find())
    except cards.CardError as error:
        said = error.said.in_language(language())
        then = WHAT_NEXT.get(type(error))
        say(said + (" " + _(then) if then else ""))


@friendly
def on_scan() -> None:
    raw = st.session_state.get("scan", "")
    st.session_state["scan"] = ""
    if raw.strip():
        _identify(lambda: tablet.greet_scanned(raw))


@friendly
def on_live_scan(key: str) -> None:
    """The live scanner read a code: checked like a handheld scanner's input."""
    raw = (st.session_state.get(key) or {}).get("scanned")
    if isinstance(raw, str) and raw.strip():
        _identify(lambda: tablet.greet_scanned(raw))


def on_no_live_scan(key: str) -> None:
    """This browser can't scan from the video, or read nothing for a while: take a photo instead."""
    st.session_state[PHOTO] = True
    if (st.session_state.get(key) or {}).get("unavailable") == "timeout":
        say(N_("We couldn't read your card from the video. Let's try a photo."))


@friendly
def on_photo(key: str) -> None:
    picture = st.session_state.get(key)
    if picture is None:
        return
    data = picture.getvalue()
    drop_session_uploads()  # decoded below from `data`; the server keeps no copy
    st.session_state["camera_round"] = st.session_state.get("camera_round", 0) + 1  # a fresh camera for a retry
    _identify(lambda: tablet.greet_photographed(data))


def leave_camera() -> None:
    st.session_state.pop(PHOTO, None)  # the next client starts with the live scan again
    go("welcome")


def welcome(clinic: ClinicConfig, location: LocationConfig) -> None:
    top, switch = st.columns([3, 1], vertical_alignment="center")
    top.title(clinic.clinic.name, anchor=False)
    other = next(code for code in LANGUAGES if code != language())
    switch.button(LANGUAGES[other], key="language", icon=":material/translate:", on_click=set_language, args=(other,))
    st.header(_("Welcome to {location}", location=location.name), anchor=False)
    show_message()
    returning, first_visit = st.columns(2, gap="large", border=True)
    with returning:
        st.subheader(_("Been here before?"), anchor=False)
        st.write(_("Scan your card under the scanner, or use the camera."))
        st.text_input(
            _("Card scanner"),
            key="scan",
            on_change=on_scan,
            autocomplete="off",
            placeholder=_("Scan your card"),
            label_visibility="collapsed",
        )
        st.button(
            _("Use the camera"),
            key="to_camera",
            icon=":material/photo_camera:",
            on_click=go,
            args=("camera",),
            width="stretch",
        )
        st.button(_("Forgot your card?"), key="to_forgot", on_click=go, args=("forgot",), width="stretch")
    with first_visit:
        st.subheader(_("First visit?"), anchor=False)
        st.write(_("Register in about a minute and get a card for next time."))
        st.button(_("Start here"), key="to_register", type="primary", on_click=go, args=("register",), width="stretch")


def camera() -> None:
    st.title(_("Show your card to the camera"), anchor=False)
    show_message()
    round_ = st.session_state.get("camera_round", 0)
    # Beside its words, so the buttons stay in view on a landscape tablet.
    picture, words = st.columns([3, 2], gap="large")
    if st.session_state.get(PHOTO):
        key = f"camera_{round_}"
        # Its box has a key of its own, the same each round: the page translates Streamlit's
        # words inside it (CAMERA_BOX).
        picture.container(key=CAMERA_BOX).camera_input(
            _("Hold your card flat in front of the camera, then tap Take photo"),
            key=key,
            on_change=on_photo,
            args=(key,),
            label_visibility="collapsed",
        )
        words.write(_("Hold your card flat in front of the camera, then tap Take photo"))
    else:
        # Only the text read leaves the browser; the component stops the camera when this
        # screen goes (a greeting, Back, the photo, an idle reset).
        key = f"scanner_{round_}"
        with picture:
            card_scanner(
                key=key,
                label=_("Camera"),
                on_scanned=functools.partial(on_live_scan, key),
                on_unavailable=functools.partial(on_no_live_scan, key),
            )
        words.write(_("Hold your card up to the camera"))
        words.button(
            _("Take a photo instead"),
            key="camera_photo",
            icon=":material/photo_camera:",
            on_click=on_no_live_scan,
            args=(key,),
            width="stretch",
        )
    words.button(_("Back"), key="camera_back", on_click=leave_camera, width="stretch")
