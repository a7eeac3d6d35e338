"""The admin screen's therapist services on SQLite and PostgreSQL: admins only (checked in the
database on every call), the last admin kept, no self-deactivation, PIN reset, lockout lifted,
and every action audited with who, where and what."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.errors import InvalidInput, NotAllowed
from kiosk_core.models import AuditEvent, Location, Therapist
from kiosk_core.screens import admin_desk, staff_desk
from kiosk_core.staff import admin_duty, therapists
from kiosk_core.staff.authority import AccessChanged, RoleNeeded, SignedOut
from kiosk_core.staff.therapists import StaffMember, pin_matches
from tests.factories import make_therapist, signed_in

NORTH, DOWNTOWN = "north-syracuse", "downtown-syracuse"


@pytest.fixture
def admin_db(engine, monkeypatch):
    """The services open their own sessions on the process's engine: make that the test's database."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    return engine


def member(engine, therapist_id: int, location: str = NORTH) -> StaffMember:
    """Who the screen thinks is signed in: what was true at sign-in, and the shift it started."""
    return signed_in(engine, therapist_id, location=location)


def row(engine, therapist_id: int) -> Therapist:
    with db.read_session(engine) as session:
        return session.get(Therapist, therapist_id)


def trail(engine) -> list[tuple[str, int | None, str | None, str]]:
    """(action, who, where, detail) of every audit row, oldest first."""
    with db.read_session(engine) as session:
        rows = session.exec(
            select(AuditEvent, Location.slug)
            .join(Location, Location.id == AuditEvent.location_id, isouter=True)
            .order_by(AuditEvent.id)
        ).all()
    return [(e.action, e.therapist_id, slug, e.detail) for e, slug in rows]


def sign_in(engine, therapist_id: int, pin: str) -> StaffMember:
    return staff_desk.sign_in(therapist_id=therapist_id, pin=pin, location_slug=NORTH, engine=engine)


def save(who: StaffMember, whom: int, *, is_admin: bool, medical: bool = False, where=(NORTH,)) -> str:
    """The admin screen's Save for one therapist's locations, training and admin."""
    return admin_desk.update_therapist(
        member=who, therapist_id=whom, location_slugs=list(where), medical_trained=medical, is_admin=is_admin
    )


@pytest.fixture
def priya(admin_db):
    return make_therapist(admin_db, name="Priya Shah", pin="447016", admin=True)


@pytest.fixture
def dana(admin_db):
    return make_therapist(admin_db, name="Dana Fox", pin="286413", medical=False)


def test_only_an_active_admin_may_do_anything(admin_db, priya, dana):
    as_dana = member(admin_db, dana)
    as_priya = member(admin_db, priya)
    calls = [
        lambda who: admin_desk.therapists(member=who),
        lambda who: admin_desk.add_therapist(
            member=who,
            name="Eve",
            pin="315724",
            pin_again="315724",
            location_slugs=[NORTH],
            medical_trained=False,
            is_admin=True,
        ),
        lambda who: admin_desk.set_active(member=who, therapist_id=priya, active=False),
        lambda who: save(who, dana, is_admin=True, medical=True),
        lambda who: admin_desk.reset_pin(member=who, therapist_id=priya, pin="315724", pin_again="315724"),
        lambda who: admin_desk.lift_lockout(member=who, therapist_id=priya),
    ]
    before = trail(admin_db)
    with db.write_session(admin_db) as session:  # Priya deactivated after she signed in
        session.get(Therapist, priya).active = False
    refusals = ((None, SignedOut), (as_dana, RoleNeeded), (as_priya, AccessChanged))
    for call in calls:
        for who, refusal in refusals:
            with pytest.raises(refusal):
                call(who)
    assert trail(admin_db) == before
    assert row(admin_db, dana).is_admin is False and pin_matches("447016", row(admin_db, priya).pin_hash)


def test_an_admin_adds_a_therapist_who_can_then_sign_in(admin_db, priya):
    said = admin_desk.add_therapist(
        member=member(admin_db, priya),
        name="  Alex   Rivera ",
        pin="315724",
        pin_again="315724",
        location_slugs=[NORTH, DOWNTOWN],
        medical_trained=True,
        is_admin=False,
    )
    assert said == "Alex Rivera added."
    alex = next(t for t in admin_desk.therapists(member=member(admin_db, priya)) if t.name == "Alex Rivera")
    assert (alex.locations, alex.medical_trained, alex.is_admin, alex.active) == ([DOWNTOWN, NORTH], True, False, True)
    assert sign_in(admin_db, alex.therapist_id, "315724").name == "Alex Rivera"
    assert ("add_therapist", priya, NORTH, "Alex Rivera") in trail(admin_db)


@pytest.mark.parametrize(
    ("name", "pin", "again", "where", "message"),
    [
        ("Eve", "315724", "1358", [NORTH], "The two PINs differ"),
        ("Eve", "315724", "", [NORTH], "type the new PIN twice"),
        ("Eve", "12a4", "12a4", [NORTH], "6 to 8 digits"),
        ("Eve", "315724", "315724", [], "at least one location"),
        ("Eve", "315724", "315724", ["nowhere"], "isn't known"),
        ("Eve\u202e", "315724", "315724", [NORTH], "special characters"),
        ("Priya Shah", "315724", "315724", [NORTH], "already a therapist called Priya Shah"),
        ("", "315724", "315724", [NORTH], "1 to 100 characters"),
    ],
)
def test_adding_refuses_with_a_clear_message(admin_db, priya, name, pin, again, where, message):
    before = trail(admin_db)
    with pytest.raises((admin_duty.AdminError, InvalidInput), match=message):
        admin_desk.add_therapist(
            member=member(admin_db, priya),
            name=name,
            pin=pin,
            pin_again=again,
            location_slugs=where,
            medical_trained=False,
            is_admin=False,
        )
    assert trail(admin_db) == before


def test_an_admin_cannot_deactivate_themselves(admin_db, priya, dana):
    make_therapist(admin_db, name="Sam Chen", admin=True)  # not the last admin: the rule is about oneself
    with pytest.raises(admin_duty.NotYourself):
        admin_desk.set_active(member=member(admin_db, priya), therapist_id=priya, active=False)
    assert row(admin_db, priya).active


def test_deactivate_and_reactivate_once_each_however_often_tapped(admin_db, priya, dana):
    me = member(admin_db, priya)
    assert admin_desk.set_active(member=me, therapist_id=dana, active=False) == "Dana Fox deactivated."
    assert admin_desk.set_active(member=me, therapist_id=dana, active=False) == "Dana Fox is already inactive."
    with pytest.raises(NotAllowed, match="choose your name"):
        sign_in(admin_db, dana, "286413")
    with db.read_session(admin_db) as session:
        assert dana not in [t for t, _, _ in therapists.therapist_choices(session=session)]
    assert admin_desk.set_active(member=me, therapist_id=dana, active=True) == "Dana Fox reactivated."
    assert sign_in(admin_db, dana, "286413").name == "Dana Fox"
    actions = [(a, who, where, what) for a, who, where, what in trail(admin_db) if "activate" in a]
    assert actions == [
        ("deactivate_therapist", priya, NORTH, "Dana Fox"),
        ("reactivate_therapist", priya, NORTH, "Dana Fox"),
    ]


def test_the_last_active_admin_stays_an_admin(admin_db, priya, dana):
    me = member(admin_db, priya)
    with pytest.raises(admin_duty.LastAdmin):
        save(me, priya, is_admin=False, medical=True)
    assert row(admin_db, priya).is_admin
    # With a second admin, either may step down, but not both.
    save(me, dana, is_admin=True)
    as_dana = member(admin_db, dana)
    save(as_dana, priya, is_admin=False, medical=True)
    with pytest.raises(admin_duty.LastAdmin):
        save(as_dana, dana, is_admin=False)
    # An inactive admin is no admin: deactivating the other active one would leave none.
    with db.write_session(admin_db) as session:
        session.get(Therapist, priya).is_admin = True
        session.get(Therapist, priya).active = False
    with pytest.raises(admin_duty.LastAdmin):
        save(as_dana, dana, is_admin=False)


def test_two_admins_demoting_each_other_at_once_leave_one(admin_db, priya, dana):
    save(member(admin_db, priya), dana, is_admin=True)
    pairs = [(member(admin_db, priya), dana), (member(admin_db, dana), priya)]
    start = Barrier(2)

    def demote(who_and_whom):
        who, whom = who_and_whom
        start.wait()
        try:
            return save(who, whom, is_admin=False)
        except admin_duty.AdminError as error:
            return type(error).__name__
        except RoleNeeded:  # the other's demotion committed before this one's check
            return "AdminsOnly"

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(demote, pairs))
    admins = [t for t in (priya, dana) if row(admin_db, t).is_admin]
    assert len(admins) == 1, results
    assert sorted(r if r in ("LastAdmin", "AdminsOnly") else "done" for r in results) in (
        ["AdminsOnly", "done"],
        ["LastAdmin", "done"],
    )


def test_locations_training_and_admin_are_saved_and_audited_with_what_changed(admin_db, priya, dana):
    me = member(admin_db, priya)
    said = save(me, dana, is_admin=False, medical=True, where=(DOWNTOWN, NORTH))
    assert said == f"Dana Fox saved: locations {NORTH} -> {DOWNTOWN}, {NORTH}; medical on."
    dana_now = next(t for t in admin_desk.therapists(member=me) if t.therapist_id == dana)
    assert (dana_now.locations, dana_now.medical_trained) == ([DOWNTOWN, NORTH], True)
    again = save(me, dana, is_admin=False, medical=True, where=(NORTH, DOWNTOWN))
    assert again == "Nothing to change for Dana Fox."
    with pytest.raises(admin_duty.BadEntry, match="at least one location"):
        save(me, dana, is_admin=False, medical=True, where=())
    with pytest.raises(admin_duty.NoSuchTherapist):
        save(me, 999, is_admin=False, medical=True)
    updates = [t for t in trail(admin_db) if t[0] == "update_therapist"]
    assert updates == [
        ("update_therapist", priya, NORTH, f"Dana Fox: locations {NORTH} -> {DOWNTOWN}, {NORTH}; medical on")
    ]


def test_a_pin_reset_works_and_the_old_pin_fails(admin_db, priya, dana):
    me = member(admin_db, priya)
    with pytest.raises(admin_duty.PinsDiffer):
        admin_desk.reset_pin(member=me, therapist_id=dana, pin="864209", pin_again="8643")
    assert sign_in(admin_db, dana, "286413").name == "Dana Fox"  # unchanged after a refusal
    assert (
        admin_desk.reset_pin(member=me, therapist_id=dana, pin="864209", pin_again="864209")
        == "New PIN set for Dana Fox."
    )
    with pytest.raises(NotAllowed, match="PIN isn't right"):
        sign_in(admin_db, dana, "286413")
    assert sign_in(admin_db, dana, "864209").name == "Dana Fox"
    resets = [t for t in trail(admin_db) if t[0] == "reset_pin"]
    assert resets == [("reset_pin", priya, NORTH, "Dana Fox")]  # never the PIN
    assert "864209" not in row(admin_db, dana).pin_hash


def test_a_lockout_is_lifted(admin_db, priya, dana):
    for _ in range(5):
        with pytest.raises(NotAllowed):
            sign_in(admin_db, dana, "000917")
    with pytest.raises(NotAllowed, match="Too many wrong PINs"):
        sign_in(admin_db, dana, "286413")
    me = member(admin_db, priya)
    (locked,) = [t for t in admin_desk.therapists(member=me) if t.therapist_id == dana]
    assert locked.locked_until is not None
    assert admin_desk.lift_lockout(member=me, therapist_id=dana) == "Dana Fox can sign in again."
    assert admin_desk.lift_lockout(member=me, therapist_id=dana) == "Dana Fox isn't locked out."  # a double tap
    assert sign_in(admin_db, dana, "286413").name == "Dana Fox"
    assert (row(admin_db, dana).lockouts, row(admin_db, dana).locked_until) == (0, None)
    assert [t for t in trail(admin_db) if t[0] == "unlock"] == [("unlock", priya, NORTH, "Dana Fox")]


def test_a_new_pin_also_lifts_a_lockout(admin_db, priya, dana):
    for _ in range(5):
        with pytest.raises(NotAllowed):
            sign_in(admin_db, dana, "000917")
    admin_desk.reset_pin(member=member(admin_db, priya), therapist_id=dana, pin="864209", pin_again="864209")
    assert sign_in(admin_db, dana, "864209").name == "Dana Fox"


def test_an_admin_demoted_by_another_is_refused_at_once(admin_db, priya, dana):
    save(member(admin_db, priya), dana, is_admin=True)
    as_dana = member(admin_db, dana)  # Dana signed in as an admin
    save(member(admin_db, priya), dana, is_admin=False)
    with pytest.raises(RoleNeeded, match="Your access was changed by an admin"):
        admin_desk.reset_pin(member=as_dana, therapist_id=priya, pin="117035", pin_again="117035")
