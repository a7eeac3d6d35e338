"""Rules for text people type: what the kiosk refuses before it is stored or shown."""

import unicodedata

from kiosk_core.i18n import N_

# Cc: control characters (NUL, tab, newline, escape...). Cf: invisible format characters
# (bidi overrides that reverse how a name reads, zero-width joiners). Cs: lone surrogates, which
# no database can store. Zl/Zp: the Unicode line and paragraph separators, newlines by another name.
# A NUL alone made PostgreSQL raise DataError; a bidi override makes staff screens lie.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def no_control_characters(value: str) -> str:
    """`value` unchanged, or ValueError if it holds a control or invisible formatting character.

    The ordinary space is a separator (Zs) and stays allowed.
    """
    if any(unicodedata.category(character) in _REFUSED_CATEGORIES for character in value):
        raise ValueError(N_("please remove special characters"))
    return value
