"""What a walk-in may type at registration."""

import pytest

from kiosk_core.clients import validate_client
from kiosk_core.errors import InvalidInput

OK = {"first_name": "Maria", "last_name": "Gonzalez", "phone": "(315) 555-0101"}


def test_a_good_registration_is_normalised():
    client = validate_client({**OK, "first_name": "  Maria  José ", "email": "Maria@Example.COM"})
    assert client.first_name == "Maria José"
    assert client.phone == "3155550101"
    assert client.email == "maria@example.com"


@pytest.mark.parametrize("name", ["O'Brien", "Anne-Marie", "Nguyễn", "St. John", "Zoë"])
def test_real_names_are_accepted(name):
    assert validate_client({**OK, "last_name": name}).last_name == name


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first_name": ""}, "first name: this is required"),
        ({"first_name": "   "}, "first name: this is required"),
        ({"first_name": "x" * 10_000}, "first name: keep it under 60 characters"),
        ({"last_name": "Robert'); DROP TABLE client;--"}, "last name: use letters"),
        ({"last_name": "R2D2"}, "last name: use letters"),
        ({"phone": "12345"}, "phone: enter a 10-digit phone number"),
        ({"phone": "call me maybe"}, "phone: use digits only"),
        ({"phone": "", "email": ""}, "phone number or an e-mail"),
        ({"email": "maria@"}, "email: enter an e-mail"),
        ({"birth_date": "2999-01-01"}, "birth date: enter a real birth date"),
    ],
)
def test_bad_registrations_say_what_to_fix(change, field):
    with pytest.raises(InvalidInput, match=field.replace("(", r"\(")):
        validate_client({**OK, **change})


def test_email_alone_is_enough():
    assert validate_client({"first_name": "Ben", "last_name": "Foster", "email": "ben@example.org"}).phone == ""
