"""On the ticket screen: a QR code and a short address that open this visit's live ticket on the
client's own phone (on a phone already: a button to it)."""

import html
import logging

import streamlit as st

from kiosk_core.checkin.check_in import Ticket
from kiosk_core.screens import tablet
from ui.addresses import on_phone, qr_img, ticket_address, typed_ticket_address
from ui.tablet_session import _

log = logging.getLogger("kiosk")
_LINK = "ticket_link"


def _token(ticket: Ticket) -> str | None:
    """One link per ticket shown, made on first show; None if the database can't make one now
    (the ticket on screen is what matters)."""
    made = st.session_state.get(_LINK)
    if made and made[0] == ticket.visit_id:
        return made[1]
    try:
        token = tablet.ticket_link(visit_id=ticket.visit_id)
    except Exception:
        log.exception("no phone link for visit %s", ticket.visit_id)
        return None
    st.session_state[_LINK] = (ticket.visit_id, token)
    return token


def follow_on_phone(ticket: Ticket) -> None:
    token = _token(ticket)
    if token is None:
        return
    address = ticket_address(token)
    if on_phone():
        with st.container(key="follow_on_phone"):
            st.link_button(
                _("Follow my place in line"), address, type="primary", icon=":material/schedule:", width="stretch"
            )
            st.caption(_("This page shows your place in line and tells you when it's your turn. Keep it open."))
        return
    alt = _("QR code: scan it with your phone to follow your place in line")
    words = html.escape(_("Follow your place in line on your phone: scan this code, or go to"))
    st.html(
        f'<div class="phone-link">{qr_img(address, alt=alt, css_class="phone-link-code", box_size=6)}'
        f'<p>{words}<br><span class="phone-link-address">{html.escape(typed_ticket_address(token))}</span></p></div>'
        "<style>.phone-link { display: flex; align-items: center; gap: 1.2rem; margin: 0.4rem 0; }"
        ".phone-link-code { width: 180px; height: 180px; flex: none; }"
        ".phone-link p { font-size: 1.2rem; margin: 0; }"
        ".phone-link-address { font-family: monospace; font-size: 1.15rem; word-break: break-all; }</style>"
    )
