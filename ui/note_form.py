"""The session note's form: O (findings by area, short text), A (response, text), P (techniques
with minutes, areas worked, home care, next visit) and, for a therapeutic client, what they like.
Every field keeps its words in session state, so a refused save or a database away loses nothing."""

import streamlit as st

from kiosk_core.care import catalog
from kiosk_core.care.soap import TEXT_MAX, NoteContent
from kiosk_core.i18n import translate

FINDING_ROWS = 3


def _en(labels: dict[str, str]):
    return lambda code: translate("en", labels.get(code, code))


def _seed(note) -> None:
    """Fill the widgets once from the stored note (the keys are per note, so a second note starts afresh)."""
    flag = f"note_seeded_{note.note_id}"
    if st.session_state.get(flag):
        return
    c, k = note.content, note.note_id
    for i in range(FINDING_ROWS):
        found = c.findings[i] if i < len(c.findings) else {}
        st.session_state[f"n{k}_area_{i}"] = found.get("area")
        st.session_state[f"n{k}_finding_{i}"] = found.get("finding")
    st.session_state[f"n{k}_objective"] = c.objective_text
    st.session_state[f"n{k}_response"] = c.response or None
    st.session_state[f"n{k}_assessment"] = c.assessment_text
    st.session_state[f"n{k}_recommend"] = c.recommendation
    st.session_state[f"n{k}_techniques"] = [t["code"] for t in c.techniques]
    for t in c.techniques:
        st.session_state[f"n{k}_min_{t['code']}"] = t["minutes"]
    st.session_state[f"n{k}_worked"] = list(c.areas_worked)
    st.session_state[f"n{k}_home"] = c.home_care
    st.session_state[f"n{k}_next"] = c.next_visit
    st.session_state[f"n{k}_pressure"] = c.pressure or None
    st.session_state[f"n{k}_avoid"] = list(c.avoid_areas)
    st.session_state[f"n{k}_liked"] = c.liked
    st.session_state[f"n{k}_distinct"] = "distinct_regions" in c.attestations
    st.session_state[flag] = True


def note_form(note, default_minutes) -> NoteContent:
    """Draw the form of an unsigned note; returns what it holds now."""
    _seed(note)
    k = note.note_id
    st.subheader(translate("en", catalog.NOTE_LABELS["objective"]), anchor=False)
    for i in range(FINDING_ROWS):
        left, right = st.columns(2)
        left.selectbox(f"Area {i + 1}", list(catalog.AREA_LABELS), format_func=_en(catalog.AREA_LABELS),
                       index=None, key=f"n{k}_area_{i}")  # fmt: skip
        right.selectbox(f"Finding {i + 1}", list(catalog.FINDING_LABELS), format_func=_en(catalog.FINDING_LABELS),
                        index=None, key=f"n{k}_finding_{i}")  # fmt: skip
    st.text_area("Findings in a few words", key=f"n{k}_objective", max_chars=TEXT_MAX)
    st.subheader(translate("en", catalog.NOTE_LABELS["assessment"]), anchor=False)
    st.pills("Response to treatment", list(catalog.RESPONSE_LABELS), format_func=_en(catalog.RESPONSE_LABELS),
             key=f"n{k}_response")  # fmt: skip
    st.text_area("Assessment", key=f"n{k}_assessment", max_chars=TEXT_MAX)
    if note.medical:
        st.text_area("Recommendation (for the referring provider)", key=f"n{k}_recommend", max_chars=TEXT_MAX)
    st.subheader(translate("en", catalog.NOTE_LABELS["plan"]), anchor=False)
    chosen = st.multiselect("Techniques", list(catalog.TECHNIQUE_LABELS), format_func=_en(catalog.TECHNIQUE_LABELS),
                            key=f"n{k}_techniques")  # fmt: skip
    split = default_minutes(note.session_minutes, chosen)
    if chosen:
        minutes = note.session_minutes
        st.caption(
            f"Measured in session: {round(minutes)} min" if minutes is not None else "No session minutes measured."
        )
    for column, code in zip(st.columns(max(1, len(chosen))), chosen, strict=False):
        st.session_state.setdefault(f"n{k}_min_{code}", split[code])
        column.number_input(f"{translate('en', catalog.TECHNIQUE_LABELS[code])}: minutes", min_value=0, max_value=240,
                            step=1, key=f"n{k}_min_{code}")  # fmt: skip
    st.multiselect("Areas worked", list(catalog.WORKED_AREA_LABELS), format_func=_en(catalog.WORKED_AREA_LABELS),
                   key=f"n{k}_worked")  # fmt: skip
    st.text_input("Home care advice", key=f"n{k}_home", max_chars=TEXT_MAX)
    st.text_input("Recommended next visit", key=f"n{k}_next", max_chars=TEXT_MAX)
    if note.medical:  # billing: 97124 with 97140 gets modifier 59 only on the therapist's word, signed with the note
        st.checkbox(translate("en", catalog.ATTESTATION_LABELS["distinct_regions"]), key=f"n{k}_distinct")
    if not note.medical:
        st.subheader("What they like (shown to whoever calls them next)", anchor=False)
        st.pills("Pressure", list(catalog.PRESSURE_LABELS), format_func=_en(catalog.PRESSURE_LABELS),
                 key=f"n{k}_pressure")  # fmt: skip
        st.multiselect("Areas to avoid", list(catalog.AREA_LABELS), format_func=_en(catalog.AREA_LABELS),
                       key=f"n{k}_avoid")  # fmt: skip
        st.text_input("What they enjoyed", key=f"n{k}_liked", max_chars=TEXT_MAX)
    return content_now(note.note_id, note.medical)


def content_now(k: int, medical: bool) -> NoteContent:
    """The form's words as the note's content."""
    get = st.session_state.get
    findings = tuple(
        {"area": get(f"n{k}_area_{i}"), "finding": get(f"n{k}_finding_{i}")}
        for i in range(FINDING_ROWS)
        if get(f"n{k}_area_{i}") or get(f"n{k}_finding_{i}")
    )
    techniques = tuple(
        {"code": code, "minutes": int(get(f"n{k}_min_{code}") or 0)} for code in get(f"n{k}_techniques") or []
    )
    likes = {} if medical else {"pressure": get(f"n{k}_pressure") or "", "avoid_areas": tuple(get(f"n{k}_avoid") or ()),
                                "liked": get(f"n{k}_liked") or ""}  # fmt: skip
    return NoteContent(
        findings=findings,
        objective_text=get(f"n{k}_objective") or "",
        response=get(f"n{k}_response") or "",
        assessment_text=get(f"n{k}_assessment") or "",
        recommendation=get(f"n{k}_recommend") or "",
        techniques=techniques,
        areas_worked=tuple(get(f"n{k}_worked") or ()),
        home_care=get(f"n{k}_home") or "",
        next_visit=get(f"n{k}_next") or "",
        attestations=("distinct_regions",) if medical and get(f"n{k}_distinct") else (),
        **likes,
    )
