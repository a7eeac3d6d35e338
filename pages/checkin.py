"""The lobby tablet: welcome, identify (card or registration), a short intake, the ticket."""

import streamlit as st

from kiosk_core import cards, tablet
from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput
from kiosk_core.intake import (
    BODY_AREAS,
    CONDITIONS,
    DOCUMENTS,
    GOAL_LABELS,
    OTHER_CONDITION_MAX,
    RECENCY_LABELS,
    SAFETY_QUESTIONS,
    Goal,
    Recency,
)
from ui.kiosk_style import apply_kiosk_style, plain_text, scale_ends
from ui.setup import ready, this_location
from ui.tablet import (
    answers,
    current_step,
    drop_photos,
    forget_everything,
    friendly,
    go,
    idle_watch,
    mark_step,
    reload_if_asked,
    say,
    touch,
)

SCAN_LABEL = "Card scanner"
WHAT_NEXT = {
    cards.UnreadableCode: "",
    cards.ForeignCode: " Please show your clinic card, or tap Start here if this is your first visit.",
    cards.UnknownCard: " If this is your first visit, tap Start here, or see the front desk.",
    cards.RevokedCard: " Please see the front desk for a new one.",
}
HEALTH_FACTS = {
    "has_diagnosis": "A doctor has diagnosed my condition",
    "has_referral": "My doctor referred me for massage",
    "wants_insurance": "I'd like to use insurance",
}
PREFERENCES = {"medical": "Medical massage", "therapeutic": "Therapeutic massage", "unsure": "Not sure"}
CONDITION_GROUPS = list(dict.fromkeys(condition.group for condition in CONDITIONS))


def group_key(group: str) -> str:
    return "cond_" + "".join(ch if ch.isalnum() else "_" for ch in group.lower())


clinic = ready()
apply_kiosk_style()
reload_if_asked()
location = this_location(clinic, "tablet")


# --- actions (widget callbacks: they run before the page redraws) ----------------------


def _greeted(greeting: tablet.Greeting) -> None:
    st.session_state.update(
        client_id=greeting.client_id, first_name=greeting.first_name, last_answers=greeting.last_answers
    )
    go("same" if greeting.last_answers else "about")


def _identify(find) -> None:
    try:
        _greeted(find())
    except cards.CardError as error:
        say(str(error) + WHAT_NEXT.get(type(error), ""))


@friendly
def on_scan() -> None:
    raw = st.session_state.get("scan", "")
    st.session_state["scan"] = ""
    st.session_state["scans"] = st.session_state.get("scans", 0) + 1
    if raw.strip():
        _identify(lambda: tablet.greet_scanned(raw))


@friendly
def on_photo(key: str) -> None:
    picture = st.session_state.get(key)
    if picture is None:
        return
    data = picture.getvalue()
    drop_photos()  # decoded below from `data`; the server keeps no copy
    st.session_state["camera_round"] = st.session_state.get("camera_round", 0) + 1  # a fresh camera for a retry
    _identify(lambda: tablet.greet_photographed(data))


@friendly
def on_register() -> None:
    if st.session_state.get("client_id"):  # a double tap: registered by the first one
        go("about")
        return
    form = {field: st.session_state.get(f"reg_{field}", "") for field in ("first_name", "last_name", "phone", "email")}
    try:
        registration = tablet.register_walk_in(form, clinic=clinic)
    except InvalidInput as error:
        st.session_state["problems"] = error.problems
        say("Please check the fields marked below.")
        return
    st.session_state.pop("problems", None)
    st.session_state.update(
        client_id=registration.client_id, first_name=registration.first_name, card_png=registration.card_png
    )
    go("about")


def save(*fields: str) -> None:
    """Copy this step's widgets into the answers, so Back and Next never lose them."""
    mine = answers()
    for field in fields:
        if field == "goal":
            mine["goal"] = st.session_state.get("goal")
        elif field == "areas":
            chosen = st.session_state.get("areas") or []
            mine["full_body"] = "full_body" in chosen
            mine["body_areas"] = [area for area in chosen if area != "full_body"]
        elif field == "conditions":
            mine["conditions"] = [c for g in CONDITION_GROUPS for c in st.session_state.get(group_key(g)) or []]
        elif field == "health":
            chosen = st.session_state.get("health") or []
            mine.update({fact: fact in chosen for fact in HEALTH_FACTS})
        elif field == "preference":
            choice = st.session_state.get("preference")
            mine["preference"] = None if choice in (None, "unsure") else choice
        elif field in ("injury", "surgery"):
            mine[field] = st.session_state.get(field) or Recency.NONE
        elif field == "documents":
            mine["documents"] = st.session_state.get("documents") or []
        elif field == "safety":
            chosen = st.session_state.get("safety") or []
            mine["safety"] = {question: question in chosen for question in SAFETY_QUESTIONS}
        else:
            mine[field] = st.session_state.get(field)


def step_to(step: str, *fields: str) -> None:
    save(*fields)
    go(step)


@friendly
def next_from_about() -> None:
    save("goal", "pain", "stress")
    mine = answers()
    if mine.get("goal") is None:
        say("Please tell us what brings you in today.")
    elif mine.get("pain") is None or mine.get("stress") is None:
        say("Please choose how much pain and stress you feel, 0 to 10.")
    else:
        go("body")


@friendly
def next_from_body() -> None:
    save("areas", "conditions", "other_condition")
    mine = answers()
    if mine["full_body"] and mine["body_areas"]:
        say("Please choose either Full body or the areas to focus on, not both.")
    else:
        go("health")


@friendly
def same_as_last_time(change: bool) -> None:
    st.session_state["answers"] = dict(st.session_state["last_answers"])
    save("pain", "stress")  # today's, shown on the same screen
    go("about" if change else "safety")


@friendly
def on_check_in() -> None:
    if st.session_state.get("ticket"):  # a double tap: checked in by the first one
        go("result")
        return
    save("safety")
    st.session_state["ticket"] = tablet.check_in_client(
        clinic=clinic, location_slug=location.slug, client_id=st.session_state["client_id"], answers=answers()
    )
    go("result")


# --- screens ----------------------------------------------------------------------------


def show_message() -> None:
    if message := st.session_state.get("message"):
        st.warning(message, icon=":material/info:")


def nav(back_to: str | None, back_fields: tuple[str, ...], next_label: str, on_next, key: str) -> None:
    left, _, right = st.columns([1, 1, 1])
    if back_to:
        left.button("Back", key=f"{key}_back", on_click=step_to, args=(back_to, *back_fields), width="stretch")
    else:
        left.button("Start over", key=f"{key}_restart", on_click=forget_everything, width="stretch")
    right.button(next_label, key=f"{key}_next", type="primary", on_click=on_next, width="stretch")


SCALES = (
    ("pain", "How much pain are you in right now?", "No pain", "Worst pain imaginable"),
    ("stress", "How stressed do you feel right now?", "Calm", "Extremely stressed"),
)


def pain_and_stress(prefill: dict) -> None:
    for key, question, low, high in SCALES:
        st.segmented_control(question, range(11), key=key, default=prefill.get(key), width="stretch", on_change=touch)
        scale_ends(low, high)


def welcome() -> None:
    st.title(clinic.clinic.name, anchor=False)
    st.subheader(f"Welcome to {location.name}", anchor=False)
    show_message()
    returning, first_visit = st.columns(2, gap="large", border=True)
    with returning:
        st.header("Been here before?", anchor=False)
        st.write("Scan your card under the scanner, or use the camera.")
        st.text_input(
            SCAN_LABEL,
            key="scan",
            on_change=on_scan,
            autocomplete="off",
            placeholder="Scan your card",
            label_visibility="collapsed",
        )
        st.button(
            "Use the camera",
            key="to_camera",
            icon=":material/photo_camera:",
            on_click=go,
            args=("camera",),
            width="stretch",
        )
    with first_visit:
        st.header("First visit?", anchor=False)
        st.write("Register in about a minute and get a card for next time.")
        st.button("Start here", key="to_register", type="primary", on_click=go, args=("register",), width="stretch")


def camera() -> None:
    st.title("Show your card to the camera", anchor=False)
    show_message()
    key = f"camera_{st.session_state.get('camera_round', 0)}"
    st.camera_input(
        "Hold your card flat in front of the camera, then tap Take photo", key=key, on_change=on_photo, args=(key,)
    )
    st.button("Back", key="camera_back", on_click=go, args=("welcome",))


def register() -> None:
    st.title("Welcome! Let's get you registered", anchor=False)
    st.write("So we can find you next time. Give a phone number or an e-mail, or both.")
    show_message()
    problems = st.session_state.get("problems", {})
    fields = [
        ("first_name", "First name", 60),
        ("last_name", "Last name", 60),
        ("phone", "Mobile phone", 30),
        ("email", "E-mail", 254),
    ]
    for row in (fields[:2], fields[2:]):
        for column, (field, label, limit) in zip(st.columns(2), row, strict=True):
            with column:
                st.text_input(label, key=f"reg_{field}", max_chars=limit, autocomplete="off", on_change=touch)
                if field in problems or (field == "phone" and "form" in problems):
                    st.caption(f":orange[{problems.get(field) or problems['form']}]")
    left, _, right = st.columns([1, 1, 1])
    left.button("Back", key="register_back", on_click=forget_everything, width="stretch")
    right.button("Continue", key="register_next", type="primary", on_click=on_register, width="stretch")


def show_new_card() -> None:
    with st.container(border=True):
        picture, words = st.columns([1, 2], vertical_alignment="center")
        picture.image(st.session_state["card_png"], caption="Your card", width=220)
        with words:
            st.subheader("Here's your card for next time", anchor=False)
            st.write("Take a photo of it with your phone, or download it. Scan it here on your next visit.")
            st.download_button(
                "Download my card",
                data=st.session_state["card_png"],
                file_name="my-clinic-card.png",
                mime="image/png",
                key="card_download",
                icon=":material/download:",
                on_click="ignore",
            )


def about() -> None:
    if st.session_state.get("card_png"):
        show_new_card()
    st.title(f"Hi {st.session_state.get('first_name', '')}! What brings you in today?", anchor=False)
    show_message()
    mine = answers()
    st.pills(
        "What brings you in today?",
        list(Goal),
        format_func=GOAL_LABELS.get,
        key="goal",
        default=Goal(mine["goal"]) if mine.get("goal") else None,
        label_visibility="collapsed",
        on_change=touch,
    )
    pain_and_stress(mine)
    nav(None, (), "Next", next_from_about, "about")


def body() -> None:
    st.title("Where should we focus?", anchor=False)
    show_message()
    mine = answers()
    areas = (["full_body"] if mine.get("full_body") else []) + list(mine.get("body_areas", []))
    st.pills(
        "Where would you like the massage?",
        ["full_body", *BODY_AREAS],
        selection_mode="multi",
        key="areas",
        format_func=lambda area: "Full body" if area == "full_body" else BODY_AREAS[area],
        default=areas,
        on_change=touch,
    )
    st.subheader("Anything you're dealing with? Tap all that apply.", anchor=False)
    chosen = set(mine.get("conditions", []))
    for group in CONDITION_GROUPS:
        options = [condition for condition in CONDITIONS if condition.group == group]
        st.pills(
            group,
            [c.id for c in options],
            selection_mode="multi",
            key=group_key(group),
            format_func={c.id: c.label for c in options}.get,
            default=[c.id for c in options if c.id in chosen],
            on_change=touch,
        )
    st.text_input(
        "Something else? Tell us in a few words.",
        key="other_condition",
        value=mine.get("other_condition", ""),
        max_chars=OTHER_CONDITION_MAX,
        autocomplete="off",
        on_change=touch,
    )
    nav("about", ("areas", "conditions", "other_condition"), "Next", next_from_body, "body")


def health() -> None:
    st.title("A few questions about your care", anchor=False)
    show_message()
    mine = answers()
    st.pills(
        "Tap any that apply to you",
        list(HEALTH_FACTS),
        selection_mode="multi",
        key="health",
        format_func=HEALTH_FACTS.get,
        default=[fact for fact in HEALTH_FACTS if mine.get(fact)],
        on_change=touch,
    )
    st.pills(
        "Did you bring any of these?",
        list(DOCUMENTS),
        selection_mode="multi",
        key="documents",
        format_func=DOCUMENTS.get,
        default=mine.get("documents", []),
        on_change=touch,
    )
    for field, question in (("injury", "Have you had an injury?"), ("surgery", "Have you had surgery?")):
        st.pills(
            question,
            list(Recency),
            key=field,
            format_func=RECENCY_LABELS.get,
            default=Recency(mine.get(field) or Recency.NONE),
            on_change=touch,
        )
    current = mine.get("preference") or "unsure"
    st.segmented_control(
        "Do you already know which massage you'd like?",
        list(PREFERENCES),
        key="preference",
        format_func=PREFERENCES.get,
        default=current,
        on_change=touch,
    )
    fields = ("health", "documents", "injury", "surgery", "preference")
    nav("body", fields, "Next", lambda: step_to("safety", *fields), "health")


def safety() -> None:
    st.title("Before your massage: do any of these apply to you today?", anchor=False)
    st.write("Tap any that apply. If none do, just check in.")
    show_message()
    st.pills(
        "Do any of these apply to you today?",
        list(SAFETY_QUESTIONS),
        selection_mode="multi",
        key="safety",
        format_func=SAFETY_QUESTIONS.get,
        label_visibility="collapsed",
        on_change=touch,
    )
    nav("health", ("safety",), "Check me in", on_check_in, "safety")


def same() -> None:
    st.title(f"Welcome back, {st.session_state['first_name']}!", anchor=False)
    st.subheader("Same as last time?", anchor=False)
    show_message()
    last = st.session_state["last_answers"]
    with st.container(border=True):
        st.write(" · ".join(plain_text(line) for line in tablet.summarise(last)))
    pain_and_stress(last)
    not_me, change, same_again = st.columns([1, 1.3, 1.7])
    not_me.button("Not me", key="same_not_me", on_click=forget_everything, width="stretch")
    change.button("Change answers", key="same_change", on_click=same_as_last_time, args=(True,), width="stretch")
    same_again.button(
        "Yes, same as last time",
        key="same_yes",
        type="primary",
        on_click=same_as_last_time,
        args=(False,),
        width="stretch",
    )


def result() -> None:
    ticket = st.session_state["ticket"]
    name = ticket.first_name
    title = f"You're already checked in, {name}." if ticket.already_checked_in else f"You're checked in, {name}!"
    st.title(title, anchor=False)
    code, place = st.columns([1, 1], vertical_alignment="center", gap="large")
    with code:
        st.html(
            f'<div class="ticket-label">Your ticket</div>'
            f'<div class="ticket" role="status" aria-label="Your ticket">{ticket.ticket_code}</div>'
        )
    with place:
        st.header(ticket.queue_label, anchor=False)
        if ticket.position is None:
            st.subheader("A therapist is ready for you.", anchor=False)
        else:
            ahead = ticket.position - 1
            people = "You're next" if ahead == 0 else f"{ahead} {'person' if ahead == 1 else 'people'} ahead of you"
            wait = ticket.expected_wait_minutes
            st.subheader(people, anchor=False)
            st.write("A therapist will be with you shortly." if not wait else f"Expected wait: about {wait} minutes.")
    if ticket.needs_review:
        st.info("A therapist will have a quick word with you before your massage.", icon=":material/favorite:")
    with st.container(border=True):
        st.write(f"**Why {ticket.queue_label.lower()}**")
        for reason in ticket.reasons:
            st.write(f"- {reason}")
    left, right = st.columns([2, 1], vertical_alignment="center")
    left.write("Please take a seat. We'll call your ticket number.")
    right.button("Done", key="result_done", type="primary", on_click=forget_everything, width="stretch")


SCREENS = {
    "welcome": welcome,
    "camera": camera,
    "register": register,
    "same": same,
    "about": about,
    "body": body,
    "health": health,
    "safety": safety,
    "result": result,
}
SCREENS.get(current_step(), welcome)()
mark_step(
    focus={"welcome": SCAN_LABEL, "register": "First name"}.get(current_step(), ""),
    round_=st.session_state.get("scans", 0),
)
idle_watch(settings.result_reset_seconds if current_step() == "result" else settings.idle_reset_seconds)
