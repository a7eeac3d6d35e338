"""One code per red flag: a safety answer raises the flag of its own code; every flag has its
words; migration 0009 renames the older flag codes one for one, and back."""

import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.config import load_clinic
from kiosk_core.intake.questions import SAFETY
from kiosk_core.intake.routing import red_flags
from kiosk_core.intake.wording import FLAG_NAMES, FLAGS
from kiosk_core.vocabulary import RedFlag
from tests.factories import intake

POLICY = load_clinic().routing
MIGRATION = importlib.import_module("kiosk_core.migrations.versions.0009_one_code_per_flag")
ANSWERS = [option.code for option in SAFETY if not option.exclusive]


@pytest.mark.parametrize("answer", ANSWERS)
def test_a_safety_answer_raises_the_flag_of_its_own_code(answer):
    assert [flag["code"] for flag in red_flags(intake(safety={answer}), POLICY)] == [answer]
    assert RedFlag(answer) is answer


def test_every_flag_has_its_words_and_its_name():
    assert set(FLAGS) == set(FLAG_NAMES) == set(RedFlag)


@pytest.mark.parametrize(("old", "new"), MIGRATION.RENAMED.items())
def test_each_older_code_becomes_a_flag_that_had_none_of_its_own(old, new):
    assert RedFlag(new) in ANSWERS
    with pytest.raises(ValueError):
        RedFlag(old)


OLD_CODES = [*MIGRATION.RENAMED, "recent_surgery", "severe_pain", "acute_injury", "blood_thinners", "text"]
old_flags = st.lists(
    st.fixed_dictionaries({"code": st.sampled_from(OLD_CODES)}, optional={"pain": st.integers(0, 10)}), max_size=6
)


@given(flags=old_flags, reviewed=st.lists(st.sampled_from(OLD_CODES), max_size=6))
def test_renaming_keeps_the_values_and_the_order_and_comes_back(flags, reviewed):
    new_flags, new_reviewed = MIGRATION.recoded(flags, reviewed, MIGRATION.RENAMED)
    assert [{k: v for k, v in f.items() if k != "code"} for f in new_flags] == [
        {k: v for k, v in f.items() if k != "code"} for f in flags
    ]
    assert not {f["code"] for f in new_flags} & set(MIGRATION.RENAMED)
    assert not set(new_reviewed) & set(MIGRATION.RENAMED)
    back = {new: old for old, new in MIGRATION.RENAMED.items()}
    assert MIGRATION.recoded(new_flags, new_reviewed, back) == (flags, reviewed)
