"""The visit's rules as properties, on SQLite and PostgreSQL: hypothesis taps, reviews and undoes
at random, as three therapists (one untrained), on a flagged or calm visit in either queue, and
checks after every step that the services did exactly what the rules allow and nothing else."""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlmodel import select

from kiosk_core import db
from kiosk_core.clock import minutes_between
from kiosk_core.errors import KioskError
from kiosk_core.models import AuditEvent, RecentAction, SessionPeriod, Therapist, Visit
from kiosk_core.visits.actions import OthersClient, apply_action
from kiosk_core.visits.review import record_review
from kiosk_core.visits.transitions import (
    NEEDS_CLEARANCE,
    OPEN,
    SERVES,
    TAP_ACTIONS,
    TRANSITIONS,
    UNDOABLE,
    needs_review,
)
from kiosk_core.visits.undo import undo
from kiosk_core.vocabulary import VisitStatus
from tests.factories import intake, make_client, make_therapist
from tests.integration.test_checkin import MORNING, SCIATICA, do_check_in

S = VisitStatus
WINDOW = 15
# Every tap, the ones that end a visit less often: a walk that closes the visit at its second step
# explores little.
TAPS = [*TAP_ACTIONS, "call", "call", "start", "start", "start", "pause", "resume", "resume", "finish", "requeue"]


def machine_for(engine, clinic, staff):
    class VisitRules(RuleBasedStateMachine):
        @initialize(medical=st.booleans(), flagged=st.booleans())
        def arrive(self, medical, flagged):
            answers = SCIATICA if medical else intake()
            if flagged:
                answers = answers.model_copy(update={"safety": frozenset({"fever_or_contagious"})})
            self.now = MORNING
            self.visit_id = do_check_in(engine, clinic, make_client(engine)[0], answers).visit_id
            self.served_by: set[int] = set()  # who started or resumed it

        def _load(self):
            with db.read_session(engine) as session:
                visit = session.get(Visit, self.visit_id)
                last = session.get(RecentAction, self.visit_id)
                return visit, last

        def _tick(self, seconds):
            self.now += timedelta(seconds=seconds)

        @rule(
            action=st.sampled_from(TAPS),
            who=st.sampled_from(sorted(staff)),
            confirm=st.sampled_from([True, True, False]),
        )
        def tap(self, action, who, confirm):
            self._tick(20)
            before, last = self._load()
            therapist = staff[who]
            holder = before.therapist_id
            double_tap = (
                before.status == TRANSITIONS[action][1]
                and last
                and (last.action, last.therapist_id) == (action, therapist)
            )
            allowed = (
                S(before.status) in TRANSITIONS[action][0]
                and not (action in SERVES and before.queue == "medical" and who == "untrained")
                and not (
                    action in NEEDS_CLEARANCE
                    and needs_review(before.flags, before.review_outcome, before.reviewed_flags)
                )
            )
            try:
                with db.write_session(engine) as session:
                    apply_action(
                        session=session,
                        visit_id=self.visit_id,
                        action=action,
                        therapist_id=therapist,
                        confirm_for=holder if confirm else None,
                        now=self.now,
                    )
            except OthersClient:
                assert allowed and holder not in (None, therapist) and not confirm
                return
            except KioskError:
                assert not allowed and not double_tap
                assert self._load()[0].status == before.status  # a refusal changes nothing
                return
            after, _ = self._load()
            assert double_tap or (allowed and after.status == TRANSITIONS[action][1])
            assert double_tap or confirm or holder in (None, therapist)  # another's client: only once confirmed
            if action in ("start", "resume") and not double_tap:
                self.served_by.add(therapist)

        @rule(outcome=st.sampled_from(["cleared", "not_today"]), who=st.sampled_from(sorted(staff)))
        def review(self, outcome, who):
            self._tick(20)
            before, _ = self._load()
            try:
                with db.write_session(engine) as session:
                    record_review(
                        session=session,
                        visit_id=self.visit_id,
                        therapist_id=staff[who],
                        outcome=outcome,
                        note="checked",
                        confirm_for=before.therapist_id,
                        now=self.now,
                    )
            except KioskError:
                # Refused only with nothing to review, a closed visit, or (clinic policy) an
                # untrained therapist clearing a medical visit's flag.
                untrained_clearing = outcome == "cleared" and before.queue == "medical" and who == "untrained"
                assert not before.flags or S(before.status) not in OPEN or untrained_clearing
                return
            assert not (outcome == "cleared" and before.queue == "medical" and who == "untrained")
            after, _ = self._load()
            assert after.status == (S.DECLINED if outcome == "not_today" else before.status)

        @rule(seconds=st.sampled_from([1, WINDOW, WINDOW + 1]), who=st.sampled_from(sorted(staff)))
        def undo_it(self, seconds, who):
            before, last = self._load()
            self._tick(seconds)
            try:
                with db.write_session(engine) as session:
                    undo(
                        session=session,
                        visit_id=self.visit_id,
                        therapist_id=staff[who],
                        now=self.now,
                        window_seconds=WINDOW,
                    )
            except KioskError:
                assert self._load()[0].status == before.status
                return
            after, _ = self._load()
            assert last.action in UNDOABLE and last.therapist_id == staff[who]
            assert seconds <= WINDOW and after.status == S(last.before["status"])

        @invariant()
        def consistent(self):
            if not hasattr(self, "visit_id"):
                return
            with db.read_session(engine) as session:
                visit = session.get(Visit, self.visit_id)
                periods = session.exec(select(SessionPeriod).where(SessionPeriod.visit_id == visit.id)).all()
                trained = {t.id for t in session.exec(select(Therapist).where(Therapist.medical_trained))}
                trail = session.exec(select(AuditEvent.action).where(AuditEvent.visit_id == visit.id)).all()
            still_open = [p for p in periods if p.ended_at is None]
            assert len(still_open) == (1 if visit.status == S.IN_SESSION else 0)
            if periods:  # a session only ever began after the review cleared it
                assert not visit.flags or "review" in trail[: trail.index("start")]
            if visit.queue == "medical":
                assert self.served_by <= trained
            if visit.status == S.DONE:
                assert visit.session_minutes == pytest.approx(
                    sum(minutes_between(p.started_at, p.ended_at) for p in periods)
                )

    return VisitRules


@pytest.mark.parametrize("examples", [60])
def test_the_services_follow_the_rules_whatever_is_tapped(engine, clinic, examples):
    staff = {
        "trained": make_therapist(engine, medical=True),
        "colleague": make_therapist(engine, medical=True),
        "untrained": make_therapist(engine, medical=False),
    }
    run_state_machine_as_test(
        machine_for(engine, clinic, staff),
        settings=settings(
            max_examples=examples,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
