"""A plan's recurrence (dateutil.rrule), the NPI check digit, ICD-10-CM codes from the real code
set, and the note's pure parts: S from an intake, the minutes split, what signing needs."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.care import diagnoses
from kiosk_core.care.npi import luhn_valid, valid_npi
from kiosk_core.care.schedule import Frequency, next_visit_due, planned_dates, reassessment_due
from kiosk_core.care.soap import NoteContent, checked, missing_to_sign, split_minutes, subjective
from kiosk_core.errors import InvalidInput
from tests.factories import intake

MON = date(2026, 11, 2)


@pytest.mark.parametrize(
    ("frequency", "count", "dates"),
    [
        ("weekly", 3, [MON, date(2026, 11, 9), date(2026, 11, 16)]),
        ("twice_weekly", 4, [MON, date(2026, 11, 5), date(2026, 11, 9), date(2026, 11, 12)]),
        ("every_2_weeks", 2, [MON, date(2026, 11, 16)]),
        ("monthly", 3, [MON, date(2026, 12, 2), date(2027, 1, 2)]),
    ],
)
def test_planned_dates(frequency, count, dates):
    assert planned_dates(MON, Frequency(frequency), count) == dates


def test_weekly_times_six_is_six_weeks_and_a_31st_start_keeps_every_month():
    assert len(planned_dates(MON, Frequency.WEEKLY, 6)) == 6
    assert planned_dates(date(2027, 1, 31), Frequency.MONTHLY, 3) == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
    ]


@pytest.mark.parametrize(
    ("visits", "due"),
    [
        ([], MON),  # nothing yet: the plan's start
        ([MON], date(2026, 11, 9)),
        ([MON, date(2026, 11, 20)], date(2026, 11, 23)),  # late: the next date of its rhythm
        ([MON] * 6, None),  # every planned visit done
    ],
)
def test_next_visit_due(visits, due):
    assert next_visit_due(MON, Frequency.WEEKLY, 6, visits) == due


def test_reassessment_due_on_its_day():
    assert reassessment_due(MON, MON) and not reassessment_due(MON, date(2026, 11, 1))
    assert not reassessment_due(None, MON)


@pytest.mark.parametrize(
    ("npi", "ok"),
    [
        ("1234567893", True),  # CMS's own example
        ("1234567890", False),
        ("123456789", False),
        ("12345678931", False),
        ("123456789a", False),
        ("１２３４５６７８９３", False),  # full-width digits are digits to Python, not to an NPI
    ],
)
def test_npi_check_digit(npi, ok):
    assert valid_npi(npi) is ok


@given(st.integers(min_value=0, max_value=10**9 - 1))
def test_exactly_one_check_digit_makes_an_npi(body):
    stem = f"{body:09d}"
    assert sum(valid_npi(stem + str(d)) for d in range(10)) == 1
    assert luhn_valid("80840" + stem + next(str(d) for d in range(10) if valid_npi(stem + str(d))))


def test_icd_codes_come_from_the_code_set():
    assert diagnoses.lookup("m5431").code == "M54.31"
    assert diagnoses.lookup("M54.31").description == "Sciatica, right side"
    with pytest.raises(diagnoses.UnknownDiagnosis) as refused:
        diagnoses.lookup("M54.39")
    assert [d.code for d in refused.value.nearest][:3] == ["M54.3", "M54.30", "M54.31"]
    with pytest.raises(diagnoses.UnknownDiagnosis):
        diagnoses.lookup("A00-A09")  # a block is no diagnosis
    assert "M54.31" in str(refused.value)


def test_icd_search_by_code_or_words():
    assert [d.code for d in diagnoses.search("M54.3")][:3] == ["M54.30", "M54.31", "M54.32"]
    found = diagnoses.search("sciatica right")
    assert found[0].code == "M54.31" and all(d.billable for d in found)
    assert diagnoses.search("  ") == []


@pytest.mark.parametrize(
    ("minutes", "techniques", "split"),
    [
        (60, ["deep_tissue", "stretching"], {"deep_tissue": 30, "stretching": 30}),
        (50, ["a", "b", "c"], {"a": 17, "b": 17, "c": 16}),
        (47.6, ["a"], {"a": 48}),
        (None, ["a", "b"], {"a": 0, "b": 0}),
        (60, [], {}),
    ],
)
def test_minutes_split_between_techniques(minutes, techniques, split):
    assert split_minutes(minutes, techniques) == split


def test_subjective_is_todays_intake_as_codes():
    answers = intake(pain=6, stress=4, areas={"lower_back"}, conditions={"sciatica"}, other_condition="hurts sitting")
    s = subjective(answers, flags=[{"code": "pregnant"}], review=None, outcomes=[{"measure": "groc", "value": 1}])
    assert s["intake"]["pain"] == 6 and s["intake"]["areas"] == ["lower_back"]
    assert s["intake"]["other_condition"] == "hurts sitting"
    assert s["flags"] == [{"code": "pregnant"}] and s["outcomes"] == [{"measure": "groc", "value": 1}]


def test_a_medical_note_needs_o_and_a_a_therapeutic_one_only_techniques():
    bare = NoteContent(techniques=({"code": "swedish", "minutes": 50},))
    assert missing_to_sign(bare, medical=False) == []
    assert len(missing_to_sign(bare, medical=True)) == 2
    full = NoteContent(techniques=bare.techniques, objective_text="tight QL", response="better")
    assert missing_to_sign(full, medical=True) == []


@pytest.mark.parametrize(
    "content",
    [
        NoteContent(techniques=({"code": "reiki", "minutes": 10},)),
        NoteContent(techniques=({"code": "swedish", "minutes": 500},)),
        NoteContent(findings=({"area": "tail", "finding": "spasm"},)),
        NoteContent(response="amazing"),
        NoteContent(home_care="x" * 1001),
        NoteContent(areas_worked=("tail",)),
        NoteContent(avoid_areas=("full_body",)),
    ],
)
def test_a_note_with_an_unknown_code_or_a_long_text_is_refused(content):
    with pytest.raises(InvalidInput):
        checked(content)
