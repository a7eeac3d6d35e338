"""A care plan's diagnoses as a claim can carry them: each code once, at most twelve (CMS-1500 box
21, A-L); a wrong code is refused naming the nearest."""

import pytest

from kiosk_core.care.plans import DIAGNOSES_MAX, checked_plan
from kiosk_core.errors import InvalidInput
from tests.integration.care_setup import plan_form

TWELVE = ["M54.31", "M54.32", "M51.16", "M54.5", "M62.830", "M79.1", "M25.511", "M25.512", "M54.2", "M54.6",
          "M79.7", "G44.209"]  # fmt: skip


def test_a_code_given_twice_is_one_diagnosis():
    content, _notes = checked_plan(plan_form(diagnoses=["M54.31", "m54.31", "M51.16"]))
    assert [d.code for d in content.diagnoses] == ["M54.31", "M51.16"]


def test_twelve_codes_fit_a_claim_and_a_thirteenth_is_refused():
    assert len(checked_plan(plan_form(diagnoses=TWELVE))[0].diagnoses) == DIAGNOSES_MAX == 12
    with pytest.raises(InvalidInput) as refused:
        checked_plan(plan_form(diagnoses=[*TWELVE, "M79.604"]))
    assert set(refused.value.problems) == {"diagnoses"}
