"""The outcome measures, as data: their codes, the global rating of change's options, and the
minimal clinically important differences (MCIDs) the clinic file sets (`[outcomes]`).

NPRS (numeric pain rating, 0-10) and stress come from the intake's own `pain` and `stress`;
PSFS (Patient-Specific Functional Scale, each activity 0-10) and GROC (global rating of change)
are asked at the tablet of a client with an active care plan (kiosk_core.care.outcomes).
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from kiosk_core.i18n import N_


class Measure(StrEnum):
    NPRS = "nprs"  # pain now, 0-10: the intake's `pain`
    STRESS = "stress"  # stress now, 0-10: the intake's `stress`
    PSFS = "psfs"  # one row per activity of the plan, 0-10 (10: able to do it as before)
    GROC = "groc"  # since the last visit, -3 (much worse) to +3 (much better)


MEASURE_LABELS = {
    Measure.NPRS: N_("Pain (NPRS)"),
    Measure.STRESS: N_("Stress"),
    Measure.PSFS: N_("Activities (PSFS average)"),
    Measure.GROC: N_("Change since last visit"),
}

PSFS_PROMPT = N_("How well can you do this today?")
PSFS_LOW = N_("Unable to do it")
PSFS_HIGH = N_("As well as before")
GROC_PROMPT = N_("Since your last visit, how are you?")

# The global rating of change, 7 points: the value stored is the number, the option its code.
GROC_OPTIONS = (
    ("much_better", 3, N_("Much better")),
    ("better", 2, N_("Better")),
    ("a_little_better", 1, N_("A little better")),
    ("same", 0, N_("About the same")),
    ("a_little_worse", -1, N_("A little worse")),
    ("worse", -2, N_("Worse")),
    ("much_worse", -3, N_("Much worse")),
)
GROC_VALUES = {code: value for code, value, _label in GROC_OPTIONS}
GROC_CODES = {value: code for code, value, _label in GROC_OPTIONS}


class Verdict(StrEnum):
    IMPROVED = "improved"
    SAME = "same"
    WORSE = "worse"
    BASELINE = "baseline"  # the first measurement: nothing to compare with

    @property
    def rank(self) -> int:
        """Worse < same (or baseline) < improved: a larger improvement never ranks lower."""
        return {Verdict.WORSE: 0, Verdict.SAME: 1, Verdict.BASELINE: 1, Verdict.IMPROVED: 2}[self]


VERDICT_LABELS = {
    Verdict.IMPROVED: N_("Improved"),
    Verdict.SAME: N_("No important change"),
    Verdict.WORSE: N_("Worse"),
    Verdict.BASELINE: N_("Baseline"),
}


class _Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PainMCID(_Policy):
    """NPRS: a change of `points`, or of `percent` of the baseline once the baseline is at least
    `percent_from` (a high baseline needs a larger change: Farrar 2001, Salaffi 2004)."""

    points: float = Field(2, gt=0, le=10)
    percent: float = Field(30, gt=0, le=100)
    percent_from: int = Field(7, ge=0, le=11)


class PSFSMCID(_Policy):
    """PSFS: the average of the activities up or down by `points` (Stratford 1995, Horn 2012)."""

    points: float = Field(2, gt=0, le=10)


class GROCMCID(_Policy):
    """The global rating of change compares by itself (since the last visit): a rating of
    `points` or more either way is an important change; by default "Better" or "Much better"
    (and "Worse" or "Much worse"), so that "A little" is not counted (a clinic policy)."""

    points: int = Field(2, ge=1, le=3)


class OutcomePolicy(_Policy):
    nprs: PainMCID = PainMCID()
    psfs: PSFSMCID = PSFSMCID()
    groc: GROCMCID = GROCMCID()
