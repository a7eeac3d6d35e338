"""The codes as stored: an enum member renamed in code must never change what the database holds."""

import importlib

import pytest

from kiosk_core import models
from kiosk_core.visits.transitions import ACTION_WORDS, TAP_ACTIONS, TRANSITIONS
from kiosk_core.vocabulary import OPEN_STATUSES, Queue, ReviewOutcome, VisitAction, VisitStatus

STORED = {
    Queue: ["medical", "therapeutic"],
    VisitStatus: [
        "waiting",
        "called",
        "in_session",
        "paused",
        "done",
        "no_show",
        "cancelled",
        "walked_out",
        "declined",
        "day_ended",
        "moved",
    ],
    VisitAction: [
        "call",
        "start",
        "pause",
        "resume",
        "finish",
        "requeue",
        "no_show",
        "walk_out",
        "cancel",
        "decline",
        "end_day",
        "move_out",
        "reroute",
        "review",
    ],
    ReviewOutcome: ["cleared", "not_today"],
}


@pytest.mark.parametrize("vocabulary", list(STORED), ids=lambda v: v.__name__)
def test_each_code_is_stored_as_it_always_was(vocabulary):
    assert [member.value for member in vocabulary] == STORED[vocabulary]


@pytest.mark.parametrize("vocabulary", list(STORED), ids=lambda v: v.__name__)
def test_a_code_read_back_as_plain_text_is_its_member(vocabulary):
    for member in vocabulary:
        assert vocabulary(str(member)) is member and f"{member}" == member.value


def test_the_open_visit_index_is_the_one_migration_0007_made():
    migration = importlib.import_module("kiosk_core.migrations.versions.0007_one_open_visit_a_day")
    assert models._OPEN_SQL == migration._OPEN
    assert OPEN_STATUSES == (VisitStatus.WAITING, VisitStatus.CALLED, VisitStatus.IN_SESSION, VisitStatus.PAUSED)


def test_every_action_has_words_and_every_tap_a_transition():
    assert set(ACTION_WORDS) == set(VisitAction)
    assert set(TAP_ACTIONS) <= set(TRANSITIONS) <= set(VisitAction)
