"""What a claim needs beyond the check-in, checked before it is stored: an address of plain lines,
a real date of birth, credentials as printed, an NPI with its check digit."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.errors import InvalidInput
from kiosk_core.records.billing_details import (
    ADDRESS_MAX,
    check_birth_date,
    clean_address,
    clean_credentials,
    clean_npi,
)
from kiosk_core.text import no_control_characters

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("12 Main St\nSyracuse, NY 13212", "12 Main St\nSyracuse, NY 13212"),
        ("  12   Main St \n\n  Syracuse,  NY 13212  ", "12 Main St\nSyracuse, NY 13212"),
        ("Calle Nu\u0301n\u0303ez 4", "Calle Núñez 4"),  # composed: one spelling
        ("12\tMain St", "12 Main St"),
        ("", ""),
    ],
)
def test_an_address_is_kept_as_plain_lines(typed, stored):
    assert clean_address(typed) == stored


@pytest.mark.parametrize("typed", ["12 Main\x00 St", "12 Main St\u202e", "x" * (ADDRESS_MAX + 1)])
def test_an_address_with_a_hidden_character_or_too_long_is_refused_naming_the_field(typed):
    with pytest.raises(InvalidInput) as refused:
        clean_address(typed)
    assert set(refused.value.problems) == {"address"}


@given(st.text(max_size=300))
def test_whatever_is_typed_an_address_is_stored_clean_or_refused(typed):
    try:
        stored = clean_address(typed)
    except InvalidInput:
        return
    assert len(stored) <= ADDRESS_MAX
    no_control_characters(stored.replace("\n", " "))
    assert clean_address(stored) == stored


@pytest.mark.parametrize(
    ("born", "ok"),
    [(None, True), (date(1980, 4, 5), True), (TODAY, True), (date(1900, 1, 1), True),
     (date(1899, 12, 31), False), (date(2026, 12, 7), False)],
)  # fmt: skip
def test_a_date_of_birth_is_a_real_one(born, ok):
    if ok:
        assert check_birth_date(born, TODAY) == born
    else:
        with pytest.raises(InvalidInput):
            check_birth_date(born, TODAY)


@pytest.mark.parametrize(
    ("typed", "stored"), [("LMT", "LMT"), (" LMT,  NCBTMB ", "LMT, NCBTMB"), ("L.M.T.", "L.M.T."), ("", "")]
)
def test_credentials_are_kept_as_printed(typed, stored):
    assert clean_credentials(typed) == stored


@pytest.mark.parametrize("typed", ["<b>LMT</b>", "=HYPERLINK()", "L" * 41])
def test_credentials_that_could_not_print_as_text_are_refused(typed):
    with pytest.raises(InvalidInput):
        clean_credentials(typed)


@pytest.mark.parametrize(
    ("typed", "stored"), [("1000000004", "1000000004"), (" 1999 999 992 ", "1999999992"), ("", "")]
)
def test_an_npi_with_its_check_digit_is_kept(typed, stored):
    assert clean_npi(typed) == stored


@pytest.mark.parametrize("typed", ["1000000005", "123456789", "１０００００００04", "10000000041"])
def test_an_npi_without_its_check_digit_is_refused(typed):
    with pytest.raises(InvalidInput) as refused:
        clean_npi(typed)
    assert set(refused.value.problems) == {"npi"}
