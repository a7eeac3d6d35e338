"""Each function of ui/streamlit_internals.py against the installed Streamlit. A failure names the
function and the private call that broke, so an upgrade is a look at one module, not a hunt.
(How a long-lived session's widget memory behaves is in test_widget_memory.py.)"""

import importlib
import inspect
import io
from typing import Any

import pytest
import streamlit
from PIL import Image
from streamlit.testing.v1 import AppTest

STREAMLIT = streamlit.__version__


def internals():
    try:
        return importlib.import_module("ui.streamlit_internals")
    except (ImportError, AttributeError) as error:
        pytest.fail(f"streamlit_internals: cannot be imported with Streamlit {STREAMLIT}: {error}")


def broke(function: str, what: str) -> None:
    checked = internals().CHECKED_WITH
    pytest.fail(f"streamlit_internals.{function}: {what} in Streamlit {STREAMLIT} (checked with {checked})")


def reach(function: str, owner: Any, path: str) -> Any:
    """`owner.path`, or a failure naming it."""
    found = owner
    for name in path.split("."):
        if not hasattr(found, name):
            broke(function, f"{type(owner).__name__}.{path} is gone")
        found = getattr(found, name)
    return found


def takes(function: str, call: Any, name: str, parameters: list[str]) -> None:
    if list(inspect.signature(call).parameters) != parameters:
        broke(function, f"{name}{inspect.signature(call)} no longer takes {tuple(parameters)}")


# --- forget_gone_widgets -------------------------------------------------------------------


def a_button_per_round() -> None:
    import streamlit as st

    import ui  # noqa: F401  (what every page imports; it installs forget_gone_widgets)

    st.session_state.setdefault("round", 0)
    st.text_input("Kept", key="kept")
    st.button("Go", key=f"go_{st.session_state['round']}")
    st.session_state["round"] += 1


def held_widgets(at: AppTest) -> int:
    return len(at._session_state._state._new_widget_state.widget_metadata)


def test_forget_gone_widgets_finds_each_private_name_it_uses():
    from streamlit.runtime.state import session_state

    who = "forget_gone_widgets"
    reach(who, session_state, "SessionState._remove_stale_widgets")
    original = internals()._drop_gone_values  # Streamlit's own, kept when the patch went in
    takes(who, original, "SessionState._remove_stale_widgets", ["self", "active_widget_ids"])
    takes(who, reach(who, session_state, "_is_stale_widget"), "_is_stale_widget",
          ["metadata", "active_widget_ids", "fragment_ids_this_run"])  # fmt: skip
    takes(who, reach(who, session_state, "_is_internal_key"), "_is_internal_key", ["key"])
    at = AppTest.from_function(a_button_per_round).run()
    state = at._session_state._state
    for path in ("_new_widget_state.widget_metadata", "_key_id_mapper.id_key_mapping", "_old_state"):
        if not isinstance(reach(who, state, path), dict):
            broke(who, f"SessionState.{path} is no longer a dict")
    for method in ("get_id_from_key", "delete"):
        reach(who, state, f"_key_id_mapper.{method}")
    assert not at.exception


def test_forget_gone_widgets_is_what_streamlit_calls_at_the_end_of_a_run():
    from streamlit.runtime.state.session_state import SessionState

    module = internals()
    module.forget_gone_widgets()
    module.forget_gone_widgets()  # a second call changes nothing
    if SessionState._remove_stale_widgets is not module._drop_gone_widgets:
        broke("forget_gone_widgets", "SessionState._remove_stale_widgets is not replaced")
    at = AppTest.from_function(a_button_per_round).run()
    for _ in range(5):
        at.run()
    if held_widgets(at) != 2:  # the text field and this round's button
        broke("forget_gone_widgets", f"gone widgets' metadata is kept ({held_widgets(at)} held, not 2)")
    assert at.text_input(key="kept").value == "" and not at.exception


def test_streamlit_still_keeps_gone_widgets_without_forget_gone_widgets(monkeypatch):
    """When an upgrade frees them itself, the patch (a private reach) should go."""
    from streamlit.runtime.state.session_state import SessionState

    monkeypatch.setattr(SessionState, "_remove_stale_widgets", internals()._drop_gone_values)
    at = AppTest.from_function(a_button_per_round).run()
    for _ in range(5):
        at.run()
    if held_widgets(at) == 2:
        broke("forget_gone_widgets", "Streamlit forgets gone widgets by itself now: delete the patch")


# --- drop_session_uploads ------------------------------------------------------------------


def a_photo_then_a_reset() -> None:
    import streamlit as st
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    from ui.streamlit_internals import drop_session_uploads

    photo = st.camera_input("Card", key="camera")
    ctx = get_script_run_ctx()
    st.session_state["reaches"] = {
        name: hasattr(ctx, name) for name in ("session_id", "uploaded_file_mgr", "fragment_ids_this_run")
    }
    if photo is None:
        return
    held = lambda: len(ctx.uploaded_file_mgr.get_files(ctx.session_id, [photo.file_id]))  # noqa: E731
    before = held()
    drop_session_uploads()
    st.session_state["held"] = (before, held())


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 200, 200)).save(out, format="JPEG")
    return out.getvalue()


def test_drop_session_uploads_frees_the_sessions_photo():
    who = "drop_session_uploads"
    at = AppTest.from_function(a_photo_then_a_reset).run()
    for name, found in at.session_state["reaches"].items():
        if not found:
            broke(who, f"the script run context's {name} is gone")
    at.camera_input(key="camera").set_value(("card.jpg", jpeg(), "image/jpeg")).run()
    assert not at.exception, at.exception
    before, after = at.session_state["held"]
    assert before == 1, "the test's photo never reached the uploaded-file manager"
    if after:
        broke(who, "uploaded_file_mgr.remove_session_files(session_id) left the photo in memory")


def test_drop_session_uploads_does_nothing_outside_a_run():
    try:
        internals().drop_session_uploads()
    except Exception as error:
        broke("drop_session_uploads", f"outside a script run, get_script_run_ctx() raised {error!r}")
