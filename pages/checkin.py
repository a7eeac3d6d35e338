"""The lobby tablet: welcome, identify (card or registration), the intake steps, the ticket.

Each screen is a module under ui/tablet_screens; this page only picks the screen and wires the
check-in, the one action that spans them.
"""

import streamlit as st

from kiosk_core.config import settings
from kiosk_core.errors import KioskError
from kiosk_core.i18n import DEFAULT_LANGUAGE, N_
from kiosk_core.screens import documents_desk, own_phone, tablet
from ui.addresses import lobby_device
from ui.kiosk_style import apply_kiosk_style, mark_screen
from ui.setup import ready, this_location
from ui.tablet_screens.documents import documents_step
from ui.tablet_screens.elsewhere import elsewhere
from ui.tablet_screens.forgot import forgot
from ui.tablet_screens.phone_welcome import follow_phone_language, home_language, phone_welcome
from ui.tablet_screens.register import register, show_new_card
from ui.tablet_screens.result import result
from ui.tablet_screens.same import same
from ui.tablet_screens.steps import intake_step
from ui.tablet_screens.welcome import CAMERA_BOX, camera, welcome
from ui.tablet_session import _, draft, go, language, reload_if_asked, say, screen

STILL_THERE = {
    "title": N_("Still there?"),
    "body": N_("We'll start over in {seconds} seconds to keep your answers private."),
    "button": N_("I'm still here"),
}
WARN_SECONDS = 15
PHONE_WARN_SECONDS = 60
# Streamlit's own English (the link for keyboards and screen readers, the camera screen), as the
# client should read it.
STREAMLIT_WORDS = {
    "Skip to main content": N_("Skip to main content"),
    "Take Photo": N_("Take photo"),
    "Clear photo": N_("Clear photo"),
    "This app would like to use your camera.": N_("Please allow the camera to scan your card."),
    "Learn how to allow access.": N_("Or scan it under the scanner, or ask at the front desk."),
}
PHONE_WORDS = {  # a phone has no scanner
    **STREAMLIT_WORDS,
    "Learn how to allow access.": N_("Or go back and tap Forgot your card?"),
}

clinic = ready()
reload_if_asked()
location = this_location(clinic, "tablet")
# Only an enrolled tablet is a tablet (unlimited, kiosk_core.screens.own_phone); any other
# browser is a phone, whatever its address says: a phone's Welcome, narrow column and manners.
device, on_tablet = lobby_device(location.slug)
phone = not on_tablet
apply_kiosk_style("phone" if phone else "tablet")
if phone:
    follow_phone_language()
st.session_state.update(location_slug=location.slug, device=device, phone_screen=phone)


def plan_questions() -> None:
    """A client with an active care plan is also asked today's outcomes, right after pain: read
    once per client, then part of their draft (kiosk_core.care.outcomes)."""
    client_id = st.session_state.get("client_id")
    # Someone recognised without a card is shown nothing stored, a plan's activities included.
    if not client_id or st.session_state.get("without_card") or screen() not in ("same", "intake"):
        return
    if st.session_state.get("outcomes_for") != client_id:
        try:
            st.session_state["outcome_ask"] = tablet.outcome_questions(client_id=client_id)
        except KioskError as error:  # asked again on the next run; the intake goes on meanwhile
            say(error.said)
            return
        st.session_state["outcomes_for"] = client_id
    ask = st.session_state["outcome_ask"]
    draft().extra = ask.questions() if ask else ()


def check_in() -> None:
    """The last step's button: every answer checked again by the core, then the ticket."""
    if st.session_state.get("ticket"):  # a double tap: checked in by the first one
        go("result")
        return
    st.session_state["ticket"] = own_phone.check_in(
        clinic=clinic,
        location_slug=location.slug,
        client_id=st.session_state["client_id"],
        draft=draft(),
        device=device,
        language=language(),
        without_card=st.session_state.get("without_card", False),
        outcomes=st.session_state.get("outcome_ask"),
    )
    brought = st.session_state["documents_brought"] = tuple(draft().value("documents") or ())
    go("documents" if documents_desk.offer_at_tablet(brought=brought) else "result")


def intake() -> None:
    if draft().is_first and st.session_state.get("card_png"):
        show_new_card()
    intake_step(check_in)


SCREENS = {
    "welcome": lambda: (phone_welcome if phone else welcome)(clinic, location),
    "camera": camera,
    "register": lambda: register(clinic),
    "forgot": lambda: forgot(clinic),
    "same": same,
    "elsewhere": lambda: elsewhere(clinic, location),
    "intake": intake,
    "documents": documents_step,
    "result": result,
}
plan_questions()
SCREENS.get(screen(), SCREENS["welcome"])()

# The watcher in the browser scrolls up and focuses on a new screen, and resets an idle tablet.
name = f"{screen()}-{draft().step if screen() == 'intake' else ''}-{language()}"  # a new language is a new screen
if screen() == "result":
    idle, warn = settings.result_reset_seconds, 0
elif screen() == "welcome" and language() == (home_language() if phone else DEFAULT_LANGUAGE):
    idle, warn = 0, 0  # nothing to forget
else:
    idle, warn = settings.idle_reset_seconds, WARN_SECONDS
if phone and idle:  # a phone is personal: its answers, and its ticket, are kept longer
    idle, warn = settings.phone_idle_reset_seconds, PHONE_WARN_SECONDS
# A phone: no keyboard over the screen.
focus_on = {} if phone else {"welcome": "scan", "register": "reg_first_name", "forgot": "forgot_first_name"}
mark_screen(
    name,
    round_=st.session_state.get("round", 0),
    focus=focus_on.get(screen(), ""),
    idle_seconds=idle,
    warn_seconds=min(warn, idle // 2),
    still_there={key: _(text) for key, text in STILL_THERE.items()},
    streamlit_words={english: _(text) for english, text in (PHONE_WORDS if phone else STREAMLIT_WORDS).items()},
    words_in=(CAMERA_BOX,),
    language=language(),
    more_below=_("More questions below") if screen() in ("intake", "same") else "",
)
