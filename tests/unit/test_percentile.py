"""The one percentile (kiosk_core.percentile): the standard library's inclusive method, from the
sorted values or from the two ranks it needs only."""

import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.percentile import median, percentile, ranks_around
from kiosk_core.reports.sql import SHARES, wanted_ranks


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([7.0], 0.5, 7.0),  # one value is its own percentile
        ([7.0], 0.9, 7.0),
        ([1.0, 2.0], 0.5, 1.5),
        ([1.0, 2.0, 3.0, 4.0], 0.25, 1.75),
        ([1.0, 2.0, 3.0, 4.0], 0.75, 3.25),
        ([10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0, 110.0], 0.9, 100.0),
        ([10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0], 0.9, 91.0),
        ([1.0, 2.0, 3.0], 0.0, 1.0),
        ([1.0, 2.0, 3.0], 1.0, 3.0),
        ([1.0, 2.0, 3.0, 4.0], Fraction(1, 2), 2.5),
    ],
)
def test_interpolates_between_the_two_values_around_the_share(values, share, expected):
    assert percentile(values, share) == pytest.approx(expected)


def test_no_values_have_no_percentile():
    with pytest.raises(ValueError):
        percentile([], 0.5)


sorted_values = st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=60).map(sorted)
shares = st.sampled_from([0.25, 0.5, 0.75, 0.9, Fraction(1, 2), Fraction(9, 10)]) | st.floats(0, 1)


@given(sorted_values, shares)
def test_is_the_standard_librarys_inclusive_quantile(values, share):
    found = percentile(values, share)
    assert values[0] <= found <= values[-1]
    if len(values) > 1 and share in (0.25, 0.5, 0.75):
        quartiles = statistics.quantiles(values, n=4, method="inclusive")
        assert found == pytest.approx(quartiles[int(share * 4) - 1], rel=1e-12, abs=1e-9)


@given(sorted_values)
def test_the_median_is_the_standard_librarys(values):
    assert median(reversed(values)) == pytest.approx(statistics.median(values), rel=1e-12, abs=1e-9)


@given(sorted_values, shares)
def test_the_two_ranks_around_the_share_are_all_it_reads(values, share):
    low, high = ranks_around(len(values), share)
    only = {rank: values[rank] for rank in (low, high)}
    assert percentile(only, share, len(values)) == percentile(values, share)


@given(st.integers(1, 10**6))
def test_the_reports_ranks_found_in_sql_are_the_ones_it_reads(visits):
    wanted = wanted_ranks(visits)
    for n, share in enumerate(SHARES.values()):
        assert wanted[2 * n] == ranks_around(visits, share)[0]
        assert ranks_around(visits, share)[1] in (wanted[2 * n + 1], visits - 1)


@given(sorted_values, st.floats(0, 1), st.floats(0, 1))
def test_a_higher_share_is_never_a_lower_figure(values, first, second):
    low, high = sorted((first, second))
    assert percentile(values, low) <= percentile(values, high) or math.isclose(
        percentile(values, low), percentile(values, high)
    )
