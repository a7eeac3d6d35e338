"""The styles and scripts the pages inject with st.html reach the browser whole."""

import re
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"
# Streamlit sanitizes st.html with DOMPurify, which drops a whole <style> or <script> whose text
# has "<" before a letter, "/" or "!" (as markup might): a comment saying `<style>` once took the
# kiosk's style and watcher script off the page, silently.
MARKUP_LIKE = re.compile(r"<[/\w!]")


@pytest.mark.parametrize("path", sorted([*UI.glob("*.css"), *UI.glob("*.js")]), ids=lambda p: p.name)
def test_no_text_that_looks_like_markup(path):
    lines = [f"{number}: {line.strip()}" for number, line in enumerate(path.read_text().splitlines(), 1)]
    found = [line for line in lines if MARKUP_LIKE.search(line.split(": ", 1)[1])]
    assert not found, f"ui/{path.name}: st.html would drop it:\n" + "\n".join(found)
