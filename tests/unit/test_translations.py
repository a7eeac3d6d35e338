"""Every client-facing message has its Spanish, and the catalogs match the code."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk_core.i18n import LANGUAGES, LOCALE_DIR, po_path, translate

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def catalog(language: str):
    with po_path(language).open("rb") as po:
        return read_po(po, locale=language)


def template_ids() -> set[str]:
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        return {message.id if isinstance(message.id, str) else message.id[0] for message in read_po(pot) if message.id}


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_every_message_has_a_translation(language):
    missing = [
        message.id
        for message in catalog(language)
        if message.id and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    assert missing == []


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_translations_keep_their_placeholders(language):
    for message in catalog(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= wanted, (message.id, string)


def test_the_template_holds_every_message_in_the_code(tmp_path):
    """A new message in the code fails here until `scripts/update-translations` is run."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            Path(sys.executable).parent / "pybabel",
            "--quiet",
            "extract",
            "-F",
            "babel.cfg",
            *[arg for keyword in KEYWORDS for arg in ("-k", keyword)],
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with fresh.open("rb") as pot:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    assert in_code == template_ids()
    assert in_code <= {m.id if isinstance(m.id, str) else m.id[0] for m in catalog("es") if m.id}


def test_english_is_the_message_itself_and_an_unknown_language_falls_back_to_it():
    assert translate("en", "Welcome to {location}", location="Downtown Syracuse") == "Welcome to Downtown Syracuse"
    assert translate("xx", "Next") == "Next"
    assert translate("es", "Next") != "Next"


KEYWORDS = re.findall(r"-k (\w+)", (ROOT / "scripts" / "update-translations").read_text())


MARKED = re.compile(r'\b(?:N_|_)\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]')


def test_every_marked_message_reaches_the_template():
    """Babel skips a marker nested inside another keyword's call; this finds any it skipped."""
    sources = [*ROOT.glob("kiosk_core/**/*.py"), *ROOT.glob("ui/**/*.py"), ROOT / "pages" / "checkin.py"]
    marked = {
        match.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        for path in sources
        if "staff" not in path.name
        for match in MARKED.findall(path.read_text(encoding="utf-8"))
    }
    assert marked - template_ids() == set()
