"""The phone's own language, from the Accept-Language header its browser sends (the own-phone
check-in and the live ticket open in it)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.i18n import DEFAULT_LANGUAGE, LANGUAGES, preferred_language


@pytest.mark.parametrize(
    ("header", "language"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "es"),
        ("es-US,es;q=0.9", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("es", "es"),
        ("ES-mx", "es"),
        ("es_MX", "es"),
        ("fr-FR,fr;q=0.9,es;q=0.8,en;q=0.5", "es"),  # the first of ours it asks for
        ("en;q=0.5,es;q=0.8", "es"),  # by weight, not by place
        ("es;q=0.8,en;q=0.8", "es"),  # a tie: the header's order
        ("es;q=0,en;q=0.3", "en"),  # q=0: "not this one"
        ("fr-FR,de", DEFAULT_LANGUAGE),
        ("*", DEFAULT_LANGUAGE),
        ("", DEFAULT_LANGUAGE),
        ("es;q=abc", DEFAULT_LANGUAGE),
        ("es;q=nan,en;q=0.1", "en"),
        ("es;q=2", DEFAULT_LANGUAGE),
        (";;,,;q=", DEFAULT_LANGUAGE),
    ],
)
def test_the_phone_gets_the_first_of_our_languages_it_asks_for(header, language):
    assert preferred_language(header) == language


@given(st.text(max_size=200))
def test_any_header_gives_one_of_our_languages(header):
    assert preferred_language(header) in LANGUAGES
