"""Large type, big touch targets and no developer chrome, for a tablet in a lobby."""

import re

import streamlit as st

_CSS = """
<style>
  [data-testid="stStatusWidget"], [data-testid="stToolbar"], [data-testid="stDecoration"] { display: none; }
  header[data-testid="stHeader"] { background: transparent; height: 0; }
  .block-container { padding-top: 2rem; padding-bottom: 3rem; max-width: 1100px; }
  h1 { font-size: 2.6rem !important; }
  h2 { font-size: 2rem !important; }
  p, li, label, .stMarkdown { font-size: 1.2rem; }
  .stButton button, .stDownloadButton button {
    min-height: 3.75rem; padding: 0.6rem 1.6rem; border-radius: 0.9rem; font-size: 1.3rem;
  }
  .stButton button p, .stDownloadButton button p { font-size: 1.3rem; }
  button[data-variant="pills"], button[data-variant="segmented_control"] {
    min-height: 3.4rem; min-width: 3.4rem; padding: 0.4rem 1.2rem;
  }
  button[data-variant="pills"] p, button[data-variant="segmented_control"] p { font-size: 1.25rem; }
  button[data-variant][aria-checked="true"] { background: #1f5f7a !important; border-color: #1f5f7a !important; }
  button[data-variant][aria-checked="true"] p { color: #ffffff !important; }
  [data-testid="stWidgetLabel"] p { font-size: 1.3rem; font-weight: 600; }
  .stTextInput input { min-height: 3.25rem; font-size: 1.3rem; }
  .ticket {
    white-space: nowrap; font-size: clamp(4rem, 10vw, 7rem); font-weight: 800;
    letter-spacing: 0.05em; line-height: 1.1; color: #1f5f7a;
  }
  .ticket-label { font-size: 1.3rem; color: #444; }
  .scale-ends { display: flex; justify-content: space-between; color: #444; margin-top: -0.6rem; font-size: 1.05rem; }
</style>
"""


# Installed once per page load: whenever the step marker (see ui.tablet.mark_step) changes,
# scroll back to the top and put the cursor in the field it names, if any. Streamlit runs a
# script only when its element first mounts, so a per-step script would not run again.
_STEP_SCRIPT = """
<script>
if (!window.kioskStepWatch) {
  window.kioskStepWatch = true;
  let done = null;
  const apply = () => {
    const marker = document.querySelector("[data-kiosk-step]");
    if (!marker) return;
    const wanted = marker.getAttribute("data-kiosk-step");
    if (wanted === done) return;
    const label = marker.getAttribute("data-kiosk-focus");
    const field = label && document.querySelector(`input[aria-label="${label}"]`);
    if (label && !field) return;
    done = wanted;
    const scrollers = document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]');
    for (const el of [document.scrollingElement, ...scrollers]) { if (el) el.scrollTop = 0; }
    if (field) field.focus();
  };
  new MutationObserver(apply).observe(document.body, { childList: true, subtree: true, attributes: true });
  apply();
}
</script>
"""


def apply_kiosk_style() -> None:
    st.html(_CSS + _STEP_SCRIPT, unsafe_allow_javascript=True)


def plain_text(text: str) -> str:
    """Text a client typed, shown as itself: no links, images or formatting from Markdown."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~:$])", r"\\\1", text)


def scale_ends(low: str, high: str) -> None:
    """Words under a 0-10 scale, so the numbers mean something."""
    st.html(f'<div class="scale-ends" aria-hidden="true"><span>{low}</span><span>{high}</span></div>')
