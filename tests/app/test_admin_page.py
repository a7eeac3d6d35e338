"""The admin page in AppTest: admins only, therapists managed, a lost card looked up and
reissued once, friendly messages, names as plain text, and nothing done after sign-out."""

from unittest.mock import patch

import pytest
from sqlmodel import select

from kiosk_core import db
from kiosk_core.clients import cards
from kiosk_core.clients.registry import identify
from kiosk_core.errors import Unavailable
from kiosk_core.models import AuditEvent, Card, Therapist
from kiosk_core.staff.therapists import pin_matches
from tests.app.test_queue_page import markup, sign_in, staff_page, visible
from tests.factories import make_client, make_therapist

DOWN = Unavailable()  # what every façade raises for a database that is away
HOSTILE = "Dana [x](http://evil.example) **b** :red[x] <img src=x onerror=alert(1)>"


@pytest.fixture
def priya(app_db):
    return make_therapist(app_db, name="Priya Shah", pin="447016", admin=True)


@pytest.fixture
def dana(app_db):
    return make_therapist(app_db, name="Dana Fox", pin="286413", medical=False)


def admin_page(therapist_id: int, pin: str):
    return sign_in(staff_page("pages/admin.py"), therapist_id, pin)


def actions(engine) -> list[str]:
    with db.read_session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)))


def therapist(engine, therapist_id: int) -> Therapist:
    with db.read_session(engine) as session:
        return session.get(Therapist, therapist_id)


def test_a_therapist_who_is_not_an_admin_sees_the_bar_and_why_and_nothing_else(app_db, priya, dana):
    make_client(app_db, first_name="Rosa", last_name="Delgado")
    at = admin_page(dana, "286413")
    assert not at.exception
    shown = visible(at)
    assert "This needs the admin or front desk role. Please ask an admin." in shown
    assert "Lost card" not in shown and "Therapists" not in shown and "Rosa" not in shown
    assert [b.key for b in at.button] == ["sign_out"] and not at.text_input and not at.selectbox and not at.image
    assert "Priya" not in visible(at)


def test_an_admin_sees_the_page_and_the_staff_bar_links_it(app_db, priya, dana):
    at = admin_page(priya, "447016")
    assert not at.exception
    assert "Admin" in [t.value for t in at.title] and "Lost card" in visible(at)
    assert "<td>Dana Fox</td>" in markup(at) and "<td>Priya Shah</td>" in markup(at)
    links = [link.proto.page for link in sign_in(staff_page(), priya, "447016").get("page_link")]
    assert links == ["queue", "chart", "reports", "admin"]
    links = [link.proto.page for link in sign_in(staff_page(), dana, "286413").get("page_link")]
    assert links == ["queue", "chart"]  # reports need the reporting role; admin, the admin or front desk role


def manage(at, therapist_id: int):
    return at.selectbox(key="admin_pick").set_value(therapist_id).run()


def test_reset_a_pin_typed_twice(app_db, priya, dana):
    at = manage(admin_page(priya, "447016"), dana)
    at.text_input(key=f"pin_{dana}").input("864209")
    at.text_input(key=f"pin_again_{dana}").input("8643")
    at.button(key=f"set_pin_{dana}").click().run()
    assert "The two PINs differ" in visible(at)
    assert at.text_input(key=f"pin_{dana}").value == ""  # a PIN is not kept, even a refused one
    at.text_input(key=f"pin_{dana}").input("864209")
    at.text_input(key=f"pin_again_{dana}").input("864209")
    at.button(key=f"set_pin_{dana}").click().run()
    assert not at.exception and "New PIN set for Dana Fox." in visible(at)
    stored = therapist(app_db, dana).pin_hash
    assert pin_matches("864209", stored) and not pin_matches("286413", stored)
    assert actions(app_db).count("reset_pin") == 1


def test_deactivate_another_but_never_yourself(app_db, priya, dana):
    at = manage(admin_page(priya, "447016"), priya)
    assert not [b for b in at.button if b.key == f"active_{priya}"]  # no button that can only fail
    manage(at, dana)
    at.button(key=f"active_{dana}").click().run()
    assert "Dana Fox deactivated." in visible(at) and "inactive" in markup(at)
    assert therapist(app_db, dana).active is False
    at.button(key=f"active_{dana}").click().run()  # now labelled Reactivate
    assert "Dana Fox reactivated." in visible(at) and therapist(app_db, dana).active


def test_removing_the_last_admin_is_refused_in_words(app_db, priya):
    at = manage(admin_page(priya, "447016"), priya)
    at.checkbox(key=f"admin_{priya}").uncheck()
    at.button(key=f"save_{priya}").click().run()
    assert not at.exception and not at.error
    assert "at least one active admin" in visible(at)
    assert therapist(app_db, priya).is_admin


def test_locations_and_training_are_saved(app_db, priya, dana):
    at = manage(admin_page(priya, "447016"), dana)
    at.multiselect(key=f"where_{dana}").set_value(["north-syracuse", "downtown-syracuse"])
    at.checkbox(key=f"medical_{dana}").check()
    at.button(key=f"save_{dana}").click().run()
    assert "Dana Fox saved" in visible(at)
    assert therapist(app_db, dana).medical_trained


def test_a_lockout_is_lifted_from_the_page(app_db, priya, dana):
    with db.write_session(app_db) as session:
        session.get(Therapist, dana).failed_pin_attempts = 3
    at = manage(admin_page(priya, "447016"), dana)
    assert "3 wrong PIN(s) in a row" in visible(at)
    at.button(key=f"unlock_{dana}").click().run()
    assert "Dana Fox can sign in again." in visible(at)
    assert therapist(app_db, dana).failed_pin_attempts == 0


def test_add_a_therapist_with_a_hostile_name_shown_as_typed(app_db, priya):
    at = admin_page(priya, "447016")
    at.text_input(key="add_name").input(HOSTILE)
    at.text_input(key="add_pin").input("315724")
    at.text_input(key="add_pin_again").input("315724")
    at.multiselect(key="add_where").set_value(["north-syracuse"])
    at.button(key="add_go").click().run()
    assert not at.exception
    assert at.text_input(key="add_name").value == "" and at.text_input(key="add_pin").value == ""
    escaped = "Dana [x](http://evil.example) **b** :red[x] &lt;img src=x onerror=alert(1)&gt;"
    assert f"<td>{escaped}</td>" in markup(at) and f"{escaped} added." in markup(at)
    assert not [m for m in at.markdown if "evil" in m.value]


def test_adding_without_a_location_says_so(app_db, priya):
    at = admin_page(priya, "447016")
    at.text_input(key="add_name").input("Eve")
    at.text_input(key="add_pin").input("315724")
    at.text_input(key="add_pin_again").input("315724")
    at.button(key="add_go").click().run()
    assert not at.exception and "Choose at least one location." in visible(at)
    assert at.text_input(key="add_name").value == "Eve"  # what was typed stays, except the PINs


@pytest.fixture
def rosa(app_db):
    return make_client(app_db, first_name="Rosa", last_name="Delgado", phone="3155550199")


def find(at, contact: str):
    at.text_input(key="lookup_contact").input(contact)
    return at.button(key="lookup_go").click().run()


def test_lost_card_found_checked_reissued_and_shown_once(app_db, priya, rosa):
    client_id, old = rosa
    at = find(admin_page(priya, "447016"), "(315) 555-0199")
    assert "Rosa D." in visible(at) and "Delgado" not in visible(at) and "no visit yet" in visible(at)
    at.button(key=f"reissue_{client_id}").click().run()
    assert "tick the box" in visible(at) and not at.image
    at.checkbox(key=f"checked_{client_id}").check()
    at.button(key=f"reissue_{client_id}").click().run()
    assert not at.exception and "New card for Rosa D." in visible(at)
    assert len(at.image) == 1
    with db.read_session(app_db) as session:
        assert len(session.exec(select(Card).where(Card.client_id == client_id, Card.revoked_at.is_(None))).all()) == 1
        with pytest.raises(cards.RevokedCard):
            identify(session=session, payload=old)
    # The lookup is used up: no button left for a second tap (the core refuses one too: see
    # tests/integration/test_lost_card.py), and the card made stays the working one.
    assert not [b for b in at.button if b.key.startswith(("reissue_", "revoke_"))]
    shown = cards.decode_picture(at.session_state["admin_new_card"].png)
    with db.read_session(app_db) as session:
        assert identify(session=session, payload=shown).id == client_id
    at.button(key="card_done").click().run()
    assert not at.image and "Rosa" not in visible(at)  # gone for good once done
    assert actions(app_db)[-3:] == ["lookup_client", "revoke_cards", "issue_card"]


def test_a_lookup_with_no_exact_match_and_a_bad_entry(app_db, priya, rosa):
    at = find(admin_page(priya, "447016"), "3155550198")
    assert "No client is registered with that phone number." in visible(at)
    find(at, "Rosa")
    assert not at.exception and "Type a phone number (10 digits)" in visible(at)
    assert actions(app_db).count("lookup_client") == 1  # a refused search is not a search


def test_revoke_card_only(app_db, priya, rosa):
    client_id, old = rosa
    at = find(admin_page(priya, "447016"), "3155550199")
    at.checkbox(key=f"checked_{client_id}").check()
    at.button(key=f"revoke_{client_id}").click().run()
    assert "Rosa D.'s card is revoked" in visible(at) and not at.image
    with db.read_session(app_db) as session, pytest.raises(cards.RevokedCard):
        identify(session=session, payload=old)


def test_after_sign_out_a_late_tap_does_nothing_and_shows_nothing(app_db, priya, rosa, dana):
    client_id, old = rosa
    at = find(admin_page(priya, "447016"), "3155550199")
    at.checkbox(key=f"checked_{client_id}").check()
    manage(at, dana)
    at.session_state["staff_shift"].ended = True  # signed out in another run; the widgets are still here
    at.button(key=f"reissue_{client_id}").click().run()
    assert at.title[0].value == "Staff sign-in" and "Rosa" not in visible(at)
    with db.read_session(app_db) as session:
        assert identify(session=session, payload=old).id == client_id
    assert "revoke_cards" not in actions(app_db)


def test_an_idle_admin_is_signed_out_before_a_tap_acts(app_db, priya, dana):
    at = manage(admin_page(priya, "447016"), dana)
    at.session_state["staff_shift"].touched -= 16 * 60
    at.button(key=f"active_{dana}").click().run()
    assert at.title[0].value == "Staff sign-in" and therapist(app_db, dana).active


def test_an_admin_demoted_meanwhile_is_told_and_sees_nothing_more(app_db, priya, dana):
    at = admin_page(priya, "447016")
    make_therapist(app_db, name="Sam Chen", admin=True)
    with db.write_session(app_db) as session:
        session.get(Therapist, priya).is_admin = False
    at.run()
    shown = visible(at)
    assert not at.exception and "Your access was changed by an admin: this needs the admin or front desk role." in shown
    assert "Lost card" not in shown and "Therapists" not in shown


def test_the_database_away_is_a_calm_message(app_db, priya, dana):
    at = admin_page(priya, "447016")
    with patch("kiosk_core.screens.admin_desk.therapists", side_effect=DOWN):
        at.run()
        assert not at.exception and "Reconnecting…" in visible(at) and "Dana" not in visible(at)
    manage(at.run(), dana)  # the page's own retry, in a browser
    with patch("kiosk_core.screens.admin_desk.set_active", side_effect=DOWN):
        at.button(key=f"active_{dana}").click().run()
    assert not at.exception and "database isn't answering" in visible(at)
    at.run()
    assert "<td>Dana Fox</td>" in markup(at)


def test_an_admin_keeps_a_therapists_credentials_and_npi_for_claims(app_db, priya, dana):
    at = manage(admin_page(priya, "447016"), dana)
    at.text_input(key=f"credentials_{dana}").input("LMT")
    at.text_input(key=f"npi_{dana}").input("1000000005")
    at.button(key=f"identity_save_{dana}").click().run()
    assert not at.exception and "valid NPI" in visible(at)
    assert therapist(app_db, dana).npi == ""
    at.text_input(key=f"npi_{dana}").input("1000000004")
    at.button(key=f"identity_save_{dana}").click().run()
    assert not at.exception and "Saved for claims." in visible(at)
    assert (therapist(app_db, dana).credentials, therapist(app_db, dana).npi) == ("LMT", "1000000004")
    assert actions(app_db).count("therapist_identity") == 1
