"""Expected waits from a queue's state."""

import pytest

from kiosk_core.waits import expected_waits, typical_service_minutes


@pytest.mark.parametrize(
    ("waiting", "busy", "service", "expected"),
    [
        (0, [], 60, []),
        (3, [], 60, [0, 60, 120]),
        (3, [10], 60, [10, 70, 130]),
        (4, [10, 30], 50, [10, 30, 60, 80]),
        (2, [-5, 20], 40, [0, 20]),  # an overrunning session counts as ending now
    ],
)
def test_expected_waits(waiting, busy, service, expected):
    assert expected_waits(waiting=waiting, busy_remaining=busy, service_minutes=service) == expected


def test_typical_service_uses_todays_median_or_the_default():
    assert typical_service_minutes([], 55) == 55
    assert typical_service_minutes([40, 45, 90], 55) == 45
