"""A client's chart (?client=ID), for staff of a location where the client has been seen: the
care plan and its form, the outcome charts, every visit with its intake, routing, flags, review,
outcomes and note. Every read is audited by the core. Opened from the board or a client search."""

import streamlit as st

from kiosk_core.care.plans import TherapeuticVisit
from kiosk_core.errors import InvalidInput, KioskError, Unavailable
from kiosk_core.screens import care_desk
from kiosk_core.staff.authority import SignedOut
from kiosk_core.staff.roles import Need
from ui.billing_section import billing_section
from ui.chart_parts import outcome_charts, plan_part, visit_part
from ui.client_details_section import client_details_section
from ui.documents_section import documents_section
from ui.plan_form import close_form, plan_form
from ui.report_section import report_section
from ui.setup import ready
from ui.staff_gate import left, plain, plain_note, reconnecting, require_staff, staff_action

ready()
member, _who = require_staff(Need.INTAKE, "Client chart")

st.caption("Open a client from the queue board, or find one seen here by name.")
query = st.text_input("Find a client seen here (first or last name)", key="chart_search")
if query.strip():
    try:
        found = care_desk.search_clients(member=member, query=query)
    except Unavailable:
        reconnecting()
    except SignedOut as error:
        left(error)
    except KioskError as error:  # e.g. the therapist role taken away a moment ago
        plain_note(str(error), "warn")
        st.stop()
    for client in found:  # a link's label is Markdown: the name as typed goes beside it, as text
        name, link = st.columns([3, 1], vertical_alignment="center")
        name.text(f"{client.name} · last visit {client.last_visit}")
        link.page_link("pages/chart.py", label="Open chart", query_params={"client": client.client_id})
    if not found:
        st.caption("Nobody seen here by that name.")

client_id = st.query_params.get("client", "")
if not client_id.isdigit():
    st.stop()
client_id = int(client_id)
st.query_params["client"] = str(client_id)  # a page_link's query params leave the address: keep it for reruns


@staff_action
def on_plan(member, plan_id, form, confirmed: bool) -> None:
    why = st.session_state.get("plan_why", "")
    try:
        saved = care_desk.save_plan(member=member, client_id=client_id, form=form, plan_id=plan_id, why=why,
                                    confirmed=confirmed)  # fmt: skip
    except TherapeuticVisit as asking:
        st.session_state["plan_said"] = (str(asking), "warn")
        st.session_state["plan_confirm"] = True
        return
    except InvalidInput as error:
        st.session_state["plan_said"] = ("; ".join(str(p) for p in error.problems.values()) or str(error), "warn")
        return
    st.session_state.pop("plan_confirm", None)
    st.session_state["plan_said"] = (" ".join(["Plan saved."] + [str(n) for n in saved.notes]), "ok")


@staff_action
def on_close_plan(member, plan_id, status, reason, note) -> None:
    care_desk.close_plan(member=member, client_id=client_id, plan_id=plan_id, status=status, reason=reason, note=note)


try:
    chart = care_desk.chart(member=member, client_id=client_id)
except Unavailable:
    reconnecting()
except SignedOut as error:
    left(error)
except KioskError as error:
    plain_note(str(error), "warn")
    st.stop()

st.html(f'<h2 class="staff-heading">{plain(chart.name)}</h2>')
if said := st.session_state.pop("plan_said", None):
    plain_note(*said)
plan = chart.plan
if plan:
    plan_part(plan)
active = plan if plan and plan.status == "active" else None
if _who.medical_trained:  # as the database says now, not as at sign-in
    with st.expander("Revise the care plan" if active else "Make a care plan"):
        form = plan_form(active, care_desk.find_diagnoses)
        if active:
            st.text_input("Why the plan changes", key="plan_why", max_chars=500)
        confirm = st.session_state.get("plan_confirm", False)
        st.button("Yes, make a medical plan" if confirm else "Save the plan", key="plan_save", type="primary",
                  on_click=on_plan, args=(active.plan_id if active else None, form, confirm))  # fmt: skip
    if active:
        with st.expander("Complete or stop the plan"):
            status, reason, note = close_form()
            st.button("Close the plan", key="plan_close", on_click=on_close_plan,
                      args=(active.plan_id, status, reason, note))  # fmt: skip
documents_section(member, client_id)
st.subheader("Progress", anchor=False)
outcome_charts(chart.rows, chart.bands)
report_section(member, _who, client_id, has_plan=plan is not None)
st.subheader(f"Visits ({len(chart.visits)})", anchor=False)
for visit in reversed(chart.visits):
    visit_part(visit)
if not chart.visits:
    st.caption(plain("No visits."))
billing_section(member, client_id, chart.visits)
client_details_section(member, client_id)
