"""A poster for the lobby wall (staff only; print it): a big QR code that opens this location's
check-in on the client's own phone (the tablet's journey and queue, with phone check-ins limited
per phone and per location), in every language the kiosk speaks."""

import html

import streamlit as st

from kiosk_core.i18n import LANGUAGES, N_, translate
from kiosk_core.staff.roles import Need
from ui.addresses import checkin_address, public_base, qr_img, short
from ui.setup import ready
from ui.staff_gate import plain_note, require_staff, staff_idle_watch

PAGE = "poster"
WORDS = (
    ("title", N_("Check in from your phone")),
    ("step", N_("Scan this code with your phone's camera.")),
    ("step", N_("Answer a few questions. Your phone then shows your place in line and tells you when it's your turn.")),
    ("or", N_("Or type this address:")),
)
CSS = """<style>
  .poster { text-align: center; border: 2px solid #1f5f7a; border-radius: 1rem; padding: 1.5rem; background: #fff; }
  .poster .clinic { font-size: 1.6rem; margin: 0; color: #333; }
  .poster .place { font-size: 2.2rem; font-weight: 800; margin: 0 0 0.8rem; color: #1f5f7a; }
  .poster .poster-code { width: min(22rem, 80vw); height: auto; image-rendering: pixelated; }
  .poster .languages { display: flex; gap: 2rem; justify-content: center; flex-wrap: wrap; text-align: left; }
  .poster .language { flex: 1 1 16rem; max-width: 26rem; }
  .poster .title { font-size: 1.7rem; font-weight: 800; margin: 0.6rem 0; }
  .poster .step, .poster .or { font-size: 1.2rem; margin: 0 0 0.5rem; }
  .poster .address { font-family: monospace; font-size: 1.2rem; word-break: break-all; margin-top: 0.8rem; }
  .print-poster { min-height: 3rem; padding: 0.5rem 1.4rem; border-radius: 0.7rem; border: 1px solid #1f5f7a;
                  background: #1f5f7a; color: #fff; font-size: 1.1rem; cursor: pointer; }
  @media print {
    body * { visibility: hidden; }
    .poster, .poster * { visibility: visible; }
    .poster { position: absolute; left: 0; top: 0; width: 100%; border: 0; }
  }
</style>"""

clinic = ready()
member, who = require_staff(Need.POSTER, "Check-in poster")
staff_idle_watch()
st.html(CSS)

places = {location.slug: location for location in clinic.locations}
slug = st.selectbox(
    "Location",
    list(places),
    index=list(places).index(who.location_slug) if who.location_slug in places else 0,
    format_func=lambda s: places[s].name,
    key="poster_location",
)
location = places[slug]
if not public_base(PAGE):
    plain_note("This screen can't tell the kiosk's address: set KIOSK_PUBLIC_URL (e.g. https://kiosk.example.com).")
    st.stop()
address = checkin_address(location.slug, page_path=PAGE)
st.html(
    '<button type="button" class="print-poster" onclick="window.print()">Print poster</button>',
    unsafe_allow_javascript=True,
)
alt = " / ".join(translate(language, N_("QR code: check in on your phone")) for language in LANGUAGES)
columns = "".join(
    '<div class="language" lang="{}">{}</div>'.format(
        language, "".join(f'<p class="{kind}">{html.escape(translate(language, text))}</p>' for kind, text in WORDS)
    )
    for language in LANGUAGES
)
st.html(
    f'<div class="poster" data-testid="poster"><p class="clinic">{html.escape(clinic.clinic.name)}</p>'
    f'<p class="place">{html.escape(location.name)}</p>'
    f"{qr_img(address, alt=alt, css_class='poster-code', box_size=12)}"
    f'<div class="languages">{columns}</div>'
    f'<p class="address">{html.escape(short(address))}</p></div>'
)
