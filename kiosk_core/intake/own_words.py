"""Red flags in a client's own words: the free-text answers read for the phrases of
kiosk_core.intake.flag_words, so that "I had a fever last night" written under "Something
else?" asks for a therapist's review as the tapped answer would. Pure.

A hit is a flag like a tapped one, with the client's clause beside it (`{"code": ..., "words":
...}`): the therapist reads what they wrote. Matching ignores case and accents and reads whole
words only ("flu" is not in "fluid"); a negation shortly before the phrase in the same clause
("no fever", "sin fiebre") means the client doesn't have it.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from kiosk_core.intake import flag_words
from kiosk_core.vocabulary import RedFlag

WORDS_SHOWN = 120  # the most of a client's clause a flag keeps to show
_CLAUSES = re.compile(r"[.;:!?¡¿\n]+|,|\b(?:but|pero|aunque|though)\b", re.IGNORECASE)


def folded_words(text: str) -> list[str]:
    """The text as lower-case words without accents or apostrophes ("Don't" -> "dont")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("'", "")
    return re.findall(r"[^\W_]+", plain)


def _phrases(words: dict[RedFlag, tuple[str, ...]]) -> list[tuple[RedFlag, list[str]]]:
    return [(flag, folded_words(phrase)) for flag, phrases in words.items() for phrase in phrases]


@cache
def _catalog_phrases() -> list[tuple[RedFlag, list[str]]]:
    # Folded once: folding the catalog's phrases on every check-in cost a PostgreSQL check-in a tenth of its time.
    return _phrases(flag_words.FLAG_WORDS)


def _found(clause: list[str], phrase: list[str]) -> bool:
    """The phrase in the clause's words, not after a negation within reach."""
    size = len(phrase)
    for start in range(len(clause) - size + 1):
        if clause[start : start + size] == phrase:
            before = clause[max(0, start - flag_words.NEGATION_REACH) : start]
            if not flag_words.NEGATIONS.intersection(before):
                return True
    return False


def flags_in_words(texts: Iterable[str], words: dict[RedFlag, tuple[str, ...]] | None = None) -> list[dict]:
    """One flag per red flag the texts name, in catalog order, each with the first clause that
    names it, as the client wrote it."""
    texts = [text for text in texts if text and text.strip()]
    if not texts:
        return []
    phrases = _catalog_phrases() if words is None else _phrases(words)
    raised: dict[RedFlag, str] = {}
    for text in texts:
        for clause in _CLAUSES.split(text):
            folded = folded_words(clause or "")
            for flag, phrase in phrases:
                if flag not in raised and phrase and _found(folded, phrase):
                    raised[flag] = " ".join(clause.split())[:WORDS_SHOWN]
    order = list(RedFlag)
    return [
        {"code": flag, "words": said} for flag, said in sorted(raised.items(), key=lambda item: order.index(item[0]))
    ]
