"""A problem under a registration field goes as soon as that field is fine; the others stay as
Continue left them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.screens.registration_form import FORM, problems_now, recheck

GOOD = {"first_name": "Nina", "last_name": "Alvarez", "phone": "315 555 0142", "email": ""}
EMPTY = {"first_name": "", "last_name": "", "phone": "", "email": ""}
# Every kind of problem marked at once: the names (Continue on an empty form), and no way to reach
# them (Continue with the names given: the form's own rule is checked once its fields are fine).
SHOWN = {**problems_now(EMPTY), **problems_now({**GOOD, "phone": ""})}


def words(problems: dict) -> dict[str, str]:
    return {field: str(problem) for field, problem in problems.items()}


def test_the_whole_form_is_checked_as_continue_checks_it():
    assert problems_now(GOOD) == {}
    assert words(problems_now(EMPTY)) == {"first_name": "this is required", "last_name": "this is required"}
    assert words(problems_now({**GOOD, "phone": ""})) == {FORM: "give a phone number or an e-mail so we can reach you"}


@pytest.mark.parametrize(
    ("typed", "changed", "still_shown"),
    [
        # the field now fine: its problem goes, the others stay
        ({"first_name": "Nina"}, "first_name", {"last_name", FORM}),
        ({"last_name": "Alvarez"}, "last_name", {"first_name", FORM}),
        # a phone or an e-mail settles the form's own problem
        ({"phone": "315 555 0142"}, "phone", {"first_name", "last_name"}),
        ({"email": "nina@example.com"}, "email", {"first_name", "last_name"}),
        # still wrong: it stays (in its new words, below)
        ({"first_name": "N1na"}, "first_name", {"first_name", "last_name", FORM}),
        ({"phone": "12"}, "phone", {"first_name", "last_name", "phone"}),  # under it instead of the form's
        # a field with no problem shown gets none while it is typed in
        ({"first_name": "Nina", "last_name": "Alvarez"}, "first_name", {"last_name", FORM}),
    ],
)
def test_after_a_change_only_that_fields_problem_is_looked_at_again(typed, changed, still_shown):
    shown = SHOWN
    assert set(recheck(shown, {**EMPTY, **typed}, changed)) == still_shown


def test_a_field_wrong_another_way_shows_the_new_words():
    shown = SHOWN
    assert str(recheck(shown, {**EMPTY, "first_name": "N1na"}, "first_name")["first_name"]) == (
        "use letters, spaces, hyphens or apostrophes"
    )
    assert str(recheck(shown, {**EMPTY, "phone": "12"}, "phone")["phone"]) == "enter a phone number with its area code"


def test_no_problem_shown_is_never_looked_up():
    assert recheck({}, {**EMPTY, "first_name": "N1na"}, "first_name") == {}


fields = st.sampled_from(["first_name", "last_name", "phone", "email"])


@given(st.dictionaries(fields, st.text(max_size=20)), fields)
def test_a_recheck_never_marks_a_field_that_was_not_marked(typed, changed):
    shown = SHOWN
    kept = recheck(shown, {**EMPTY, **typed}, changed)
    assert set(kept) <= set(shown) | {changed}
    assert changed not in kept or changed in problems_now({**EMPTY, **typed})
    assert {field: problem for field, problem in kept.items() if field not in (changed, FORM)} == {
        field: problem for field, problem in shown.items() if field not in (changed, FORM)
    }
