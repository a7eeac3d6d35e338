"""A session open all day keeps the widgets it draws, not every widget it ever drew
(ui/widget_memory.py): without it, Streamlit keeps each gone widget's metadata for ever."""

from streamlit.testing.v1 import AppTest

from kiosk_core import db
from kiosk_core.actions import apply_action
from tests.app.test_board import arrive, sam  # noqa: F401  (sam is a fixture)
from tests.app.test_queue_page import buttons, sign_in, staff_page


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


def test_a_board_open_all_day_remembers_todays_rows_not_every_visit_it_showed(app_db, clinic, sam):  # noqa: F811
    at = sign_in(staff_page(), sam, "2468")
    held = []
    for _ in range(4):
        visits = [arrive(app_db, clinic, first_name=name) for name in ("Ann", "Bea", "Cy")]
        at.run()
        assert all(any(key.endswith(f"_{v}") for key in buttons(at)) for v in visits), buttons(at)
        held.append(remembered(at))
        for visit_id in visits:
            with db.write_session(app_db) as session:
                for action in ("call", "start", "finish"):
                    apply_action(session=session, visit_id=visit_id, action=action, therapist_id=sam)
    assert held[-1] == held[0], held  # 12 visits came and went; the board holds three rows' worth
