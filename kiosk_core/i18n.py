"""Words are data: English message ids in the code, their translations in gettext catalogs.

Core code marks text with `N_` (extracted by Babel, translated only when shown); the screens
turn a message id into the reader's language with `translator(language)`. The `.po` files are
read directly (compiled in memory once per process), so there is no build step to forget.
"""

import gettext
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"
# Each language's own name, as a client looks for it on the Welcome screen.
LANGUAGES = {"en": "English", "es": "Español"}


def N_(message: str) -> str:
    """Mark a message for translation where it is defined; it is translated when shown."""
    return message


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=len(LANGUAGES))
def translator(language: str) -> gettext.NullTranslations:
    """The catalog for `language`; English (the message ids themselves) for any other."""
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return gettext.NullTranslations()
    with po_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translate(language: str, message: str, /, **values: object) -> str:
    """`message` in `language`, with `{name}` placeholders filled from `values`."""
    text = translator(language).gettext(message)
    return text.format(**values) if values else text


def translate_plural(language: str, singular: str, plural: str, count: int, /, **values: object) -> str:
    return translator(language).ngettext(singular, plural, count).format(count=count, **values)


@dataclass(frozen=True)
class Message:
    """A message id and its values, kept as data until someone reads it."""

    text: str
    values: dict[str, object] = field(default_factory=dict)

    def in_language(self, language: str) -> str:
        return translate(language, self.text, **self.values)

    def __str__(self) -> str:
        return self.in_language(DEFAULT_LANGUAGE)
