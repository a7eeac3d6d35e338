"""Session notes on SQLite and PostgreSQL: opened at finish with S from today's intake, signed
once (a double tap is one signature), never edited after, amended by addenda only once signed;
"note to sign" after the setting's hours; a therapeutic client's preferences remembered."""

from datetime import timedelta

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.care import notes
from kiosk_core.care.notes import NoteNotSigned, NoteSigned
from kiosk_core.care.soap import NoteContent
from kiosk_core.care.tables import NoteAddendum
from kiosk_core.errors import IllegalTransition, InvalidInput, NotAllowed
from kiosk_core.models import AuditEvent, utcnow
from kiosk_core.screens import care_desk
from tests.factories import intake, make_client, past_visit
from tests.integration.care_setup import member, plan_client, visit_with_outcomes

FULL = NoteContent(
    findings=({"area": "lower_back", "finding": "trigger_points"},),
    objective_text="QL taut, right",
    response="better",
    techniques=({"code": "trigger_point", "minutes": 30}, {"code": "myofascial_release", "minutes": 25}),
    areas_worked=("lower_back", "hips"),
    home_care="Piriformis stretch twice a day",
    next_visit="in one week",
)


def test_a_note_opens_with_s_from_the_intake_is_signed_once_and_then_only_amended(desk_db, clinic):
    priya = member(desk_db)
    client_id, _plan = plan_client(desk_db, clinic, priya)
    visit_id = visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=0, pain=6, ratings=(4, 5))
    note = care_desk.open_note(member=priya, visit_id=visit_id)
    said = dict(note.subjective)
    assert said["Pain now"] == "6 / 10" and said["Conditions"] == "Sciatica"
    assert said["sitting 30 minutes"] == "4/10" and said["lifting my child"] == "5/10"
    assert note.mine and note.medical and not note.signed
    with pytest.raises(NoteNotSigned, match="Until it is signed"):  # an addendum before signing: refused, saying why
        care_desk.add_addendum(member=priya, note_id=note.note_id, why="x", text="y")
    with pytest.raises(InvalidInput):  # a medical note needs O and A
        care_desk.sign_note(member=priya, note_id=note.note_id, content=NoteContent(techniques=FULL.techniques))
    care_desk.save_note(member=priya, note_id=note.note_id, content=FULL)
    first = care_desk.sign_note(member=priya, note_id=note.note_id, content=FULL)
    again = care_desk.sign_note(member=priya, note_id=note.note_id, content=FULL)  # a double tap
    assert first.signed == again.signed and first.signed.startswith("Signed by")
    with db.read_session(desk_db) as session:
        signatures = session.exec(select(AuditEvent).where(AuditEvent.action == "note_signed")).all()
    assert len(signatures) == 1
    changed = NoteContent(**{**FULL.__dict__, "home_care": "rest"})
    for change in (care_desk.save_note, care_desk.sign_note):
        with pytest.raises(NoteSigned):
            change(member=priya, note_id=note.note_id, content=changed)
    amended = care_desk.add_addendum(
        member=priya, note_id=note.note_id, why="left out", text="Client reports numbness gone."
    )
    care_desk.add_addendum(member=priya, note_id=note.note_id, why="left out", text="Client reports numbness gone.")
    assert len(amended.addenda) == 1 and "(left out): Client reports numbness gone." in amended.addenda[0]
    with db.read_session(desk_db) as session:
        assert len(session.exec(select(NoteAddendum)).all()) == 1
        reads = session.exec(select(AuditEvent).where(AuditEvent.action == "view_note")).all()
    assert len(reads) >= 5  # every open of the note, the screens' reads after each write included


def test_only_the_visits_therapist_writes_the_note_and_only_after_finish(desk_db, clinic):
    priya = member(desk_db)
    client_id, _plan = plan_client(desk_db, clinic, priya)
    visit_id = visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=0)
    note = care_desk.open_note(member=priya, visit_id=visit_id)
    sam = member(desk_db, name="Sam")
    assert not care_desk.open_note(member=sam, visit_id=visit_id).mine
    with pytest.raises(NotAllowed):
        care_desk.save_note(member=sam, note_id=note.note_id, content=FULL)
    waiting = make_client(desk_db)[0]
    from kiosk_core.screens import tablet

    ticket = tablet.check_in_now(
        clinic=clinic, location_slug="north-syracuse", client_id=waiting, intake=intake(), engine=desk_db
    )
    with pytest.raises(IllegalTransition):
        care_desk.open_note(member=priya, visit_id=ticket.visit_id)


def test_a_medical_note_unsigned_after_the_hours_is_a_note_to_sign(desk_db, clinic):
    priya = member(desk_db)
    client_id, _plan = plan_client(desk_db, clinic, priya)  # its first visit, 30 days ago, is past the look-back
    recent = visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=2)
    today = visit_with_outcomes(desk_db, clinic, client_id, priya.therapist_id, days_ago=0.1)
    assert [n.visit_id for n in care_desk.notes_to_sign(member=priya)] == [recent]
    later = utcnow() + timedelta(hours=30)
    assert [n.visit_id for n in care_desk.notes_to_sign(member=priya, now=later)] == [recent, today]
    note = care_desk.open_note(member=priya, visit_id=recent)
    care_desk.sign_note(member=priya, note_id=note.note_id, content=FULL)
    assert [n.visit_id for n in care_desk.notes_to_sign(member=priya, now=later)] == [today]


def test_a_therapeutic_note_is_shorter_and_its_preferences_are_remembered(desk_db, clinic):
    priya = member(desk_db)
    client_id = make_client(desk_db)[0]
    visit_id = past_visit(desk_db, clinic, client_id, intake())
    note = care_desk.open_note(member=priya, visit_id=visit_id)
    assert not note.medical
    short = NoteContent(
        techniques=({"code": "swedish", "minutes": 50},), pressure="firm", avoid_areas=("feet",), liked="hot towels"
    )
    # The visit's therapist (the factory's) signs; Priya only read it.
    with db.write_session(desk_db) as session:
        therapist = notes.open_note(session=session, visit_id=visit_id, therapist_id=0).therapist_id
        notes.sign_note(session=session, note_id=note.note_id, therapist_id=therapist, content=short)
    with db.read_session(desk_db) as session:
        assert notes.remembered(session=session, client_id=client_id) == {
            "pressure": "firm",
            "avoid_areas": ["feet"],
            "liked": "hot towels",
        }
