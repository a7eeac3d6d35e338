"""When a progress report is due (pure): every N plan visits since the last report, once at the
plan's end, never for a stopped plan or before a first visit; a report resets it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.records.report_due import DueWhy, report_due

V, END = DueWhy.VISITS, DueWhy.PLAN_END


@pytest.mark.parametrize(
    ("status", "done", "planned", "reported", "every", "due"),
    [
        ("active", 0, 12, None, 8, None),  # nothing done yet
        ("active", 7, 12, None, 8, None),
        ("active", 8, 12, None, 8, V),  # the 8th visit
        ("active", 9, 12, None, 8, V),  # still due until a report is made
        ("active", 9, 12, 8, 8, None),  # reported at 8
        ("active", 11, 20, 3, 8, V),  # 8 since the last report
        ("active", 12, 12, 8, 8, END),  # the last planned visit
        ("active", 13, 12, 8, 8, END),  # past the plan's visits
        ("active", 12, 12, 12, 8, None),  # reported at the end
        ("completed", 3, 12, None, 8, END),  # completed early
        ("completed", 3, 12, 3, 8, None),
        ("completed", 0, 12, None, 8, None),  # completed without a visit: nothing to report
        ("stopped", 10, 12, None, 8, None),  # the client left the plan
        ("active", 1, 1, None, 8, END),
        ("active", 2, 6, None, 1, V),
    ],
)
def test_due_table(status, done, planned, reported, every, due):
    assert report_due(status=status, visits_done=done, visits_planned=planned, reported_at_visits=reported,
                      every=every) == due  # fmt: skip


def test_every_must_be_one_at_least():
    with pytest.raises(ValueError):
        report_due(status="active", visits_done=1, visits_planned=2, reported_at_visits=None, every=0)


plans = st.fixed_dictionaries(
    {
        "status": st.sampled_from(["active", "completed", "stopped"]),
        "visits_done": st.integers(0, 60),
        "visits_planned": st.integers(1, 52),
        "every": st.integers(1, 20),
    }
)


@given(plans)
def test_a_report_just_made_resets_it(plan):
    assert report_due(reported_at_visits=plan["visits_done"], **plan) is None


@given(plans, st.integers(0, 60))
def test_due_for_visits_only_n_visits_after_the_last_report(plan, reported):
    reported = min(reported, plan["visits_done"])
    why = report_due(reported_at_visits=reported, **plan)
    if why == DueWhy.VISITS:
        assert plan["visits_done"] - reported >= plan["every"] and plan["status"] == "active"
    if plan["status"] == "stopped":
        assert why is None


@given(plans)
def test_the_plans_end_is_due_once_until_reported(plan):
    if plan["status"] != "stopped" and plan["visits_done"] >= max(1, plan["visits_planned"]):
        assert report_due(reported_at_visits=None, **plan) == DueWhy.PLAN_END
        assert report_due(reported_at_visits=plan["visits_done"] - 1, **plan) == DueWhy.PLAN_END
