"""Progress with clinical meaning: each visit's pain and PSFS against the plan's baseline, and its
rating of change by itself, with a verdict from the clinic's MCIDs
(kiosk_core.care.measures.OutcomePolicy). Pure: no database, no clock."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from kiosk_core.care.measures import GROCMCID, PSFSMCID, OutcomePolicy, PainMCID, Verdict


def pain_threshold(baseline: int, mcid: PainMCID) -> float:
    """How many points pain must move from `baseline` to count: the percent of a high baseline,
    else the points."""
    if baseline >= mcid.percent_from:
        return baseline * mcid.percent / 100
    return mcid.points


def pain_verdict(baseline: int, now: int, mcid: PainMCID) -> Verdict:
    """NPRS (lower is better): improved when it fell by the threshold, worse when it rose by it."""
    threshold = pain_threshold(baseline, mcid)
    if baseline - now >= threshold:
        return Verdict.IMPROVED
    if now - baseline >= threshold:
        return Verdict.WORSE
    return Verdict.SAME


def psfs_average(ratings: Iterable[int | None]) -> float | None:
    """The PSFS score: the mean of the activities rated (0-10); None when none was."""
    given = [rating for rating in ratings if rating is not None]
    if not given:
        return None
    if any(not 0 <= rating <= 10 for rating in given):
        raise ValueError("a PSFS rating is 0 to 10")
    return round(sum(given) / len(given), 2)


def psfs_verdict(baseline: float, now: float, mcid: PSFSMCID) -> Verdict:
    """PSFS (higher is better): improved when the average rose by the MCID, worse when it fell by it."""
    # Rounded: an average of 3 activities is a third of a point at a time, and 2 must count as 2.
    change = round(now - baseline, 6)
    if change >= mcid.points:
        return Verdict.IMPROVED
    if -change >= mcid.points:
        return Verdict.WORSE
    return Verdict.SAME


@dataclass(frozen=True)
class VisitOutcome:
    """One visit's measures, as the chart reads them."""

    day: date
    pain: int
    stress: int
    psfs: float | None = None  # the average of the activities rated that visit
    groc: int | None = None


@dataclass(frozen=True)
class ProgressPoint:
    day: date
    pain: int
    pain_verdict: Verdict
    psfs: float | None
    psfs_verdict: Verdict | None  # None: no PSFS that visit
    groc: int | None
    groc_verdict: Verdict | None = None  # None: no rating of change that visit (the first)


def progress(visits: Sequence[VisitOutcome], policy: OutcomePolicy) -> list[ProgressPoint]:
    """Each visit against the first (the baseline): pain from the first visit, PSFS from the
    first visit that rated the activities."""
    points = []
    pain_base = visits[0].pain if visits else 0
    psfs_base = next((visit.psfs for visit in visits if visit.psfs is not None), None)
    seen_psfs = False
    for index, visit in enumerate(visits):
        pain = Verdict.BASELINE if index == 0 else pain_verdict(pain_base, visit.pain, policy.nprs)
        psfs = None
        if visit.psfs is not None:
            psfs = psfs_verdict(psfs_base, visit.psfs, policy.psfs) if seen_psfs else Verdict.BASELINE
            seen_psfs = True
        change = None if visit.groc is None else groc_verdict(visit.groc, policy.groc)
        points.append(ProgressPoint(visit.day, visit.pain, pain, visit.psfs, psfs, visit.groc, change))
    return points


def pain_band(baseline: int, mcid: PainMCID) -> tuple[float, float]:
    """The values of pain that are no important change from `baseline`, for the chart's band."""
    threshold = pain_threshold(baseline, mcid)
    return max(0.0, baseline - threshold), min(10.0, baseline + threshold)


def psfs_band(baseline: float, mcid: PSFSMCID) -> tuple[float, float]:
    return max(0.0, baseline - mcid.points), min(10.0, baseline + mcid.points)


def groc_verdict(rating: int, mcid: GROCMCID) -> Verdict:
    """A rating of change (-3 to +3) is itself a comparison with the last visit."""
    if rating >= mcid.points:
        return Verdict.IMPROVED
    if rating <= -mcid.points:
        return Verdict.WORSE
    return Verdict.SAME


def groc_band(mcid: GROCMCID) -> tuple[float, float]:
    """The ratings that are no important change, for the chart's band: its edges halfway
    between ratings, so that a rating on the chart is plainly inside it or not."""
    return -(mcid.points - 0.5), mcid.points - 0.5
