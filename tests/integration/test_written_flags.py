"""A red flag written in the client's own words gates the massage as a tapped one does, on
SQLite and PostgreSQL, and the therapist reads the client's words on the board."""

import pytest

from kiosk_core import db
from kiosk_core.errors import IllegalTransition
from kiosk_core.models import Visit
from tests.factories import intake, make_client, make_therapist
from tests.integration.test_checkin import do_check_in
from tests.integration.test_queue import act, queue_now
from tests.integration.test_review import review


@pytest.mark.parametrize(
    ("written", "code"),
    [("I had a fever last night", "fever_or_contagious"), ("creo que tengo un coágulo", "blood_clot_signs")],
)
def test_a_flag_in_their_words_waits_for_the_review(engine, clinic, written, code):
    therapist = make_therapist(engine)
    answers = intake(safety={"none"}, other_condition=written)
    ticket = do_check_in(engine, clinic, make_client(engine)[0], answers)
    assert ticket.needs_review
    with db.read_session(engine) as session:
        assert session.get(Visit, ticket.visit_id).flags == [{"code": code, "words": written}]
    entry = queue_now(engine, clinic, 1)[ticket.ticket_code]
    assert entry.to_review and entry.flags[0].endswith(f'in their words: "{written}"')
    act(engine, ticket.visit_id, "call", therapist, 2)
    with pytest.raises(IllegalTransition, match="red flags to review first"):
        act(engine, ticket.visit_id, "start", therapist, 3)
    review(engine, ticket.visit_id, therapist, "cleared", "asked: no fever today", 4)
    act(engine, ticket.visit_id, "start", therapist, 5)


def test_no_fever_written_raises_nothing(engine, clinic):
    ticket = do_check_in(engine, clinic, make_client(engine)[0], intake(safety={"none"}, other_condition="no fever"))
    assert not ticket.needs_review
