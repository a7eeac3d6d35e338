"""What a waiting client is told, as message ids with their values: their place in line and the
wait, one rule so the two never contradict each other (on the tablet's ticket and the phone's).

- A figure ("about 20-30 minutes") comes with the count of people ahead: the figure is the
  estimate for that line.
- Past the clinic's cap no count is given beside "It may be a while" ("1 person ahead" and "a
  while" read as a contradiction): the place says only "You're in line". The next client is
  told they are next, and to ask how long, never "a while".
- With nobody on shift who may serve the queue, the count is true and there is no figure:
  "Please ask at the front desk about the wait."
Pure: tests/unit/test_telling.py holds the table over (place, staff on shift, cap).
"""

from dataclasses import dataclass

from kiosk_core.i18n import N_, N_plural
from kiosk_core.waits.estimate import WaitEstimate

NEXT = N_("You're next")
AHEAD = N_plural("{count} person ahead of you", "{count} people ahead of you")
IN_LINE = N_("You're in line")
ASK_ABOUT_WAIT = N_("Please ask at the front desk about the wait.")
A_WHILE = N_("It may be a while. Please ask at the front desk how long.")
ASK_HOW_LONG = N_("Please ask at the front desk how long.")
SHORTLY = N_("A therapist will be with you shortly.")
RANGE = N_("Expected wait: about {low}–{high} minutes.")
UP_TO = N_plural("Expected wait: up to {count} minute.", "Expected wait: up to {count} minutes.")
ABOUT = N_plural("Expected wait: about {count} minute.", "Expected wait: about {count} minutes.")


@dataclass(frozen=True)
class Said:
    """One line: a message id (or ngettext's pair with its count) and its values."""

    message: str | tuple[str, str]
    values: dict

    @property
    def count(self) -> int | None:
        return self.values.get("count")


def place_and_wait(ahead: int, wait: WaitEstimate | None) -> tuple[Said, Said]:
    """The place line and the wait line for a client with `ahead` people before them."""
    if wait is None or wait.nobody_on_shift:
        return _place(ahead), Said(ASK_ABOUT_WAIT, {})
    if wait.over_cap:
        if ahead == 0:
            return Said(NEXT, {}), Said(ASK_HOW_LONG, {})
        return Said(IN_LINE, {}), Said(A_WHILE, {})
    if not wait.high:
        return _place(ahead), Said(SHORTLY, {})
    if wait.is_range and wait.low:
        return _place(ahead), Said(RANGE, {"low": wait.low, "high": wait.high})
    return _place(ahead), Said(UP_TO if wait.is_range else ABOUT, {"count": wait.high})


def _place(ahead: int) -> Said:
    return Said(NEXT, {}) if ahead == 0 else Said(AHEAD, {"count": ahead})
