"""The one rule for typed text: no control or invisible formatting characters."""

import pytest

from kiosk_core.text import no_control_characters


@pytest.mark.parametrize(
    "value",
    [
        "Maria José",
        "O'Brien",
        "Nguyễn Thị",
        "Zoë-Ann",
        "name@example.com",
        "(315) 555-0101",
        "non\u00a0breaking",
        "😀",
        "",
    ],
)
def test_ordinary_text_passes_unchanged(value):
    assert no_control_characters(value) == value


@pytest.mark.parametrize(
    "character",
    [
        "\x00",  # NUL: PostgreSQL refuses it in text
        "\t",
        "\n",
        "\r",
        "\x1b",  # escape: terminal colours in a log
        "\x7f",
        "\x85",  # next line
        "\u202e",  # right-to-left override: "Ann\u202enoJ" shows as "AnnJon"
        "\u2066",  # left-to-right isolate
        "\u200b",  # zero-width space
        "\ufeff",  # byte order mark
        "\u2028",  # line separator
        "\ud800",  # a lone surrogate: no database can encode it
    ],
    ids=repr,
)
def test_control_and_formatting_characters_are_refused(character):
    with pytest.raises(ValueError, match="please remove special characters"):
        no_control_characters(f"Ann{character}Jones")
