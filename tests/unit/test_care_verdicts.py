"""MCID verdicts (NPRS, PSFS and the global rating of change), PSFS averaging and the progress
over a plan's visits: tables, and hypothesis for the rule a clinician relies on (a larger
improvement never gives a worse verdict)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.care.measures import GROCMCID, PSFSMCID, OutcomePolicy, PainMCID, Verdict
from kiosk_core.care.verdicts import (
    VisitOutcome,
    groc_band,
    groc_verdict,
    pain_band,
    pain_verdict,
    progress,
    psfs_average,
    psfs_verdict,
)
from kiosk_core.config import load_clinic

NPRS, PSFS = PainMCID(), PSFSMCID()
UP, S, W = Verdict.IMPROVED, Verdict.SAME, Verdict.WORSE


@pytest.mark.parametrize(
    ("baseline", "now", "verdict"),
    [
        (6, 4, UP),  # 2 points down from a baseline under 7
        (6, 5, S),
        (6, 8, W),  # 2 points up
        (6, 7, S),
        (3, 1, UP),
        (2, 0, UP),
        (7, 5, S),  # from 7 the percent counts: 30% of 7 is 2.1 points
        (7, 4, UP),
        (10, 7, UP),  # 30% of 10: 3 points
        (10, 8, S),
        (8, 10, S),  # 30% of 8 is 2.4: 10 is as high as pain goes
        (6, 6, S),
        (0, 2, W),
    ],
)
def test_pain_verdict(baseline, now, verdict):
    assert pain_verdict(baseline, now, NPRS) == verdict


@pytest.mark.parametrize(
    ("baseline", "now", "verdict"),
    [(3.0, 5.0, UP), (3.0, 4.67, S), (5.0, 3.0, W), (4.33, 6.33, UP), (2.0, 3.99, S), (10.0, 10.0, S)],
)
def test_psfs_verdict(baseline, now, verdict):
    assert psfs_verdict(baseline, now, PSFS) == verdict


@pytest.mark.parametrize(
    ("ratings", "average"),
    [([4, 5, 6], 5.0), ([3], 3.0), ([2, 3], 2.5), ([1, 2, 2], 1.67), ([None, 4], 4.0), ([], None), ([None], None)],
)
def test_psfs_average(ratings, average):
    assert psfs_average(ratings) == average


def test_a_psfs_rating_outside_0_to_10_is_refused():
    with pytest.raises(ValueError):
        psfs_average([11])


def test_the_clinic_file_sets_the_mcids():
    assert load_clinic().outcomes == OutcomePolicy(nprs=PainMCID(points=2, percent=30, percent_from=7))
    assert load_clinic().outcomes.groc == GROCMCID(points=2)
    # A clinic that asks for more: 3 points.
    assert pain_verdict(6, 4, PainMCID(points=3)) == S


scores = st.integers(min_value=0, max_value=10)


@given(baseline=scores, now=scores, better=scores)
def test_less_pain_never_gives_a_worse_verdict(baseline, now, better):
    lower = min(now, better)
    assert pain_verdict(baseline, lower, NPRS).rank >= pain_verdict(baseline, now, NPRS).rank


averages = st.floats(min_value=0, max_value=10, allow_nan=False)


@given(baseline=averages, now=averages, other=averages)
def test_a_higher_psfs_never_gives_a_worse_verdict(baseline, now, other):
    higher = max(now, other)
    assert psfs_verdict(baseline, higher, PSFS).rank >= psfs_verdict(baseline, now, PSFS).rank


@given(baseline=scores, now=scores)
def test_pain_inside_the_band_is_no_important_change(baseline, now):
    low, high = pain_band(baseline, NPRS)
    if low < now < high:
        assert pain_verdict(baseline, now, NPRS) == S


def test_progress_compares_each_visit_with_the_first():
    day = date(2026, 11, 2)
    visits = [
        VisitOutcome(day, pain=7, stress=5),  # PSFS starts at the second visit
        VisitOutcome(day + timedelta(7), pain=6, stress=4, psfs=3.0, groc=1),
        VisitOutcome(day + timedelta(14), pain=4, stress=3, psfs=5.33, groc=2),
    ]
    points = progress(visits, OutcomePolicy())
    assert [p.pain_verdict for p in points] == [Verdict.BASELINE, S, UP]
    assert [p.psfs_verdict for p in points] == [None, Verdict.BASELINE, UP]
    assert [p.groc_verdict for p in points] == [None, S, UP]  # "A little better", then "Better"
    assert progress([], OutcomePolicy()) == []


@pytest.mark.parametrize(
    ("rating", "points", "verdict"),
    [
        (3, 2, UP),
        (2, 2, UP),  # "Better"
        (1, 2, S),  # "A little better": not an important change by default
        (0, 2, S),
        (-1, 2, S),
        (-2, 2, W),
        (-3, 2, W),
        (1, 1, UP),  # a clinic that counts "A little" too
        (-1, 1, W),
        (0, 1, S),
        (2, 3, S),  # a clinic that counts only "Much"
        (3, 3, UP),
        (-3, 3, W),
    ],
)
def test_groc_verdict(rating, points, verdict):
    assert groc_verdict(rating, GROCMCID(points=points)) == verdict


ratings = st.integers(min_value=-3, max_value=3)


@given(rating=ratings, other=ratings, points=st.integers(min_value=1, max_value=3))
def test_a_better_rating_of_change_never_gives_a_worse_verdict_and_the_band_is_no_change(rating, other, points):
    mcid = GROCMCID(points=points)
    higher = max(rating, other)
    assert groc_verdict(higher, mcid).rank >= groc_verdict(rating, mcid).rank
    low, high = groc_band(mcid)
    assert (low <= rating <= high) == (groc_verdict(rating, mcid) == S)
