"""Progress reports on SQLite and PostgreSQL: the PDF opens and says the plan, baseline and latest
pain, the verdict, the techniques and the latest recommendation, in English or Spanish, with any
client's name; each report is recorded and audited; "due" on the board after N visits, reset by
a report, and at the plan's end; refused without a plan or at a location the client never visited."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlmodel import select

from kiosk_core import db
from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput, NotAllowed
from kiosk_core.locations import location_by_slug
from kiosk_core.models import AuditEvent, utcnow
from kiosk_core.records.report_due import COMPLETED_DAYS, reports_due
from kiosk_core.records.tables import ProgressReport
from kiosk_core.screens import care_desk, queue_board, records_desk
from tests.factories import make_client, make_therapist, signed_in
from tests.integration.care_setup import member, plan_form, visit_with_outcomes
from tests.integration.records_setup import treated_client


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_report_prints_the_plan_outcomes_and_recommendation_in_english_and_spanish(desk_db, clinic):
    priya = member(desk_db)
    client_id, plan_id, _visits = treated_client(desk_db, clinic, priya, first="Zoë", last="Núñez Nguyễn")
    goals = plan_form(diagnoses=["M54.31", "M51.16"], goals=["Sit through a work meeting", "Drive to work"])
    care_desk.save_plan(member=priya, client_id=client_id, form=goals, plan_id=plan_id, why="a goal of her own")
    english = records_desk.progress_report(member=priya, client_id=client_id, language="en")
    said = text_of(english.data)
    assert english.mime == "application/pdf" and said.count("Progress report") >= 1
    for expected in ("Zoë Núñez Nguyễn", "Dr. Ana Ruiz", "M54.31", "M51.16", "5 of 6 planned",
                     "Sit through a work meeting", "Pain (NPRS, 0-10)", "Improved", "Trigger point therapy",
                     "Myofascial release",
                     "Continue weekly for 4 more visits, then re-assess.", "Confidential health information",
                     "Page 1 of"):  # fmt: skip
        assert expected in said, expected
    assert "Change since last visit" in said and "Better (" in said  # the latest rating of change
    assert "Version 2" in said and "why: a goal of her own" in said and "goals (+Drive to work)" in said
    pain_line = next(line for line in said.splitlines() if line.startswith("Pain (NPRS"))
    assert "8 (" in pain_line and "4 (" in pain_line and "-4" in pain_line  # baseline 8, latest 4
    spanish = text_of(records_desk.progress_report(member=priya, client_id=client_id, language="es").data)
    for expected in ("Informe de evolución", "Zoë Núñez Nguyễn", "Mejoró", "Terapia de puntos gatillo",
                     "Información de salud confidencial", "Página 1 de", "5 de 6 previstas",
                     "Cambio desde la última visita", "Mejor (", "Versión 2"):  # fmt: skip
        assert expected in spanish, expected
    with db.read_session(desk_db) as session:
        made = session.exec(select(ProgressReport).where(ProgressReport.plan_id == plan_id)).all()
        audited = session.exec(select(AuditEvent).where(AuditEvent.action == "progress_report")).all()
    assert [(r.visits_done, r.language) for r in made] == [(5, "en"), (5, "es")]
    assert len(audited) == 2 and all(a.client_id == client_id for a in audited)


def test_the_clients_language_is_the_default(desk_db, clinic):
    priya = member(desk_db)
    client_id, _plan, _visits = treated_client(desk_db, clinic, priya, pains=(6, 5))
    paper = records_desk.progress_report(member=priya, client_id=client_id)
    assert paper.file_name.endswith("-en.pdf")  # the visits were in English


def test_refused_without_a_plan_or_at_a_location_the_client_never_visited(desk_db, clinic):
    priya = member(desk_db)
    plain = make_client(desk_db)[0]
    visit_with_outcomes(desk_db, clinic, plain, priya.therapist_id, days_ago=1)
    with pytest.raises(InvalidInput, match="no care plan"):
        records_desk.progress_report(member=priya, client_id=plain)
    client_id, _plan, _visits = treated_client(desk_db, clinic, priya, pains=(6,))
    downtown = member(desk_db, name="Dana", location="downtown-syracuse")
    with pytest.raises(NotAllowed):
        records_desk.progress_report(member=downtown, client_id=client_id)


def _location(session) -> int:
    return location_by_slug(session, "north-syracuse").id


def _due(clinic, who) -> list:
    return queue_board.board(clinic=clinic, member=who).reports_due


def test_due_after_n_visits_reset_by_a_report_and_due_again(desk_db, clinic, monkeypatch):
    monkeypatch.setattr(settings, "progress_report_every", 3)
    priya = member(desk_db)
    client_id, plan_id, _visits = treated_client(desk_db, clinic, priya, pains=(8, 7), visits_planned=12)
    assert _due(clinic, priya) == []  # 2 visits
    visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=2, pain=6)
    (due,) = _due(clinic, priya)
    assert (due.client_id, due.plan_id, due.visits_done, due.why) == (client_id, plan_id, 3, "visits")
    front = signed_in(desk_db, make_therapist(desk_db, roles=("front_desk",)))
    assert _due(clinic, front) == []  # the board's front desk sees queues, not care
    records_desk.progress_report(member=priya, client_id=client_id)
    assert _due(clinic, priya) == []  # reset
    for days_ago in (1.5, 1, 0.5):
        visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=days_ago, pain=5)
    assert [d.visits_done for d in _due(clinic, priya)] == [6]


def test_due_at_the_plans_end_by_visits_or_by_completion(desk_db, clinic, monkeypatch):
    monkeypatch.setattr(settings, "progress_report_every", 8)
    priya = member(desk_db)
    ended, _plan, _visits = treated_client(desk_db, clinic, priya, pains=(7, 6, 5), visits_planned=3)
    assert [(d.client_id, d.why) for d in _due(clinic, priya)] == [(ended, "plan_end")]
    records_desk.progress_report(member=priya, client_id=ended)
    assert _due(clinic, priya) == []
    closing, plan_id, _visits = treated_client(desk_db, clinic, priya, pains=(7, 6), visits_planned=10,
                                               first="Ana", last="Soto")  # fmt: skip
    assert _due(clinic, priya) == []
    care_desk.close_plan(member=priya, client_id=closing, plan_id=plan_id, status="completed", reason="goals_met")
    assert [(d.client_id, d.why) for d in _due(clinic, priya)] == [(closing, "plan_end")]
    later = utcnow() + timedelta(days=COMPLETED_DAYS + 1)  # a plan completed long ago is let go
    with db.read_session(desk_db) as session:
        assert reports_due(session=session, therapist_id=priya.therapist_id, location_id=_location(session),
                           every=8, now=later) == []  # fmt: skip
