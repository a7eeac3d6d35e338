"""Recognising a returning client without a card: one normal form for phones, e-mails and names,
and the rule for whose name is whose (kiosk_core.clients.identity)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.clients.identity import (
    Candidate,
    Matches,
    email_key,
    name_key,
    phone_key,
    same_first_name,
    same_person,
    tidy_name,
)
from kiosk_core.clients.registry import validate_client
from kiosk_core.errors import InvalidInput


@pytest.mark.parametrize(
    "typed",
    [
        "315 555 0142",
        "(315) 555-0142",
        "315.555.0142",
        "+1 315-555-0142",
        "1 315 555 0142",
        "+13155550142",
        "3155550142",
    ],
)
def test_a_us_number_is_one_number_however_it_is_typed(typed):
    assert phone_key(typed, "US") == "+13155550142"


def test_a_number_with_its_country_code_keeps_its_country():
    assert phone_key("+44 20 7946 0958", "US") == "+442079460958"
    assert phone_key("020 7946 0958", "GB") == "+442079460958"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("555-0142", "area code"),  # a local number: which area?
        ("315555014", "area code"),
        ("31555501420", "area code"),
        ("12", "area code"),
        ("1-800-FLOWERS", "digits only"),  # a keypad's letters are no number someone gives a clinic
        ("call me", "digits only"),
    ],
)
def test_what_is_no_phone_number_says_what_to_fix(typed, said):
    with pytest.raises(ValueError, match=said):
        phone_key(typed, "US")


def test_an_e_mail_is_compared_composed_and_in_lower_case():
    assert email_key("  Zoë@Example.COM ") == email_key("zoe\u0308@example.com") == "zoë@example.com"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Jose\u0301", "José"),  # e and a combining acute: the one letter é
        ("Anne\u2013Marie", "Anne-Marie"),  # an en dash, as phones type "-"
        ("Anne\u2014Marie", "Anne-Marie"),  # an em dash
        ("O\u2019Brien", "O'Brien"),  # a curly apostrophe
        ("Mary   Jane", "Mary Jane"),
    ],
)
def test_a_name_is_stored_in_one_spelling(typed, stored):
    assert tidy_name(typed) == stored
    assert validate_client({"first_name": typed, "last_name": "Lee", "phone": "3155550142"}).first_name == stored


@pytest.mark.parametrize("emoji", ["😀", "👍🏽", "❤️", "👨‍👩‍👧"])
@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_character_a_name_cannot_hold_gets_one_message_in_either_field(emoji, field):
    form = {"first_name": "Ana", "last_name": "Lee", "phone": "3155550142", field: f"Ana{emoji}"}
    with pytest.raises(InvalidInput) as refused:
        validate_client(form)
    assert {k: str(v) for k, v in refused.value.problems.items()} == {
        field: "use letters, spaces, hyphens or apostrophes"
    }


@pytest.mark.parametrize(
    ("one", "other"),
    [("José", "Jose"), ("NÚÑEZ", "nunez"), ("O'Brien", "OBrien"), ("Anne-Marie", "Anne Marie"), ("Zoë", "ZOE")],
)
def test_case_accents_and_marks_do_not_make_another_name(one, other):
    assert name_key(one) == name_key(other)


@given(st.text(alphabet=st.sampled_from("abcdeéñüAÉÑ '-"), min_size=1, max_size=20))
def test_composed_or_decomposed_upper_or_lower_is_one_key(name):
    for form in ("NFC", "NFD"):
        assert name_key(unicodedata.normalize(form, name)) == name_key(name.upper()) == name_key(name)


FAMILY = [Candidate(1, "Maria", "Lopez"), Candidate(2, "Mario", "Lopez"), Candidate(3, "Katherine", "Smith")]


@pytest.mark.parametrize(
    ("first", "last", "sure", "unsure"),
    [
        ("maria", "LÓPEZ", [1], [2]),  # equal when folded (her brother is only close: sure wins)
        ("Mario", "Lopez", [2], [1]),
        ("Katherine", "Smyth", [3], []),  # a last name typed wrong
        ("Katherine", "Smit", [3], []),
        ("Katharine", "Smith", [], [3]),  # a first name typed wrong: asked again, never taken
        ("Marie", "Lopez", [], [1, 2]),  # close to both on the family phone: asked again
        ("Ana", "Lopez", [], []),  # another person on the family phone: a new client
        ("Kathy", "Smith", [], []),  # a nickname is not close enough
        ("Catherine", "Smith", [], []),  # another initial
        ("Katherine", "Jones", [], []),  # another last name
    ],
)
def test_a_name_matches_only_the_same_person(first, last, sure, unsure):
    assert same_person(first, last, FAMILY) == Matches(sure, unsure)


def test_asked_again_only_an_equal_first_name_is_sure():
    assert same_first_name("maría", "Lopez", FAMILY) == [1]
    assert same_first_name("Marie", "Lopez", FAMILY) == []


def test_two_records_of_one_name_are_both_returned_for_the_caller_not_to_guess():
    twins = [Candidate(1, "Sam", "Lee"), Candidate(2, "Sam", "Lee")]
    assert same_person("Sam", "Lee", twins).sure == [1, 2]
