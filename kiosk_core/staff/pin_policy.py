"""Which new PINs are accepted (pure): long enough, and not one of the PINs people guess first.

A lobby visitor gets five tries per name and source before a lockout; against a PIN drawn from
a million that is nothing, against "123456" or "111111" it is everything. Published analyses of
leaked PINs find the same shapes at the top: one digit repeated, a run up or down the keypad
row, a short block repeated ("121212", "123123"), and a few keypad patterns and dates. Those are
refused; existing PINs still sign in (4 to 8 digits) until they are changed.
"""

import re

_DIGITS = re.compile(r"[0-9]{4,8}")  # as kiosk_core.staff.therapists.PIN_PATTERN (which imports this)

# Keypad patterns and favourites among the most common PINs that the shape rules below miss.
COMMON = frozenset(
    {
        "1004", "2000", "2580", "1122", "5683", "0852", "1212", "6969",  # 4-digit favourites
        "159753", "147258", "258369", "789456", "456123", "159357", "753951", "852456",
        "142536", "102030", "112233", "123654", "124578", "696969", "520520", "131313",
        "147852", "321654", "741852", "963852", "198989", "199999", "110110", "100200",
    }
)  # fmt: skip
_ASCENDING, _DESCENDING = "0123456789", "9876543210"


def repeated_block(pin: str) -> bool:
    """The PIN is one short block said again: "111111", "121212", "123123", "12341234"."""
    return any(len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size) for size in range(1, len(pin) // 2 + 1))


def sequential(pin: str) -> bool:
    """A run up or down, wrapping at 9 ("123456", "654321", "890123")."""
    return pin in _ASCENDING * 2 or pin in _DESCENDING * 2


def mirrored(pin: str) -> bool:
    """Read the same both ways ("123321", "112211")."""
    return len(pin) >= 4 and pin == pin[::-1]


def new_pin_problem(pin: str, *, min_digits: int) -> str | None:
    """Why `pin` can't be a new PIN, in words for the staff screen; None if it can."""
    if not isinstance(pin, str) or _DIGITS.fullmatch(pin) is None or len(pin) < min_digits:
        return f"A new PIN is {min_digits} to 8 digits."
    if repeated_block(pin) or sequential(pin) or mirrored(pin) or pin in COMMON or a_date(pin):
        return "That PIN is one of the first people guess. Please choose another."
    return None


def a_date(pin: str) -> bool:
    """A year, a year and month, or a whole date ("1987", "198907", "19870314"): birthdays come first."""
    return bool(re.fullmatch(r"(19|20)\d\d((0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])?)?", pin))
