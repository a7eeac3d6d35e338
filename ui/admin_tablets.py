"""The admin page's lobby tablets: the list with each one's last use, revoke, and enrol a new
one (its address shown once, to open on that tablet and leave there)."""

import streamlit as st

from kiosk_core.config import ClinicConfig, settings
from kiosk_core.errors import Unavailable
from kiosk_core.screens import tablet_desk
from ui.addresses import public_base, short
from ui.staff_gate import plain, plain_line, plain_note, reconnecting, say, staff_action

_NEW = "admin_new_tablet"


@staff_action
def on_enrol(member) -> None:
    name, where = st.session_state.get("tablet_name") or "", st.session_state.get("tablet_where")
    if not where:
        say("Choose the tablet's location.", "warn")
        return
    st.session_state[_NEW] = tablet_desk.enrol_tablet(member=member, name=name, location_slug=where)
    st.session_state["tablet_name"] = ""


@staff_action
def on_revoke(member, tablet_id: int) -> None:
    say(tablet_desk.revoke_tablet(member=member, tablet_id=tablet_id), "ok")


def _when(moment) -> str:
    return moment.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M") if moment else "never"


def tablets_section(member, clinic: ClinicConfig) -> None:
    places = {location.slug: location.name for location in clinic.locations}
    st.header("Lobby tablets", anchor=False)
    st.caption("Only an enrolled tablet checks clients in without a limit; any other browser counts as a phone.")
    if new := st.session_state.pop(_NEW, None):
        address = f"{public_base('admin')}/?location={new.location_slug}&tablet={new.token}"
        plain_note(f"{new.name} enrolled. Open this address on that tablet once and leave it there (shown only now):")
        st.code(short(address), language=None, wrap_lines=True)
    try:
        rows = tablet_desk.tablet_list(member=member)
    except Unavailable:
        reconnecting()
    for row in rows:
        status = f"revoked {_when(row.revoked_at)}" if row.revoked_at else f"last used {_when(row.last_used_at)}"
        line, button = st.columns([4, 1], vertical_alignment="center")
        with line:
            plain_line(
                f"<b>{plain(row.name)}</b> · {plain(places.get(row.location_slug, row.location_slug))} · "
                f"enrolled {_when(row.enrolled_at)} · {status}"
            )
        if row.revoked_at is None:
            button.button("Revoke", key=f"revoke_tablet_{row.tablet_id}", on_click=on_revoke, args=(row.tablet_id,))
    with st.expander("Enrol a tablet"), st.form("enrol_tablet", border=False, enter_to_submit=False):
        st.text_input("Name", max_chars=60, key="tablet_name", placeholder="Front desk tablet", autocomplete="off")
        st.selectbox("Location", list(places), format_func=places.get, index=None, key="tablet_where")
        st.form_submit_button("Enrol", key="tablet_go", on_click=on_enrol, type="primary")
