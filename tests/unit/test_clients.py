"""What a walk-in may type at registration."""

import pytest

from kiosk_core.clients.registry import validate_client
from kiosk_core.errors import InvalidInput

OK = {"first_name": "Maria", "last_name": "Gonzalez", "phone": "(315) 555-0101"}


def problems_with(data: dict) -> dict[str, str]:
    """Field -> what to fix, as the form shows it (in English)."""
    with pytest.raises(InvalidInput) as caught:
        validate_client(data)
    return {field: str(problem) for field, problem in caught.value.problems.items()}


def test_a_good_registration_is_normalised():
    client = validate_client({**OK, "first_name": "  Maria  José ", "email": "Maria@Example.COM"})
    assert client.first_name == "Maria José"
    assert client.phone == "+13155550101"
    assert client.email == "maria@example.com"


@pytest.mark.parametrize("name", ["O'Brien", "Anne-Marie", "Nguyễn", "St. John", "Zoë"])
def test_real_names_are_accepted(name):
    assert validate_client({**OK, "last_name": name}).last_name == name


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"first_name": ""}, "first_name", "this is required"),
        ({"first_name": "   "}, "first_name", "this is required"),
        ({"first_name": "x" * 10_000}, "first_name", "keep it under 60 characters"),
        ({"last_name": "Robert'); DROP TABLE client;--"}, "last_name", "use letters"),
        ({"last_name": "R2D2"}, "last_name", "use letters"),
        ({"phone": "12345"}, "phone", "enter a phone number with its area code"),
        ({"phone": "call me maybe"}, "phone", "use digits only"),
        ({"phone": "", "email": ""}, "form", "phone number or an e-mail"),
        ({"email": "maria@"}, "email", "enter an e-mail"),
        ({"birth_date": "2999-01-01"}, "birth_date", "enter a real birth date"),
    ],
)
def test_bad_registrations_say_what_to_fix(change, field, message):
    assert message in problems_with({**OK, **change})[field]


@pytest.mark.parametrize("field", ["first_name", "last_name", "phone", "email"])
@pytest.mark.parametrize("character", ["\x00", "\t", "\n", "\u202e", "\u200b"], ids=repr)
def test_control_characters_inside_any_field_are_refused(field, character):
    value = {
        "first_name": "Ma{}ria",
        "last_name": "Gon{}zalez",
        "phone": "315{}5550101",
        "email": "ma{}ria@example.com",
    }
    data = {**OK, "email": "maria@example.com", field: value[field].format(character)}
    said = "use letters, spaces, hyphens or apostrophes" if "name" in field else "please remove special characters"
    assert problems_with(data) == {field: said}


def test_whitespace_around_a_value_is_trimmed_not_refused():
    client = validate_client({**OK, "first_name": "\tMaria\n", "email": " maria@example.com\r\n"})
    assert (client.first_name, client.email) == ("Maria", "maria@example.com")


def test_email_alone_is_enough():
    assert validate_client({"first_name": "Ben", "last_name": "Foster", "email": "ben@example.org"}).phone == ""
