"""The chart page's parts: the care plan, the outcome charts (Altair, the MCID band drawn) and the
visits. Everything a person typed is drawn as escaped text (ui.staff_gate.plain)."""

import altair as alt
import pandas as pd
import streamlit as st

from kiosk_core.care.chart_words import groc_text, verdict_text
from ui.staff_gate import plain, plain_line, plain_note

MEASURE_TITLES = {"nprs": "Pain (NPRS): lower is better", "psfs": "Activities (PSFS average): higher is better",
                  "groc": "Change since the last visit (GROC, -3 to +3): higher is better",
                  "stress": "Stress"}  # fmt: skip
SCALES = {"groc": ("-3 to +3", [-3, 3])}  # the others: 0-10


def plan_part(plan) -> None:
    with st.container(border=True, key="chart_plan"):
        status = "" if plan.status == "active" else f" · {plain(plan.closed)}"
        plain_line(f"<b>Care plan</b> · version {plan.version}{status}")
        plain_line(f"<b>Condition:</b> {plain(plan.condition)}")
        if plan.diagnoses:
            plain_line("<b>Diagnoses (ICD-10-CM):</b> " + plain("; ".join(plan.diagnoses)))
        if plan.goals:
            plain_line("<b>Goals:</b> " + plain("; ".join(plan.goals)))
        plain_line("<b>Activities (PSFS):</b> " + plain("; ".join(text for _code, text in plan.activities)))
        plain_line(f"<b>Schedule:</b> {plain(plan.schedule)} · <b>{plan.visits_done} of {plan.visits_planned}</b> done")
        if plan.next_due:
            plain_line(f"<b>Next visit due:</b> {plan.next_due.isoformat()}")
        if plan.reassess_on:
            plain_line(f"<b>Re-assessment:</b> {plan.reassess_on.isoformat()}")
        if plan.reassess_due:
            plain_note("Re-assessment due", "warn")
        if plan.referrer:
            plain_line(f"<b>Referred by:</b> {plain(plan.referrer)}")
        if plan.documents:
            plain_line("<b>Documents on file:</b> " + plain("; ".join(plan.documents)))
        if plan.history:
            versions = len(plan.history)
            with st.expander(f"Plan history ({versions} versions)" if versions > 1 else "Plan history"):
                for line in plan.history:
                    plain_line(plain(line))


def outcome_charts(rows: list[dict], bands: dict) -> None:
    """One chart per measure: the values by visit date, each point's verdict, the no-change band."""
    if not rows:
        st.caption("No measures yet.")
        return
    frame = pd.DataFrame(rows)
    frame["verdict"] = frame["verdict"].map(lambda code: verdict_text(code, "en"))
    groc = frame["measure"] == "groc"
    frame["said"] = ""
    frame.loc[groc, "said"] = frame.loc[groc, "value"].map(lambda rating: groc_text(int(rating), "en"))
    for measure in ("nprs", "psfs", "groc", "stress"):
        mine = frame[frame["measure"] == measure]
        if mine.empty:
            continue
        title, domain = SCALES.get(measure, ("0-10", [0, 10]))
        x = alt.X("yearmonthdate(day):T", title="Visit", axis=alt.Axis(format="%b %d"))
        y = alt.Y("value:Q", title=title, scale=alt.Scale(domain=domain))
        tooltip = ["day:T", "said:N" if measure == "groc" else "value:Q", "verdict:N"]
        line = alt.Chart(mine).mark_line(point=True).encode(x=x, y=y, tooltip=tooltip)
        layers = [line]
        if measure in bands:
            low, high = bands[measure]
            band = pd.DataFrame({"low": [low], "high": [high]})
            layers.insert(0, alt.Chart(band).mark_rect(opacity=0.15, color="#888").encode(y="low:Q", y2="high:Q"))
        st.altair_chart(alt.layer(*layers).properties(height=220, title=MEASURE_TITLES[measure]), width="stretch")
        if measure in bands:
            if measure == "groc":
                st.caption("Grey band: ratings the clinic does not count as an important change (clinic.toml).")
            else:
                st.caption("Grey band: no clinically important change from the baseline (the clinic's MCIDs).")


def visit_part(visit) -> None:
    title = f"{visit.day.isoformat()} · {visit.ticket_code} · {visit.queue} · {visit.location} · {visit.status}"
    with st.expander(title):
        if visit.therapist:
            plain_line(f"<b>Therapist:</b> {plain(visit.therapist)}")
        rows = "".join(f'<tr><th scope="row">{plain(k)}</th><td>{plain(v)}</td></tr>' for k, v in visit.answers.items())
        st.html(f'<table class="staff-answers"><caption hidden>Answers</caption>{rows}</table>')
        for line in visit.outcomes:
            plain_line(plain(line))
        if visit.reasons:
            plain_line("<b>Why this queue:</b> " + plain(" ".join(visit.reasons)))
        for flag in visit.flags:
            plain_note(f"⚑ {flag}", "flag")
        if visit.review:
            plain_line(f"<b>Review:</b> {plain(visit.review)}")
        if visit.note:
            plain_line(f"<b>Session note</b> · {plain(visit.note.signed or 'not signed yet')}")
            for heading, text in visit.note.lines:
                plain_line(f"<b>{plain(heading)}:</b> {plain(text)}")
            for line in visit.note.addenda:
                plain_line(f"<b>Addendum</b> {plain(line)}")
        if visit.status == "done":
            st.page_link(
                "pages/note.py", label="Note", query_params={"visit": visit.visit_id}, icon=":material/edit_note:"
            )
