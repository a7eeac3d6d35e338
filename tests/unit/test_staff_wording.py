"""Why this queue as staff read it: about the client, in the third person, a few words, in
English and Spanish, from the same codes the client's own words are made from."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.config import load_clinic
from kiosk_core.intake.routing import route
from kiosk_core.intake.staff_wording import STAFF_REASONS, staff_reason, staff_why
from kiosk_core.intake.wording import REASONS
from tests.factories import intake

POLICY = load_clinic().routing


@pytest.mark.parametrize(("answers", "english", "spanish"), [
    (intake(goal="relax", stress=8), "Wants to relax; stress 8/10", "Quiere relajarse; estrés 8/10"),
    (intake(goal="treat_problem", injury="last_6_weeks", pain=4),
     "Recent injury: in the last 6 weeks; wants one problem treated",
     "Lesión reciente: en las últimas 6 semanas; quiere tratar un problema concreto"),
    (intake(care={"referral"}, documents={"mri"}, pain=3),
     "Referred by their doctor; brought records: MRI or X-ray report",
     "Remitido por su médico; trajo documentos: Informe de resonancia o radiografía"),
])  # fmt: skip
def test_the_reasons_in_a_line_about_the_client(answers, english, spanish):
    reasons = list(route(answers, POLICY).reasons)
    assert staff_why(reasons, answers) == english
    assert staff_why(reasons, answers, "es") == spanish


def test_every_reason_code_has_staff_words():
    assert STAFF_REASONS.keys() == REASONS.keys()


@pytest.mark.parametrize("code", sorted(STAFF_REASONS))
@pytest.mark.parametrize("language", ["en", "es"])
def test_no_staff_reason_speaks_to_the_client(code, language):
    coded = {"code": code, "pain": 8, "stress": 9, "conditions": ["sciatica"]}
    said = staff_reason(coded, intake(), language).lower()
    assert "{" not in said and not {"you", "your", "usted", "su dolor"} & set(said.replace(";", " ").split())


def test_unknown_codes_and_old_sentences_read_as_stored():
    assert staff_why([{"code": "text", "text": "An old sentence."}]) == "An old sentence."
    assert staff_why([{"code": "no_such_code"}]) == "No_such_code"
    assert staff_why([{"code": "recent_surgery"}]) == "Recent surgery: recently"  # no intake to say when


@given(
    goal=st.sampled_from(["relax", "wellness", "treat_problem", "recover"]),
    pain=st.integers(0, 10),
    stress=st.integers(0, 10),
    injury=st.sampled_from(["none", "last_3_days", "last_6_weeks", "last_3_months", "last_year", "longer"]),
)
def test_every_routing_decision_has_a_staff_line_in_both_languages(goal, pain, stress, injury):
    answers = intake(goal=goal, pain=pain, stress=stress, injury=injury)
    reasons = list(route(answers, POLICY).reasons)
    for language in ("en", "es"):
        line = staff_why(reasons, answers, language)
        assert line and line[0] == line[0].upper() and "{" not in line
