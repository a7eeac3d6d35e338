"""Every reach into Streamlit's private internals the app makes, in one place.

Streamlit's public API (st.session_state, st.context, st.query_params, st.fragment, st.html,
keyed containers, components v2) covers the rest of the app; each function here does what no
public API did when last checked (Streamlit 1.67.0, `CHECKED_WITH`). No other module in ui/,
pages/ or kiosk.py imports Streamlit's runtime, web or proto modules, or a private name
(tests/unit/test_streamlit_boundary.py), and tests/app/test_streamlit_internals.py runs each
function against the installed Streamlit and names the call that broke. On an upgrade, run it
first; a public API that now serves replaces the function here.

Streamlit's own page furniture that the kiosk's CSS must name (its running indicator, header,
main column, widget labels) is the same kind of reach, in the browser: ui/streamlit_chrome.css.
"""

from typing import Any

from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.state import session_state as _streamlit_state

CHECKED_WITH = "1.67.0"

_drop_gone_values = _streamlit_state.SessionState._remove_stale_widgets


def _drop_gone_widgets(state: Any, active_widget_ids: frozenset[str]) -> None:
    ctx = get_script_run_ctx()
    metadata = state._new_widget_state.widget_metadata
    gone = (
        []
        if ctx is None  # Streamlit removes nothing outside a run; neither do we
        else [
            widget_id
            for widget_id, meta in metadata.items()
            if not _streamlit_state._is_internal_key(widget_id)
            and _streamlit_state._is_stale_widget(meta, active_widget_ids, ctx.fragment_ids_this_run)
        ]
    )
    _drop_gone_values(state, active_widget_ids)
    keys = state._key_id_mapper
    for widget_id in gone:
        del metadata[widget_id]
        user_key = keys.id_key_mapping.get(widget_id)
        if user_key is None:
            continue
        if keys.get_id_from_key(user_key) != widget_id:  # the key now names a newer widget
            del keys.id_key_mapping[widget_id]
        elif user_key not in state._old_state:  # a value kept under the key keeps its mapping
            keys.delete(user_key)


def forget_gone_widgets() -> None:
    """A long-lived session forgets the widgets it no longer draws. Install once per process;
    a second call changes nothing.

    Streamlit 1.67 drops a gone widget's value at the end of a run, but keeps its metadata (its
    serde and callback, with the callback's arguments) and its key's mapping for the life of the
    session. The staff board keys each button by visit, so a board open all day kept a set for
    every visit it ever showed: with 50 sessions open, the server grew 2-4 MB per 100 check-ins
    (`python -m bench.sessions`). This drops them with the value, by the same test Streamlit uses
    for the value (`_is_stale_widget`: not drawn this run, and in a fragment run, only the
    fragment's own widgets). So a key whose widget is gone is like a key never drawn, and a tap
    on a button the last run took away reaches no callback. Streamlit's internal widgets are left
    alone: a component's event widget is never counted as drawn, though its events need it while
    the component is on screen (the card scanner's are).

    No public API: `del st.session_state[key]` forgets a key's value and mapping but not the
    widget's metadata, and only for a key that still holds a value; nothing public runs at the
    end of a script run. Reaches: `SessionState._remove_stale_widgets` (replaced),
    `._new_widget_state.widget_metadata`, `._key_id_mapper`, `._old_state`,
    `session_state._is_stale_widget`, `session_state._is_internal_key`, and the run context's
    `fragment_ids_this_run`.
    """
    _streamlit_state.SessionState._remove_stale_widgets = _drop_gone_widgets


def drop_session_uploads() -> None:
    """Delete this session's uploaded files (the camera's photos) from server memory now.

    Streamlit keeps every uploaded photo while its session lives, and (measured in 1.67,
    bench/photo_memory.py) never frees those of a session that expires after a disconnect:
    without this, each camera check-in left its photo in memory for good.

    No public API: st.context has no session id, and neither clearing st.session_state nor
    deleting the camera's key frees the file. Reaches: the run context's `session_id` and
    `uploaded_file_mgr.remove_session_files`. Outside a script run it does nothing.
    """
    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.uploaded_file_mgr.remove_session_files(ctx.session_id)
