"""Large type, big touch targets and no developer chrome, for a tablet in a lobby."""

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
  [data-testid^="stBaseButton-pills"], [data-testid^="stBaseButton-segmented_control"] {
    min-height: 3.25rem; min-width: 3.25rem; padding: 0.4rem 1.1rem; font-size: 1.2rem;
  }
  [data-testid^="stBaseButton-pills"] p, [data-testid^="stBaseButton-segmented_control"] p { font-size: 1.2rem; }
  .stTextInput input { min-height: 3.25rem; font-size: 1.3rem; }
  .ticket { font-size: 6rem; font-weight: 800; letter-spacing: 0.05em; line-height: 1.1; color: #1f5f7a; }
  .scale-ends { display: flex; justify-content: space-between; color: #444; margin-top: -0.6rem; font-size: 1.05rem; }
</style>
"""


def apply_kiosk_style() -> None:
    st.html(_CSS)


def scale_ends(low: str, high: str) -> None:
    """Words under a 0-10 scale, so the numbers mean something."""
    st.html(f'<div class="scale-ends" aria-hidden="true"><span>{low}</span><span>{high}</span></div>')
