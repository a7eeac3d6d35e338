"""The timed-code unit rule (CMS Medicare Claims Processing Manual ch. 5 §20.2, and AMA's
"substantial portion"), every boundary minute of both methods; the 97124/97140 NCCI warning and
modifier 59; the technique-to-CPT mapping; hypothesis properties of the distribution."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.care.catalog import TECHNIQUE_CPT, TECHNIQUE_LABELS
from kiosk_core.records.units import (
    CPT_CODES,
    UnitMethod,
    minutes_by_code,
    modifiers,
    pair_warnings,
    units_by_code,
    units_for_minutes,
)

CMS, PORTION = UnitMethod.CMS_TOTAL_TIME, UnitMethod.SUBSTANTIAL_PORTION
TIMED = ("97124", "97140", "97112")

# CMS's table (§20.2): units for total timed minutes; every boundary minute.
CMS_TABLE = [
    (0, 0), (1, 0), (7, 0),
    (8, 1), (22, 1),
    (23, 2), (37, 2),
    (38, 3), (52, 3),
    (53, 4), (67, 4),
    (68, 5), (82, 5),
    (83, 6), (97, 6),
    (98, 7), (112, 7),
    (113, 8), (127, 8),
]  # fmt: skip


@pytest.mark.parametrize(("minutes", "units"), CMS_TABLE)
def test_units_for_total_minutes_follow_the_cms_table(minutes, units):
    assert units_for_minutes(minutes) == units


@pytest.mark.parametrize(("minutes", "units"), CMS_TABLE)
@pytest.mark.parametrize("method", [CMS, PORTION])
def test_one_code_alone_is_billed_by_the_table_under_both_methods(method, minutes, units):
    assert units_by_code({"97124": minutes}, method) == ({"97124": units} if units else {})


@pytest.mark.parametrize(
    ("minutes", "cms", "portion"),
    [
        # CMS's own examples (§20.2): 33 + 7 = 40 min is 3 units, 2 + 1 (the 7 beats the 3 left over).
        ({"97112": 33, "97140": 7}, {"97112": 2, "97140": 1}, {"97112": 2}),
        # 7 + 7 = 14 min: one unit, to either (ties go to the code first in order); none per code.
        ({"97124": 7, "97140": 7}, {"97124": 1}, {}),
        # 24 + 23 = 47: 3 units, 2 + 1 (97112's 9 left over beat 97140's 8).
        ({"97112": 24, "97140": 23}, {"97112": 2, "97140": 1}, {"97112": 2, "97140": 2}),
        # 18 + 13 + 10 = 41: 3 units, one each.
        ({"97140": 18, "97112": 13, "97124": 10}, {"97140": 1, "97112": 1, "97124": 1},
         {"97140": 1, "97112": 1, "97124": 1}),
        # 4 + 4 = 8 min: a unit in total, none per code.
        ({"97124": 4, "97140": 4}, {"97124": 1}, {}),
        # 7 + 0: nothing either way.
        ({"97124": 7, "97140": 0}, {}, {}),
        # 22 + 22 = 44 min: 3 units by total time, 2 by code (22 is one unit each).
        ({"97124": 22, "97140": 22}, {"97124": 2, "97140": 1}, {"97124": 1, "97140": 1}),
        # The demo's 25 + 25 = 50: 3 units in total, 4 per code.
        ({"97140": 25, "97124": 25}, {"97124": 2, "97140": 1}, {"97124": 2, "97140": 2}),
        # Untimed hot or cold packs: one unit whenever given, outside the timed minutes.
        ({"97010": 10, "97124": 30}, {"97010": 1, "97124": 2}, {"97010": 1, "97124": 2}),
        ({"97010": 5}, {"97010": 1}, {"97010": 1}),
    ],
)  # fmt: skip
def test_units_are_shared_between_codes_by_each_method(minutes, cms, portion):
    assert units_by_code(minutes, CMS) == cms
    assert units_by_code(minutes, PORTION) == portion


def test_techniques_map_to_cpt_codes_from_the_catalog():
    assert set(TECHNIQUE_CPT) <= set(TECHNIQUE_LABELS) and set(TECHNIQUE_CPT.values()) <= set(CPT_CODES)
    assert TECHNIQUE_CPT["swedish"] == "97124" and TECHNIQUE_CPT["trigger_point"] == "97140"
    assert TECHNIQUE_CPT["neuromuscular_reeducation"] == "97112" and TECHNIQUE_CPT["hot_cold_packs"] == "97010"
    assert "aromatherapy" not in TECHNIQUE_CPT  # never billed
    note = [{"code": "trigger_point", "minutes": 20}, {"code": "myofascial_release", "minutes": 15},
            {"code": "swedish", "minutes": 10}, {"code": "aromatherapy", "minutes": 10}]  # fmt: skip
    assert minutes_by_code(note, TECHNIQUE_CPT) == {"97140": 35, "97124": 10}


PAIRS = (("97140", "97124"),)


@pytest.mark.parametrize(
    ("codes", "attested", "warned", "modifier_on_97124"),
    [
        ({"97140", "97124"}, False, True, ""),
        ({"97140", "97124"}, True, True, "59"),
        ({"97140"}, True, False, ""),
        ({"97124", "97112"}, False, False, ""),
    ],
)
def test_massage_with_manual_therapy_warns_and_gets_59_only_when_attested(codes, attested, warned, modifier_on_97124):
    warnings = pair_warnings(codes, PAIRS, attested)
    assert bool(warnings) is warned
    assert modifiers("97124", warnings) == modifier_on_97124
    assert modifiers("97140", warnings) == ""  # column one never carries it


minutes_maps = st.dictionaries(st.sampled_from(TIMED), st.integers(0, 240), max_size=3)


@given(minutes_maps)
def test_cms_total_units_equal_the_table_for_total_minutes(minutes):
    assert sum(units_by_code(minutes, CMS).values()) == units_for_minutes(sum(minutes.values()))


@given(minutes_maps)
def test_no_code_gets_a_unit_it_has_no_minutes_for(minutes):
    for method in (CMS, PORTION):
        billed = units_by_code(minutes, method)
        assert all(minutes[code] > 0 for code in billed)
        # CMS: a code's units never exceed what its minutes round up to.
        assert all(billed[code] <= minutes[code] // 15 + 1 for code in billed)


@given(minutes_maps, st.sampled_from(TIMED), st.integers(1, 60))
def test_more_minutes_never_bill_fewer_units(minutes, code, more):
    grown = {**minutes, code: minutes.get(code, 0) + more}
    for method in (CMS, PORTION):
        assert sum(units_by_code(grown, method).values()) >= sum(units_by_code(minutes, method).values())


@given(st.integers(0, 1000), st.integers(0, 1000))
def test_the_table_never_decreases(a, b):
    low, high = sorted((a, b))
    assert units_for_minutes(low) <= units_for_minutes(high)
