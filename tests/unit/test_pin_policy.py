"""Issue 21, finding 4: new PINs are long enough and none of the PINs people guess first
(before the fix, any 4 digits were accepted: 1111, 1234)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.staff.pin_policy import new_pin_problem, repeated_block, sequential

WEAK = "That PIN is one of the first people guess. Please choose another."


@pytest.mark.parametrize(
    ("pin", "min_digits", "problem"),
    [
        ("1111", 6, "A new PIN is 6 to 8 digits."),
        ("1234", 4, WEAK),
        ("48213", 6, "A new PIN is 6 to 8 digits."),
        ("123456789", 6, "A new PIN is 6 to 8 digits."),
        ("12a456", 6, "A new PIN is 6 to 8 digits."),
        ("١٢٣٤٥٦", 6, "A new PIN is 6 to 8 digits."),  # other scripts' digits
        ("111111", 6, WEAK),
        ("123456", 6, WEAK),
        ("654321", 6, WEAK),
        ("890123", 6, WEAK),  # a run that wraps
        ("121212", 6, WEAK),
        ("123123", 6, WEAK),
        ("12341234", 6, WEAK),
        ("123321", 6, WEAK),
        ("159753", 6, WEAK),  # a keypad pattern
        ("198907", 6, WEAK),  # a year and a month
        ("19870314", 6, WEAK),  # a birthday
        ("286413", 6, None),
        ("5083", 4, None),
        ("70492851", 6, None),
    ],
)
def test_new_pins(pin, min_digits, problem):
    assert new_pin_problem(pin, min_digits=min_digits) == problem


@given(st.text(alphabet="0123456789", min_size=1, max_size=4), st.integers(2, 4))
def test_a_block_said_again_is_always_refused(block, times):
    pin = (block * times)[:8]
    if len(pin) >= 6 and len(pin) % len(block) == 0:
        assert repeated_block(pin) and new_pin_problem(pin, min_digits=6) == WEAK


@given(st.integers(0, 9), st.integers(6, 8), st.booleans())
def test_every_run_up_or_down_is_refused(start, length, up):
    step = 1 if up else -1
    pin = "".join(str((start + step * i) % 10) for i in range(length))
    assert sequential(pin) and new_pin_problem(pin, min_digits=6) == WEAK


@given(st.text(alphabet="0123456789", min_size=6, max_size=8))
def test_whatever_is_accepted_is_long_and_not_a_first_guess(pin):
    if new_pin_problem(pin, min_digits=6) is None:
        assert len(pin) >= 6 and not repeated_block(pin) and not sequential(pin) and pin != pin[::-1]
