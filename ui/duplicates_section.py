"""The admin screen's "Duplicate clients": likely pairs side by side, and a merge after a check."""

import streamlit as st

from kiosk_core.clients.merging import LikelyPair, Person
from kiosk_core.errors import KioskError, Unavailable
from kiosk_core.screens import duplicates_desk

SHOWN = "duplicates_shown"


def _said(kind: str, text: str) -> None:
    st.session_state["duplicates_said"] = (kind, text)


def on_list(member) -> None:
    try:
        st.session_state[SHOWN] = duplicates_desk.likely_duplicates(member=member)
    except Unavailable:
        _said("error", "The database isn't answering. Please try again in a moment.")
    except KioskError as error:
        _said("error", str(error.said))


def on_merge(member, pair: LikelyPair) -> None:
    key = f"dup_check_{pair.merge.client_id}"
    try:
        said = duplicates_desk.merge(
            member=member,
            keep_id=pair.keep.client_id,
            merge_id=pair.merge.client_id,
            checked=bool(st.session_state.get(key)),
        )
    except Unavailable:
        _said("error", "The database isn't answering. Nothing was merged; please try again.")
        return
    except KioskError as error:
        _said("error", str(error.said))
        return
    _said("success", said)
    st.session_state.pop(SHOWN, None)  # the list changed: look again


def _person(column, title: str, person: Person) -> None:
    with column:
        st.caption(title)
        st.text(f"#{person.client_id} {person.name}")
        last = person.last_visit.isoformat() if person.last_visit else "none"
        st.text(f"{person.contact} · {person.visits} visits · last {last} · since {person.registered.isoformat()}")


def duplicates_section(member) -> None:
    st.header("Duplicate clients", anchor=False)
    st.write(
        "Clients who share a phone number or e-mail and have the same person's name. Merging moves every visit "
        "and card to the record kept; the other stays only as a pointer, so its old card still works."
    )
    if said := st.session_state.pop("duplicates_said", None):
        (st.success if said[0] == "success" else st.error)(said[1])
    st.button("Find likely duplicates", key="dup_list", on_click=on_list, args=(member,))
    pairs = st.session_state.get(SHOWN)
    if pairs is None:
        return
    if not pairs:
        st.info("No likely duplicates.")
    for pair in pairs:
        with st.container(border=True, key=f"dup_{pair.merge.client_id}"):
            keep, merge = st.columns(2)
            _person(keep, "Keep", pair.keep)
            _person(merge, "Merge into it", pair.merge)
            st.checkbox("I checked these are one person", key=f"dup_check_{pair.merge.client_id}")
            st.button("Merge", key=f"dup_merge_{pair.merge.client_id}", on_click=on_merge, args=(member, pair))
