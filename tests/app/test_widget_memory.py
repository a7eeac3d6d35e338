"""A session open all day keeps the widgets it draws, not every widget it ever drew
(forget_gone_widgets in ui/streamlit_internals.py): without it, Streamlit keeps each gone widget's metadata for ever."""

import json

from streamlit.components.v2.bidi_component.main import _make_trigger_id
from streamlit.testing.v1 import AppTest

from kiosk_core import db
from kiosk_core.visits.actions import apply_action
from tests.app.test_board import arrive
from tests.app.test_queue_page import buttons, pick, sign_in, staff_page
from tests.factories import make_therapist


def remembered(at: AppTest) -> tuple[int, int]:
    """How many widgets the session holds metadata for, and how many keys it maps."""
    state = at._session_state._state
    return len(state._new_widget_state.widget_metadata), len(state._key_id_mapper.id_key_mapping)


def a_button_per_round() -> None:
    import streamlit as st

    import ui  # noqa: F401  (what every page imports; it installs the fix)

    st.session_state.setdefault("round", 0)
    st.session_state.setdefault("clicked", [])
    st.text_input("Kept", key="kept")
    st.button("Go", key=f"go_{st.session_state['round']}", on_click=st.session_state["clicked"].append, args=("go",))
    st.session_state["round"] += 1


def test_a_widget_no_longer_drawn_is_forgotten_and_those_drawn_still_work():
    at = AppTest.from_function(a_button_per_round).run()
    at.text_input(key="kept").input("still here").run()
    for _ in range(20):
        at.button(key=f"go_{at.session_state['round'] - 1}").click().run()
    assert at.session_state["clicked"] == ["go"] * 20  # every click on the button in view reached its callback
    assert at.text_input(key="kept").value == "still here"
    assert remembered(at) == (2, 2)  # the text field and this round's button, not 22


def a_card_scanner() -> None:
    import functools

    import streamlit as st

    from ui.card_scanner import card_scanner

    def heard(event: str) -> None:
        st.session_state["heard"].append((event, st.session_state["scanner_0"][event]))

    st.session_state.setdefault("heard", [])
    card_scanner(
        key="scanner_0",
        label="Camera",
        on_scanned=functools.partial(heard, "scanned"),
        on_unavailable=functools.partial(heard, "unavailable"),
    )


def test_a_component_on_screen_still_hears_its_events():
    # Its event widget is never counted as drawn (found in review: the live scan stopped greeting).
    at = AppTest.from_function(a_card_scanner).run()
    for event, value in (("scanned", "KQ1-TEST"), ("unavailable", "timeout")):
        scanner = next(w for w in at._session_state._state._new_widget_state.widget_metadata if w.endswith("scanner_0"))
        states = at._tree.get_widget_states()
        sent = states.widgets.add()
        sent.id = _make_trigger_id(scanner, "events")
        sent.json_trigger_value = json.dumps({"event": event, "value": value})
        at._run(states)
    assert at.session_state["heard"] == [("scanned", "KQ1-TEST"), ("unavailable", "timeout")]


def test_a_board_open_all_day_remembers_todays_rows_not_every_visit_it_showed(app_db, clinic):
    sam = make_therapist(app_db, name="Sam Chen", pin="286413")
    at = sign_in(staff_page(), sam, "286413")
    held = []
    for _ in range(4):
        visits = [arrive(app_db, clinic, first_name=name) for name in ("Ann", "Bea", "Cy")]
        at.run()
        waiting = [line for line in at.radio(key="board_pick").options if "finished" not in line]
        pick(at, visits[0])  # the pane shows the taps of the client selected
        assert len(waiting) == 3 and any(key.endswith(f"_{visits[0]}") for key in buttons(at)), buttons(at)
        held.append(remembered(at))
        for visit_id in visits:
            with db.write_session(app_db) as session:
                for action in ("call", "start", "finish"):
                    apply_action(session=session, visit_id=visit_id, action=action, therapist_id=sam)
    assert held[-1] == held[0], held  # 12 visits came and went; the board holds three rows' worth
