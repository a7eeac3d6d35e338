"""The kiosk on a client's own phone: the addresses the tablet and the poster give out (from
KIOSK_PUBLIC_URL, or the address this screen was opened at), their QR codes, the random id a
phone's browser keeps so that check-ins from phones can be counted per phone, the enrolled
tablet's token in its address, and the phone's own language."""

import base64
import html
import re
import secrets
from urllib.parse import urlencode, urlsplit

import streamlit as st

from kiosk_core.checkin.ticket_links import qr_png
from kiosk_core.config import settings
from kiosk_core.errors import Unavailable
from kiosk_core.i18n import preferred_language
from kiosk_core.screens import own_phone
from kiosk_core.screens.own_phone import Device

DEVICE_COOKIE = "kiosk_device"
_DEVICE, _TABLET = "phone_device_id", "enrolled_tablet"
_DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
_YEAR = 365 * 24 * 3600


def _address() -> str:
    """The address in this browser (without its query), or "" where there is no browser."""
    url = st.context.url
    return url if isinstance(url, str) else ""


def on_phone() -> bool:
    """This check-in page is not on an enrolled tablet (as `lobby_device` found it): a phone."""
    known = st.session_state.get(_TABLET)
    return not (known and known[1])


def lobby_device(location_slug: str) -> tuple[Device, bool]:
    """This browser as the core admits it (the enrolled tablet's token from its address, the id a
    phone's browser keeps, its network address), and whether it is an enrolled tablet here: only
    for the screen's manners (idle times, focus); the core decides again at every request."""
    token = st.query_params.get("tablet", "")
    known = st.session_state.get(_TABLET)
    if known is None or known[0] != token:
        try:
            known = (token, own_phone.is_tablet(location_slug=location_slug, device=Device(tablet_token=token)))
        except Unavailable:
            known = (None, bool(token))  # asked again on the next run
        st.session_state[_TABLET] = known
    on_tablet = known[1]
    address = st.context.ip_address
    device = Device(
        tablet_token=token,
        phone_id="" if on_tablet else device_id(),
        address=address if isinstance(address, str) else "",
    )
    return device, on_tablet


def phone_language() -> str:
    """The language the phone's browser asks for (its Accept-Language header; else the browser's
    own locale): a page opened on a client's phone starts in it."""
    asked = st.context.headers.get("Accept-Language") or st.context.locale or ""
    return preferred_language(asked)


def public_base(page_path: str = "") -> str:
    """The kiosk's address for links given to phones, without a trailing slash. The setting, or
    the address in this browser (without `page_path`, the page it is on)."""
    if settings.public_url:
        return settings.public_url
    parts = urlsplit(_address())
    if not parts.scheme or not parts.netloc:
        return ""
    path = parts.path.rstrip("/")
    if page_path and path.endswith("/" + page_path):
        path = path[: -len(page_path) - 1]
    return f"{parts.scheme}://{parts.netloc}{path}"


def ticket_address(token: str, *, page_path: str = "") -> str:
    return f"{public_base(page_path)}/ticket?t={token}"


def checkin_address(location_slug: str, *, page_path: str = "") -> str:
    return f"{public_base(page_path)}/?{urlencode({'location': location_slug, 'device': 'phone'})}"


def short(address: str) -> str:
    """An address as a person reads and types it: the browser adds https:// by itself."""
    return address.removeprefix("https://")


def typed_ticket_address(token: str) -> str:
    """The ticket's address to read off a screen and type: the token in groups of five (the
    page reads it with or without the dashes)."""
    return short(ticket_address("-".join(token[i : i + 5] for i in range(0, len(token), 5))))


def qr_img(address: str, *, alt: str, css_class: str, box_size: int = 10) -> str:
    """An <img> of the address's QR code with its text alternative (escaped here)."""
    png = base64.b64encode(qr_png(address, box_size=box_size)).decode()
    return f'<img class="{css_class}" src="data:image/png;base64,{png}" alt="{html.escape(alt)}">'


def device_id() -> str:
    """This phone's random id: from its cookie, or a new one the browser is asked to keep for a
    year. The cookie reaches the server with the page's first request only, so a new id is also
    kept in the session until the page is opened again."""
    known = st.session_state.get(_DEVICE)
    if known:
        return known
    cookie = st.context.cookies.get(DEVICE_COOKIE)
    if isinstance(cookie, str) and _DEVICE_ID.match(cookie):
        st.session_state[_DEVICE] = cookie
        return cookie
    new = secrets.token_urlsafe(24)
    st.session_state[_DEVICE] = new
    secure = "; Secure" if _address().startswith("https://") else ""
    st.html(
        f'<script>document.cookie = "{DEVICE_COOKIE}={new}; Max-Age={_YEAR}; Path=/; SameSite=Lax{secure}";</script>',
        unsafe_allow_javascript=True,
    )
    return new
