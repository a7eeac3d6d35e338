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


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with its plural, for ngettext when shown (extracted as one plural entry)."""
    return singular, plural


def preferred_language(accept_language: str) -> str:
    """The first of our languages a browser's Accept-Language header asks for, by its q-values
    (ties in the header's order); the default when it asks for none of them or is garbled."""
    ranked = []
    for position, item in enumerate(accept_language.split(",")):
        tag, *parameters = (part.strip() for part in item.split(";"))
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        code = tag.split("-")[0].split("_")[0].lower()
        if code in LANGUAGES and 0 < weight <= 1:
            ranked.append((-weight, position, code))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


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
