"""Admins: the front desk's "lost my card", and the therapists (add, deactivate, locations,
training, admin, PIN, lockout). The core checks the admin again on every call and audits every
action and every look at a client; this page only reads widgets and calls one function each.

No callback keeps the signed-in admin in a variable: each is a staff_action, which asks
ui.staff_gate for the member signed in now (after sign-out, a late tap does nothing).
"""

import streamlit as st

from kiosk_core.config import settings
from kiosk_core.errors import KioskError, Unavailable
from kiosk_core.screens import admin_desk, lost_card_desk
from kiosk_core.staff.authority import SignedOut
from kiosk_core.staff.roles import STORED, Need
from ui.admin_tablets import tablets_section
from ui.duplicates_section import duplicates_section
from ui.setup import ready
from ui.staff_gate import (
    left,
    plain,
    plain_heading,
    plain_line,
    plain_note,
    reconnecting,
    require_staff,
    say,
    show_note,
    staff_action,
    staff_idle_watch,
)
from ui.therapist_identity_section import identity_form

clinic = ready()
PLACES = {location.slug: location.name for location in clinic.locations}
LOOKUP, NEW_CARD = "admin_lookup", "admin_new_card"
ROLES = [role.value for role in STORED]  # admin is its own checkbox
ROLE_LABELS = {role.value: role.label.capitalize() for role in STORED}


def _forget(*keys: str) -> list[str]:
    """The fields' values, then empty them: a PIN is never kept in the session after it is sent."""
    values = [st.session_state.get(key) or "" for key in keys]
    for key in keys:
        st.session_state[key] = ""
    return values


# --- Lost card -------------------------------------------------------------------------


@staff_action
def on_find(member) -> None:
    st.session_state.pop(LOOKUP, None)  # a refused search shows nobody from the last one
    st.session_state.pop(NEW_CARD, None)
    for key in [k for k in st.session_state if str(k).startswith("checked_")]:
        del st.session_state[key]  # each lookup's check with the client starts unticked
    st.session_state[LOOKUP] = lost_card_desk.find_client(member=member, contact=st.session_state.get("lookup_contact"))


def _looked_up(client_id: int):
    lookup = st.session_state.get(LOOKUP)
    match = next((m for m in lookup.matches if m.client_id == client_id), None) if lookup else None
    return lookup, match


@staff_action
def on_reissue(member, client_id: int) -> None:
    lookup, match = _looked_up(client_id)
    if match is None:
        return  # a second tap once the card is made: the lookup is used up
    new = lost_card_desk.reissue_card(
        member=member,
        contact=lookup.contact,
        client_id=client_id,
        card_id=match.card_id,
        checked_with_client=bool(st.session_state.get(f"checked_{client_id}")),
        clinic_name=clinic.clinic.name,
    )
    st.session_state.pop(LOOKUP, None)
    st.session_state["lookup_contact"] = ""
    st.session_state[NEW_CARD] = new
    say(f"{new.name} has a new card; the old one no longer works.", "ok")


@staff_action
def on_revoke(member, client_id: int) -> None:
    lookup, match = _looked_up(client_id)
    if match is None:
        return
    said = lost_card_desk.revoke_card(
        member=member,
        contact=lookup.contact,
        client_id=client_id,
        card_id=match.card_id,
        checked_with_client=bool(st.session_state.get(f"checked_{client_id}")),
    )
    st.session_state.pop(LOOKUP, None)
    st.session_state["lookup_contact"] = ""
    say(said, "ok")


@staff_action
def on_card_done(member) -> None:
    st.session_state.pop(NEW_CARD, None)  # shown once: it can't be brought back


def lost_card_section() -> None:
    st.header("Lost card", anchor=False)
    with st.form("lookup", border=False, enter_to_submit=True):
        st.text_input(
            "Client's phone number or e-mail (exactly as they registered it)",
            key="lookup_contact",
            max_chars=254,
            autocomplete="off",
        )
        st.form_submit_button("Find", key="lookup_go", on_click=on_find, icon=":material/search:")
    if new := st.session_state.get(NEW_CARD):
        with st.container(border=True):
            plain_heading(f"New card for {new.name}")
            st.image(new.png, width=320, alt="The client's new check-in card: a QR code")
            plain_line("Print it or let the client photograph it now: it is shown only this once.")
            row = st.container(horizontal=True)
            row.download_button(
                "Download to print", new.png, "card.png", "image/png", key="card_png", on_click="ignore"
            )
            row.button("Done", key="card_done", on_click=on_card_done, type="primary")
        return
    lookup = st.session_state.get(LOOKUP)
    if lookup is None:
        return
    if not lookup.matches:
        plain_note(f"No client is registered with that {lookup.kind}. Only an exact match is found.")
    for match in lookup.matches:
        with st.container(border=True):
            visit = f"last visit {match.last_visit:%a %d %b %Y}" if match.last_visit else "no visit yet"
            card = "card active" if match.card_active else "no active card"
            plain_line(f"<b>{plain(match.name)}</b> · {visit} · {card}")
            st.checkbox(f"I checked the {lookup.kind} with the client", key=f"checked_{match.client_id}")
            row = st.container(horizontal=True)
            row.button(
                "Revoke and issue a new card",
                key=f"reissue_{match.client_id}",
                on_click=on_reissue,
                args=(match.client_id,),
                type="primary",
            )
            row.button("Revoke card only", key=f"revoke_{match.client_id}", on_click=on_revoke, args=(match.client_id,))


# --- Therapists --------------------------------------------------------------------------


@staff_action
def on_add(member) -> None:
    pin, again = _forget("add_pin", "add_pin_again")
    say(
        admin_desk.add_therapist(
            member=member,
            name=st.session_state.get("add_name") or "",
            pin=pin,
            pin_again=again,
            location_slugs=list(st.session_state.get("add_where") or []),
            medical_trained=bool(st.session_state.get("add_medical")),
            is_admin=bool(st.session_state.get("add_admin")),
            roles=list(st.session_state.get("add_roles") or []),
        ),
        "ok",
    )
    st.session_state.update(add_name="", add_where=[], add_medical=False, add_admin=False, add_roles=["therapist"])


@staff_action
def on_active(member, therapist_id: int, active: bool) -> None:
    say(admin_desk.set_active(member=member, therapist_id=therapist_id, active=active), "ok")


@staff_action
def on_unlock(member, therapist_id: int) -> None:
    say(admin_desk.lift_lockout(member=member, therapist_id=therapist_id), "ok")


@staff_action
def on_save(member, therapist_id: int) -> None:
    said = admin_desk.update_therapist(
        member=member,
        therapist_id=therapist_id,
        location_slugs=list(st.session_state.get(f"where_{therapist_id}") or []),
        medical_trained=bool(st.session_state.get(f"medical_{therapist_id}")),
        is_admin=bool(st.session_state.get(f"admin_{therapist_id}")),
        roles=list(st.session_state.get(f"roles_{therapist_id}") or []),
    )
    say(said, "ok")


@staff_action
def on_reset_pin(member, therapist_id: int) -> None:
    pin, again = _forget(f"pin_{therapist_id}", f"pin_again_{therapist_id}")
    say(admin_desk.reset_pin(member=member, therapist_id=therapist_id, pin=pin, pin_again=again), "ok")


def status(row: admin_desk.TherapistRow) -> str:
    if not row.active:
        return "inactive"
    if row.locked_until:
        return f"locked out until {row.locked_until.astimezone(settings.tz):%H:%M}"
    return f"active, {row.wrong_pins} wrong PIN(s) in a row" if row.wrong_pins else "active"


def roster(rows: list[admin_desk.TherapistRow]) -> None:
    """Every therapist as a table of plain text (names are as typed)."""
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Name", "Works at", "Medical", "Admin", "Status"))
    body = "".join(
        f"<tr><td>{plain(r.name)}</td><td>{plain(', '.join(PLACES.get(s, s) for s in r.locations))}</td>"
        f"<td>{'yes' if r.medical_trained else 'no'}</td><td>{'yes' if r.is_admin else 'no'}</td>"
        f"<td>{plain(status(r))}</td></tr>"
        for r in rows
    )
    st.html(f'<table class="staff-answers"><caption hidden>Therapists</caption><tr>{head}</tr>{body}</table>')


def manage(row: admin_desk.TherapistRow, me: int) -> None:
    tid = row.therapist_id
    with st.container(border=True):
        plain_heading(row.name)
        plain_line(plain(status(row)))
        buttons = st.container(horizontal=True)
        if row.therapist_id != me:  # the core refuses it too; no button that can only fail
            label = "Reactivate" if not row.active else "Deactivate"
            buttons.button(label, key=f"active_{tid}", on_click=on_active, args=(tid, not row.active))
        if row.locked_until or row.wrong_pins:
            buttons.button("Lift lockout", key=f"unlock_{tid}", on_click=on_unlock, args=(tid,))
        settings_column, pin_column = st.columns(2, gap="large")
        with settings_column, st.form(f"settings_form_{tid}", border=False):
            st.multiselect(
                "Works at",
                list(PLACES),
                default=[s for s in row.locations if s in PLACES],
                format_func=PLACES.get,
                key=f"where_{tid}",
            )
            st.checkbox("Trained in medical massage", value=row.medical_trained, key=f"medical_{tid}")
            st.checkbox("Admin", value=row.is_admin, key=f"admin_{tid}")
            st.multiselect("Roles", ROLES, default=row.roles, format_func=ROLE_LABELS.get, key=f"roles_{tid}")
            st.form_submit_button("Save", key=f"save_{tid}", on_click=on_save, args=(tid,))
        with pin_column, st.form(f"pin_form_{tid}", border=False, enter_to_submit=True):
            st.text_input("New PIN", type="password", max_chars=8, key=f"pin_{tid}", autocomplete="off")
            st.text_input("New PIN again", type="password", max_chars=8, key=f"pin_again_{tid}", autocomplete="off")
            st.form_submit_button("Set new PIN", key=f"set_pin_{tid}", on_click=on_reset_pin, args=(tid,))
        identity_form(row)


def add_form() -> None:
    with st.expander("Add a therapist"), st.form("add_therapist", border=False, enter_to_submit=False):
        st.text_input("Name", max_chars=100, key="add_name", autocomplete="off")
        st.text_input(
            f"PIN ({settings.pin_min_digits} to 8 digits)",
            type="password",
            max_chars=8,
            key="add_pin",
            autocomplete="off",
        )
        st.text_input("PIN again", type="password", max_chars=8, key="add_pin_again", autocomplete="off")
        st.multiselect("Works at", list(PLACES), format_func=PLACES.get, key="add_where")
        st.multiselect("Roles", ROLES, default=["therapist"], format_func=ROLE_LABELS.get, key="add_roles")
        st.checkbox("Trained in medical massage", key="add_medical")
        st.checkbox("Admin", key="add_admin")
        st.form_submit_button("Add therapist", key="add_go", on_click=on_add, type="primary")


member, who = require_staff(Need.LOST_CARD, "Admin")
show_note()
lost_card_section()
if who.may(Need.ACCOUNTS):
    try:
        rows = admin_desk.therapists(member=member)  # the core checks the admin again, in the database
    except Unavailable:
        reconnecting()
    except SignedOut as error:
        left(error)
    except KioskError as error:
        plain_note(str(error), "warn")
        st.stop()
    st.header("Therapists", anchor=False)
    roster(rows)
    names = {r.therapist_id: r.name for r in rows}
    picked = st.selectbox(
        "Manage a therapist",
        list(names),
        format_func=names.get,
        index=None,
        key="admin_pick",
        placeholder="Choose a name",
    )
    if picked is not None and picked in names:
        manage(next(r for r in rows if r.therapist_id == picked), member.therapist_id)
    add_form()
    tablets_section(member, clinic)
    duplicates_section(member)
staff_idle_watch()
