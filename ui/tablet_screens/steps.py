"""The intake steps, drawn from the catalog: one widget per question, each tap kept in the draft."""

import html
import re

import streamlit as st

from kiosk_core.intake.shapes import Kind, Question
from ui.kiosk_style import field_error, scale_ends
from ui.tablet_session import _, draft, forget_everything, friendly, go, language, say, show_message


def _groups(question: Question) -> list[str]:
    return list(dict.fromkeys(option.group for option in question.options))


def widget_keys(question: Question) -> list[str]:
    """One widget per question, or one per heading for a long list of options."""
    groups = _groups(question)
    if question.kind == Kind.MANY and len(groups) > 1:
        return [f"q_{question.code}__{i}" for i in range(len(groups))]
    return [f"q_{question.code}"]


def _widget_values(question: Question, value) -> dict:
    """What each of the question's widgets shows for the draft's answer."""
    keys = widget_keys(question)
    if len(keys) == 1:
        return {keys[0]: value}
    chosen = set(value or ())
    return {
        key: [o.code for o in question.options if o.group == group and o.code in chosen]
        for key, group in zip(keys, _groups(question), strict=True)
    }


def on_answer(code: str) -> None:
    question = draft().question(code)
    keys = widget_keys(question)
    if question.kind == Kind.MANY:
        given = [choice for key in keys for choice in st.session_state.get(key) or []]
    else:
        given = st.session_state.get(keys[0])
    note = draft().answer(code, given)
    st.session_state.update(_widget_values(question, draft().value(code)))  # show what was kept
    problems = st.session_state.get("problems", {})
    if code in problems and draft().problem(code) is None:
        del problems[code]
        if not problems:  # the warning named what was missing, and nothing is any more
            st.session_state.pop("message", None)
    if note:
        say(note)


def _plain_label(text: str) -> str:
    """A widget label (Streamlit reads labels as Markdown) that shows typed words as they are."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def ask(question: Question, problem=None) -> None:
    """One question's widget(s), showing the draft's answer."""
    for key, value in _widget_values(question, draft().value(question.code)).items():
        st.session_state.setdefault(key, value)
    label = _(question.prompt)
    visibility = "collapsed" if question.hide_prompt else "visible"
    if question.subject:  # words typed by a person (a care plan's activity): shown as plain text
        st.html(f'<p class="question-subject">{html.escape(label)} <q>{html.escape(question.subject)}</q></p>')
        label, visibility = _plain_label(f"{label} {question.subject}"), "collapsed"
    common = {"on_change": on_answer, "args": (question.code,)}
    key = widget_keys(question)[0]
    if question.kind == Kind.SCALE:
        with st.container(key=f"scale_{question.code}"):  # its 11 chips on one row, even on a phone (kiosk.css)
            st.segmented_control(label, range(11), key=key, width="stretch", **common)
            scale_ends(_(question.low), _(question.high))
    elif question.kind == Kind.TEXT:
        st.text_input(label, key=key, autocomplete="off", label_visibility=visibility, **common)
    elif question.kind in (Kind.ONE, Kind.WHEN):
        labels = {o.code: _(o.label) for o in question.options}
        st.pills(label, list(labels), format_func=labels.get, key=key, label_visibility=visibility, **common)
    else:
        groups = _groups(question)
        if len(groups) > 1:  # a heading over the groups' chips
            st.html(f'<h2 class="question">{html.escape(label)}</h2>')
        for key, group in zip(widget_keys(question), groups, strict=True):
            options = [o for o in question.options if o.group == group]
            labels = {o.code: _(o.label) for o in options}
            st.pills(
                _(group) if len(groups) > 1 else label,
                list(labels),
                selection_mode="multi",
                format_func=labels.get,
                key=key,
                label_visibility="visible" if len(groups) > 1 else visibility,
                **common,
            )
    field_error(widget_keys(question)[0], problem.in_language(language()) if problem else None)


@friendly
def on_next(check_in) -> None:
    mine = draft()
    problems = mine.problems()
    st.session_state["problems"] = problems
    if problems:
        say(next(iter(problems.values())))
    elif mine.is_last:
        check_in()
    else:
        mine.next()
        go("intake")


def on_back() -> None:
    st.session_state.pop("problems", None)
    if draft().is_first:
        forget_everything()
    else:
        draft().back()
        go("intake")


def intake_step(check_in) -> None:
    """The draft's current step; `check_in` runs when the last step is done."""
    step = draft().current
    st.title(_(step.title, first_name=st.session_state.get("first_name", "")), anchor=False)
    if step.hint:
        st.write(_(step.hint))
    show_message()
    problems = st.session_state.get("problems", {})
    for question in step.questions:
        ask(question, problems.get(question.code))
    with st.container(key="actions", horizontal=True, horizontal_alignment="distribute"):
        st.button(_("Start over") if draft().is_first else _("Back"), key=f"{step.code}_back", on_click=on_back)
        st.button(_(step.next_label), key=f"{step.code}_next", type="primary", on_click=on_next, args=(check_in,))
