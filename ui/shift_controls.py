"""The queue board's shift bar: "Start shift" (choosing the room) and "End shift", and the
question before taking over a room another therapist holds. Drawn on each refresh of the board,
whose read is the shift's heartbeat (kiosk_core.screens.shift_desk). Signing in starts no shift."""

import streamlit as st

from kiosk_core.errors import Unavailable
from kiosk_core.screens import shift_desk
from kiosk_core.staff.authority import SignedOut
from kiosk_core.staff.shifts import RoomHeld
from kiosk_core.staff.therapists import StaffMember
from ui.staff_gate import left, plain, plain_line, plain_note, say, staff_action

_ASKING, _CHANGED, _ROOM = "shift_asking", "shift_changed", "shift_room"


def _started(text: str) -> None:
    st.session_state.pop(_ASKING, None)
    st.session_state[_CHANGED] = True  # the page's bar names the room: redrawn on the next run
    say(text, "ok")


@staff_action
def _on_start(member: StaffMember, take_over_from: int | None = None) -> None:
    room = st.session_state.get(_ROOM) or ""
    try:
        _started(shift_desk.start_shift(member=member, room=room, take_over_from=take_over_from))
    except RoomHeld as held:
        st.session_state[_ASKING] = (held.room, held.holder_id, held.holder_name)


@staff_action
def _on_take_over(member: StaffMember) -> None:
    room, holder_id, _ = st.session_state.get(_ASKING, ("", None, ""))
    st.session_state[_ROOM] = room
    _on_start.__wrapped__(member, holder_id)


def _on_keep() -> None:
    st.session_state.pop(_ASKING, None)


@staff_action
def _on_end(member: StaffMember) -> None:
    st.session_state.pop(_ASKING, None)
    st.session_state[_CHANGED] = True
    say(shift_desk.end_shift(member=member), "ok")


def shift_controls(member: StaffMember) -> None:
    """The member's shift and its buttons, at the top of the board (nothing for the front desk)."""
    try:
        bar = shift_desk.shift_bar(member=member)
    except Unavailable:
        return  # the board below says it is reconnecting
    except SignedOut as error:
        left(error)
    if st.session_state.pop(_CHANGED, False):
        st.rerun(scope="app")
    if not (bar.may_work or bar.on_shift):  # a shift still open can always be ended
        return
    with st.container(border=True, key="shift_controls"):
        if bar.on_shift:
            words, button = st.columns([4, 1], vertical_alignment="center")
            with words:
                where = f" · {plain(bar.room)}" if bar.room else ""
                plain_line(f"<b>On shift</b>{where}")
            button.button("End shift", key="shift_end", on_click=_on_end, width="stretch")
            return
        # One row, so that the board's list starts high on a tablet: the room, then Start shift.
        choice, go = st.columns([3, 1], vertical_alignment="bottom")
        with choice:
            _room_choice(bar)
        asking = st.session_state.get(_ASKING)
        if asking is not None:
            room, _, name = asking
            plain_note(f"{room} is held by {name} — take it over?", "warn")
            yes, no = st.columns(2)
            yes.button(f"Take over {room}", key="shift_take_over", on_click=_on_take_over, type="primary")
            no.button("Choose another room", key="shift_keep", on_click=_on_keep)
            return
        go.button("Start shift", key="shift_start", type="primary", on_click=_on_start, width="stretch")
        st.caption("You count for the wait and can call clients while on shift.")


def _room_choice(bar: shift_desk.ShiftBar) -> None:
    """The location's rooms, a held one naming who holds it; the first free one comes chosen."""
    if not bar.rooms:
        return
    if st.session_state.get(_ROOM) not in bar.rooms:
        st.session_state[_ROOM] = next((room for room in bar.rooms if room not in bar.held), bar.rooms[0])

    def label(room: str) -> str:
        return f"{room} ({bar.held[room][1]})" if room in bar.held else room

    st.segmented_control("Your room", bar.rooms, format_func=label, key=_ROOM, required=True)  # never none
