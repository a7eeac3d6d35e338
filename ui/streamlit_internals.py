"""A long-lived session forgets the widgets it no longer draws.

Streamlit 1.67 drops a gone widget's value at the end of a run, but keeps its metadata (its
serde and callback, with the callback's arguments) and its key's mapping for the life of the
session. The staff board keys each button by visit, so a board open all day kept a set for
every visit it ever showed: with 50 sessions open, the server grew 2-4 MB per 100 check-ins
(`python -m bench.sessions`). `forget_gone_widgets` drops them with the value, by the same
test Streamlit uses for the value (`_is_stale_widget`: not drawn this run, and in a fragment
run, only the fragment's own widgets). So a key whose widget is gone is like a key never drawn,
and a tap on a button the last run took away reaches no callback.

Streamlit's internal widgets are left alone: a component's event widget is never counted as
drawn, though its events need it while the component is on screen (the card scanner's are).
`tests/app/test_widget_memory.py` fails if a Streamlit upgrade changes what this relies on.
"""

from typing import Any

from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state import session_state as _streamlit_state

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
    """Install once per process; a second call changes nothing."""
    _streamlit_state.SessionState._remove_stale_widgets = _drop_gone_widgets
