"""The live ticket's link token: random enough, stored hashed, read forgivingly, and good until
the end of the clinic day (23 or 25 hours on the days the clocks change)."""

import hashlib
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk_core.checkin import ticket_links
from kiosk_core.checkin.ticket_links import (
    ALPHABET,
    TOKEN_BITS,
    GarbledLink,
    link_expiry,
    new_token,
    parse_token,
    token_hash,
)

NY = ZoneInfo("America/New_York")


def test_a_token_carries_at_least_96_random_bits_from_the_operating_system(monkeypatch):
    asked = []
    real = ticket_links.secrets.randbits
    monkeypatch.setattr(ticket_links.secrets, "randbits", lambda bits: asked.append(bits) or real(bits))
    token = new_token()
    assert asked == [TOKEN_BITS] and TOKEN_BITS >= 96
    assert len(token) * 5 == TOKEN_BITS and set(token) <= set(ALPHABET)


def test_every_bit_reaches_the_token(monkeypatch):
    monkeypatch.setattr(ticket_links.secrets, "randbits", lambda bits: 0)
    assert new_token() == "a" * 20
    monkeypatch.setattr(ticket_links.secrets, "randbits", lambda bits: 2**bits - 1)
    assert new_token() == "7" * 20
    monkeypatch.setattr(ticket_links.secrets, "randbits", lambda bits: 1 << (bits - 1))
    assert new_token() == "a" * 19 + "q"  # the top bit lands in the last character


def test_tokens_do_not_repeat_and_use_every_symbol_in_every_place():
    tokens = [new_token() for _ in range(5000)]
    assert len(set(tokens)) == len(tokens)
    for place in range(20):
        assert {token[place] for token in tokens} == set(ALPHABET)


def test_only_a_sha256_of_the_token_is_kept():
    token = new_token()
    assert token_hash(token) == hashlib.sha256(token.encode()).hexdigest()
    assert token not in token_hash(token) and len(token_hash(token)) == 64


@pytest.mark.parametrize(
    "typed", ["ABCDEFGHIJKLMNOPQRST", " abcde-fghij-klmno-pqrst\n", "abcde fghij klmno pqrst", "abcdefghijklmnopqrst"]
)
def test_case_spaces_and_dashes_are_forgiven(typed):
    assert parse_token(typed) == "abcdefghijklmnopqrst"


@pytest.mark.parametrize(
    "garbled",
    [
        "",
        "abcdefghijklmnopqrs",  # one short
        "abcdefghijklmnopqrstu",  # one too many
        "abcdefghijklmnopqrs0",  # 0, 1, 8 and 9 are not base32
        "abcdefghijklmnopqrs1",
        "abcdefghijklmnopqrsé",
        "abcdefghij<script>x",
        "a" * 101,
        "a" * 100_000,
        None,
        ["abcdefghijklmnopqrst"],
    ],
)
def test_anything_else_is_garbled(garbled):
    with pytest.raises(GarbledLink):
        parse_token(garbled)


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2026, 11, 23), datetime(2026, 11, 24, 5, 0, tzinfo=UTC)),  # midnight EST
        (date(2026, 7, 1), datetime(2026, 7, 2, 4, 0, tzinfo=UTC)),  # midnight EDT
        (date(2026, 3, 7), datetime(2026, 3, 8, 5, 0, tzinfo=UTC)),  # the night before spring forward
        (date(2026, 3, 8), datetime(2026, 3, 9, 4, 0, tzinfo=UTC)),  # spring forward: a 23-hour day
        (date(2026, 10, 31), datetime(2026, 11, 1, 4, 0, tzinfo=UTC)),  # the night before fall back
        (date(2026, 11, 1), datetime(2026, 11, 2, 5, 0, tzinfo=UTC)),  # fall back: a 25-hour day
        (date(2026, 12, 31), datetime(2027, 1, 1, 5, 0, tzinfo=UTC)),  # a new year
    ],
)
def test_a_link_expires_at_the_end_of_its_clinic_day(day, end):
    assert link_expiry(day, NY) == end


def test_the_end_of_the_day_is_the_clinics_whatever_the_server_zone():
    assert link_expiry(date(2026, 11, 23), ZoneInfo("Asia/Tokyo")) == datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert link_expiry(date(2026, 11, 23), NY) == datetime(2026, 11, 24, 0, 0, tzinfo=NY)
