"""Issue 21, finding 3 (least privilege), on SQLite and PostgreSQL: every staff service against
every role. Before, every therapist saw reports and downloaded the visit CSV (red-flag codes by
client id); now each call asks for the role kiosk_core.staff.roles.NEEDS names, in the database."""

from datetime import date

import pytest

from kiosk_core import db
from kiosk_core.screens import admin_desk, lost_card_desk, staff_desk, tablet_desk
from kiosk_core.staff.authority import RoleNeeded
from kiosk_core.staff.roles import NEEDS, Need, Role
from tests.factories import make_client, make_therapist, signed_in
from tests.integration.test_checkin import MORNING, SCIATICA, do_check_in

DAY = date(2026, 11, 23)
GRANTS = {  # (is_admin, stored roles)
    "admin": (True, ()),
    "therapist": (False, ("therapist",)),
    "front_desk": (False, ("front_desk",)),
    "reporting": (False, ("reporting",)),
    "none": (False, ()),
}


def calls(clinic, visit_id: int) -> dict[Need, object]:
    """One call per need, each made by `who`."""
    return {
        Need.BOARD: lambda who: staff_desk.board(clinic=clinic, member=who, now=MORNING),
        Need.INTAKE: lambda who: staff_desk.open_visit(member=who, visit_id=visit_id),
        Need.VISIT_TAP: lambda who: staff_desk.act(member=who, visit_id=visit_id, action="call"),
        Need.REPORTS: lambda who: (
            staff_desk.report(member=who, start=DAY, end=DAY),
            staff_desk.visits_csv_download(member=who, start=DAY, end=DAY),
        ),
        Need.AUDIT_LOG: lambda who: staff_desk.audit_log(member=who, start=DAY, end=DAY),
        Need.LOST_CARD: lambda who: lost_card_desk.find_client(member=who, contact="3155550100"),
        Need.ACCOUNTS: lambda who: (admin_desk.therapists(member=who), tablet_desk.tablet_list(member=who)),
    }


@pytest.mark.parametrize("grant", list(GRANTS))
def test_every_service_against_every_role(engine, clinic, monkeypatch, grant):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    make_client(engine, phone="3155550100")
    visit_id = do_check_in(engine, clinic, make_client(engine)[0], SCIATICA).visit_id
    is_admin, roles = GRANTS[grant]
    who = signed_in(engine, make_therapist(engine, admin=is_admin, roles=roles))
    held = {Role(grant)} if grant != "none" else set()
    for need, call in calls(clinic, visit_id).items():
        if held & NEEDS[need]:
            call(who)
        else:
            with pytest.raises(RoleNeeded):
                call(who)


def test_an_admin_grants_and_takes_back_a_role_and_it_holds_at_the_next_read(engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    admin = signed_in(engine, make_therapist(engine, name="Priya Shah", admin=True))
    dana_id = make_therapist(engine, name="Dana Fox")
    dana = signed_in(engine, dana_id)
    with pytest.raises(RoleNeeded):
        staff_desk.report(member=dana, start=DAY, end=DAY)
    save = {"member": admin, "therapist_id": dana_id, "location_slugs": ["north-syracuse"], "medical_trained": True}
    said = admin_desk.update_therapist(**save, is_admin=False, roles=["therapist", "reporting"])
    assert said == "Dana Fox saved: roles therapist -> reporting, therapist."
    assert staff_desk.report(member=dana, start=DAY, end=DAY).check_ins == 0
    admin_desk.update_therapist(**save, is_admin=False, roles=["therapist"])
    with pytest.raises(RoleNeeded):
        staff_desk.report(member=dana, start=DAY, end=DAY)
    with pytest.raises(admin_desk.BadEntry):
        admin_desk.update_therapist(**save, is_admin=False, roles=["superuser"])
