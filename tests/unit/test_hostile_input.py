"""Input of the wrong type, as a browser or a widget might send it, is refused with the tablet's
own words, never an exception (found by bench/fuzz.py)."""

import pytest

from kiosk_core.clients import cards
from kiosk_core.errors import InvalidInput
from kiosk_core.intake.draft import Draft
from tests.unit.test_cards import blank_png


@pytest.mark.parametrize("raw", [None, 5, False, b"KQ1", ["KQ1"], {"scanned": "KQ1"}])
def test_a_scan_that_is_no_text_is_unreadable(raw):
    with pytest.raises(cards.UnreadableCode):
        cards.parse_payload(raw)


@pytest.mark.parametrize("picture", [None, "a picture", 5, [blank_png(8, 8)]])
def test_a_picture_that_is_no_bytes_is_unreadable(picture):
    with pytest.raises(cards.UnreadableCode):
        cards.decode_picture(picture)


@pytest.mark.parametrize("value", [5, 3.5, True, "neck", {"neck": 1}, [["neck"]], [1, 2], b"neck"])
def test_a_several_choice_answer_that_is_no_list_of_codes_is_kept_and_refused(value):
    draft = Draft()
    draft.answer("areas", value)
    assert draft.value("areas") == value  # kept as given, not split into letters or dropped
    assert str(draft.problems("body")["areas"]) == "Please choose from the list."
    draft.answer("areas", ["neck"])  # the next tap replaces it
    assert draft.value("areas") == ["neck"]


@pytest.mark.parametrize("nothing", [None, "", [], (), 0, False])
def test_nothing_chosen_in_an_optional_several_choice_question_is_no_answer(nothing):
    draft = Draft(answers={"goal": "relax", "pain": 2, "stress": 3, "safety": ["none"]})
    draft.answer("documents", nothing)
    assert draft.value("documents") == []
    assert draft.intake().documents == frozenset()


def test_a_wrong_answer_sends_the_client_back_to_its_step():
    draft = Draft(answers={"goal": "relax", "pain": 2, "stress": 3, "safety": ["none"]})
    draft.answer("conditions", [["sciatica"]])
    with pytest.raises(InvalidInput) as refused:
        draft.intake()
    assert "conditions" in refused.value.problems and draft.step == "body"
