"""The one percentile: the wait estimate's quartiles, the reports' medians and 90th percentiles and
the benchmarks' figures are all this one, so no two of them can disagree on what "the median" is.

Linear interpolation between the two values around the share (numpy's default, and
statistics.quantiles(method="inclusive")); one value is its own percentile.
"""

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction


def percentile(
    ranked: Sequence[float] | Mapping[int, float], share: float | Fraction, count: int | None = None
) -> float:
    """The `share` (0 to 1) percentile of `count` values in ascending order.

    `ranked` is the sorted values themselves, or, with `count`, some of them by rank (from 0): only
    the two at `ranks_around(count, share)` are read, so a report fetches just those from the
    database. A Fraction share places them exactly, as integer division does in SQL.
    """
    count = len(ranked) if count is None else count
    if count < 1:
        raise ValueError("a percentile of no values")
    low, high = ranks_around(count, share)
    return ranked[low] + (ranked[high] - ranked[low]) * (share * (count - 1) - low)


def ranks_around(count: int, share: float | Fraction) -> tuple[int, int]:
    """The ranks (from 0) of the two values a percentile of `count` values lies between."""
    low = int(share * (count - 1))
    return low, min(low + 1, count - 1)


def median(values: Iterable[float]) -> float:
    return percentile(sorted(values), 0.5)
