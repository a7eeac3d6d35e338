"""A returning client: "Same as last time?", with today's answers asked fresh."""

import streamlit as st

from kiosk_core.intake.answers import summary
from kiosk_core.intake.draft import Draft, catalog
from ui.tablet_screens.steps import ask
from ui.tablet_session import _, draft, forget_everything, friendly, go, language, say, show_message


def today_questions():
    """The questions about today that are not on the last step (pain, a care plan's outcomes,
    stress): asked here."""
    return [q for step in draft().steps[:-1] for q in step.questions if q.fresh]


@friendly
def on_same(change: bool) -> None:
    mine = draft()
    fresh = {q.code: mine.value(q.code) for q in today_questions()}
    kept = Draft.from_last_time(st.session_state["last_answers"])
    kept.extra = mine.extra
    kept.answers.update({code: value for code, value in fresh.items() if value is not None})
    st.session_state["draft"] = kept
    if change:
        go("intake")
        return
    problems = {q.code: problem for q in today_questions() if (problem := kept.problem(q.code))}
    if problems:
        st.session_state["problems"] = problems
        say(next(iter(problems.values())))
        return
    kept.go_to(catalog().steps[-1].code)
    go("intake")


def same() -> None:
    st.session_state.setdefault("draft", Draft())
    st.title(_("Welcome back, {first_name}!", first_name=st.session_state["first_name"]), anchor=False)
    st.header(_("Same as last time?"), anchor=False)
    show_message()
    with st.container(border=True):
        st.text(" · ".join(summary(st.session_state["last_answers"], language())))
    problems = st.session_state.get("problems", {})
    for question in today_questions():
        ask(question, problems.get(question.code))
    with st.container(key="actions", horizontal=True, horizontal_alignment="distribute"):
        st.button(_("Not me"), key="same_not_me", on_click=forget_everything)
        st.button(_("Change answers"), key="same_change", on_click=on_same, args=(True,))
        st.button(_("Yes, same as last time"), key="same_yes", type="primary", on_click=on_same, args=(False,))
