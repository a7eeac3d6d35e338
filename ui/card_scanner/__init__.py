"""The live card scanner: a Streamlit component that reads the card's QR code from the camera's
video in the browser and hands Python only the text it read (see scanner.js)."""

from collections.abc import Callable
from pathlib import Path

import streamlit as st

HERE = Path(__file__).parent
# Served by Streamlit from static/ (server.enableStaticServing); scripts/vendor-zxing-wasm.
ZXING = "app/static/zxing-wasm/"
GIVE_UP_SECONDS = 20  # nothing read for this long: the photo, and the server's stronger decoder

_component = st.components.v2.component(
    "card_scanner",
    html='<div class="card-scanner"><video muted playsinline autoplay></video></div>',
    css=(HERE / "scanner.css").read_text(),
    js=(HERE / "scanner.js").read_text(),
)


def _static_url(path: str) -> str:
    """An address on this server, under the base path Streamlit may be served from."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{path}" if base else f"/{path}"


def card_scanner(*, key: str, label: str, on_scanned: Callable[[], None], on_unavailable: Callable[[], None]) -> None:
    """Show the camera and read cards from it. `on_scanned` runs with the text in
    st.session_state[key]["scanned"]; `on_unavailable` when this browser can't scan (no camera,
    no decoder) or read nothing for GIVE_UP_SECONDS (the why in ...["unavailable"])."""
    _component(
        key=key,
        data={
            "label": label,
            "give_up_ms": GIVE_UP_SECONDS * 1000,
            "zxing": {
                "script": _static_url(ZXING + "zxing-reader.iife.js"),
                "wasm": _static_url(ZXING + "zxing_reader.wasm"),
            },
        },
        on_scanned_change=on_scanned,
        on_unavailable_change=on_unavailable,
    )
