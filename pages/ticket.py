"""The client's live ticket on their own phone (/ticket?t=TOKEN, from the code on the tablet's
ticket): the ticket, the queue, the first name, the place in line and the wait, refreshed by
itself; when called, "It's your turn" and where to go. No app and no sign-in: the unguessable
token in the address is the key, good until the end of the clinic day. Words are in the client's
language (the check-in's); before the ticket is found, in the phone's.
"""

import html
import json
import logging

import streamlit as st

from kiosk_core.checkin import ticket_links
from kiosk_core.checkin.ticket_links import LiveTicket
from kiosk_core.errors import KioskError, Unavailable
from kiosk_core.i18n import N_
from kiosk_core.screens import own_phone
from kiosk_core.visits.tv_calls import room_words
from ui.addresses import phone_language
from ui.kiosk_style import apply_kiosk_style
from ui.paced_refresh import paced
from ui.setup import ready
from ui.tablet_screens.phone_documents import send_documents
from ui.tablet_screens.result import place_and_wait_words
from ui.tablet_session import _, language, set_language

log = logging.getLogger("kiosk")
REFRESH_SECONDS = 2  # one small read per phone; "It's your turn" shows within this of the call
RECONNECTING = N_("Reconnecting… This page carries on by itself.")
CSS = """<style>
  .live { text-align: center; }
  .live .clinic { color: #444; font-size: 1.05rem; margin: 0 0 0.8rem; }
  .live .hello { font-size: 1.5rem; font-weight: 700; margin: 0 0 0.6rem; }
  .live .label { color: #444; font-size: 1.1rem; margin: 0; }
  .live .code { font-size: clamp(3.5rem, 22vw, 6rem); font-weight: 800; color: #1f5f7a; line-height: 1.1;
                letter-spacing: 0.04em; white-space: nowrap; }
  .live .queue { font-size: 1.25rem; margin: 0.2rem 0 1rem; }
  .live .place { font-size: 1.6rem; font-weight: 700; margin: 0 0 0.4rem; }
  .live .wait, .live .note, .live .message { font-size: 1.2rem; margin: 0 0 0.8rem; }
  .live .note { color: #444; font-size: 1.05rem; }
  .live .turn { background: #0b5d3b; color: #fff; border-radius: 1.1rem; padding: 1.4rem 1rem; margin-bottom: 1rem; }
  .live .turn h1 { color: #fff; font-size: 2.1rem !important; margin: 0 0 0.6rem; padding: 0; }
  .live .turn .where { color: #fff; font-size: 1.45rem; font-weight: 600; margin: 0; }
  .live .turn .code { color: #fff; }
</style>"""

clinic = ready()
apply_kiosk_style(page="phone")
st.html(CSS)
token = st.query_params.get("t", "")
if "lang" not in st.session_state:  # until the ticket says which: the phone's own language
    set_language(phone_language())


def where_to_go(ticket: LiveTicket) -> str:
    if ticket.room:
        return _("Please go to {room}.", room=room_words(ticket.room, language()))
    if ticket.therapist_first_name:
        return _("{therapist} is ready for you. Please go to the front desk.", therapist=ticket.therapist_first_name)
    return _("Please go to the front desk.")


def lines(ticket: LiveTicket) -> list[tuple[str, str]]:
    """(css class, text) of the ticket, as it stands. Texts are plain: escaped when drawn."""
    code = [("label", _("Your ticket")), ("code", ticket.ticket_code), ("queue", _(ticket.queue_label))]
    if ticket.state == "waiting":
        return [
            *([("hello", _("Hi, {first_name}", first_name=ticket.first_name))] if ticket.first_name else []),
            *code,
            *zip(("place", "wait"), place_and_wait_words(ticket.position or 1, ticket.wait), strict=True),
            ("note", _("This page updates by itself. Keep it open: it will tell you when it's your turn.")),
        ]
    if ticket.state == "with_therapist":
        message = _("You're with your therapist now. Enjoy your massage!")
    elif ticket.state == "finished":
        message = _("Your visit is done. Thank you for coming in!")  # no name: the visit is over
    else:
        message = _("This ticket isn't in the line any more. If that's a surprise, please ask at the front desk.")
    hello = [("hello", _("Hi, {first_name}", first_name=ticket.first_name))] if ticket.first_name else []
    return [*hello, *code, ("message", message)]


def draw(ticket: LiveTicket) -> None:
    set_language(ticket.language)
    top = f'<p class="clinic">{html.escape(clinic.clinic.name)}</p>'
    if ticket.state == "called":
        title = (
            _("It's your turn, {first_name}!", first_name=ticket.first_name)
            if ticket.first_name
            else _("It's your turn!")
        )
        body = (
            f'<div class="turn" role="alert" data-testid="your-turn"><h1>{html.escape(title)}</h1>'
            f'<p class="where">{html.escape(where_to_go(ticket))}</p>'
            f'<div class="code">{html.escape(ticket.ticket_code)}</div></div>'
        )
    else:
        body = "".join(f'<div class="{kind}">{html.escape(text)}</div>' for kind, text in lines(ticket))
        title = _("Your ticket") + " " + ticket.ticket_code
    st.html(
        f'<div class="live" data-state="{ticket.state}" role="status" aria-live="polite">{top}{body}</div>'
        f"<script>document.title = {script_string(title)};"
        f"document.documentElement.lang = {script_string(language())};</script>",
        unsafe_allow_javascript=True,
    )


def script_string(text: str) -> str:
    """A JavaScript string of any text: a name can't end the script."""
    return json.dumps(text).replace("<", "\\u003c")


def calm(text: str) -> None:
    st.html(
        f'<div class="live" role="status"><p class="clinic">{html.escape(clinic.clinic.name)}</p>'
        f'<p class="message">{html.escape(text)}</p></div>'
    )


try:
    opened = own_phone.live_ticket(token, clinic=clinic)
except ticket_links.LinkError as error:
    calm(error.said.in_language(language()))
    st.stop()
except Unavailable:
    opened = None  # the live part below says so, and carries on by itself
except Exception:
    log.exception("the live ticket page failed")
    calm(_(KioskError.message))
    st.stop()


@paced(REFRESH_SECONDS)
def live() -> None:
    try:
        ticket = own_phone.live_ticket(token, clinic=clinic)
    except ticket_links.LinkError:
        st.rerun(scope="app")  # expired while open: the page says so, and stops refreshing
    except Unavailable:
        calm(_(RECONNECTING))
        return
    except Exception:
        log.exception("the live ticket failed")
        calm(_(KioskError.message))  # and tries again at the next refresh
        return
    draw(ticket)


ticket_box = st.container()  # the ticket on top; the documents' part below it, drawn first
if opened and opened.state in ("waiting", "called", "with_therapist"):
    send_documents(token)
with ticket_box:
    live()
