"""A first visit: name and a way to reach them, then their new card."""

import base64
import html

import streamlit as st

from kiosk_core.clients.recognition import AskFirstName, Recognised
from kiosk_core.config import ClinicConfig
from kiosk_core.errors import InvalidInput
from kiosk_core.i18n import N_, Message
from kiosk_core.intake.draft import Draft
from kiosk_core.screens import own_phone, registration_form
from ui.kiosk_style import field_error
from ui.tablet_session import _, forget_everything, friendly, go, language, say, show_message

AGAIN = "reg_first_name_again"  # shown when a first name was only close to a registered one's
FIELDS = (
    ("first_name", N_("First name"), 60),
    ("last_name", N_("Last name"), 60),
    ("phone", N_("Mobile phone"), 30),
    ("email", N_("E-mail"), 254),
)


def recognised(found: Recognised) -> None:
    """In as the client found, with nothing of theirs shown: a fresh draft, no "same as last time"."""
    for key in ("problems", "ask_first_name", "card_png", "last_answers"):
        st.session_state.pop(key, None)
    st.session_state.update(client_id=found.client_id, first_name=found.first_name, without_card=True, draft=Draft())
    go("intake")


def on_register(clinic: ClinicConfig) -> None:
    if st.session_state.get("client_id"):  # a double tap: registered by the first one
        go("intake")
        return
    again = st.session_state.get(AGAIN, "") if st.session_state.get("ask_first_name") else ""
    try:
        registration = own_phone.register(  # a phone's registrations are limited (the tablet's aren't)
            _form(),
            clinic=clinic,
            device=st.session_state["device"],
            location_slug=st.session_state["location_slug"],
            language=language(),
            first_name_again=again,
        )
    except InvalidInput as error:
        st.session_state["problems"] = error.problems
        say(error.said)
        return
    except AskFirstName as error:
        st.session_state["ask_first_name"] = True
        say(error.said)
        return
    if isinstance(registration, Recognised):  # registered before: in as themselves, no new card
        recognised(registration)
        return
    st.session_state.pop("problems", None)
    st.session_state.update(
        client_id=registration.client_id,
        first_name=registration.first_name,
        card_png=registration.card_png,
        draft=Draft(),
    )
    go("intake")


def _form() -> dict[str, str]:
    return {field: st.session_state.get(f"reg_{field}", "") for field, _label, _limit in FIELDS}


def keep_within(key: str, limit: int) -> bool:
    """A pasted text longer than the field keeps its first part, and the client is told; True
    when the text fitted."""
    if len(st.session_state.get(key, "")) <= limit:
        return True
    st.session_state[key] = st.session_state[key][:limit]
    say(Message(N_("We kept the first {limit} characters."), {"limit": limit}))
    return False


def on_field(key: str, limit: int) -> None:
    """keep_within, and a problem marked under the field goes as soon as its value is fine."""
    fitted = keep_within(key, limit)
    shown = st.session_state.get("problems")
    if shown:
        st.session_state["problems"] = registration_form.recheck(shown, _form(), key.removeprefix("reg_"))
        if not st.session_state["problems"] and fitted:
            st.session_state.pop("message", None)  # it said to check the fields, and all are fine


def form_fields(prefix: str, fields, on_change, *, form_problem_under: str = "") -> None:
    """A form's fields (keyed `prefix` + field), two to a row, each with its problem under it
    (the whole form's under `form_problem_under`); Enter goes from field to field and presses the
    screen's main button on the last (ui/enter_next.js). When several registered people fit, the
    first name asked again (`prefix` + "first_name_again")."""
    problems = st.session_state.get("problems", {})
    with st.container(key="enter_fields"):
        for row in (fields[:2], fields[2:]):
            for column, (field, label, limit) in zip(st.columns(2), row, strict=False):
                with column:
                    key = f"{prefix}{field}"
                    st.text_input(
                        _(label), key=key, autocomplete="off", on_change=friendly(on_change), args=(key, limit)
                    )
                    problem = problems.get(field) or (problems.get("form") if field == form_problem_under else None)
                    said = problem.in_language(language()) if isinstance(problem, Message) else str(problem or "")
                    field_error(key, said[:1].upper() + said[1:])
        if st.session_state.get("ask_first_name"):
            again = _("Your first name, as you gave it on your first visit")
            st.text_input(again, key=f"{prefix}first_name_again", autocomplete="off")


def register(clinic: ClinicConfig) -> None:
    st.title(_("Welcome! Let's get you registered"), anchor=False)
    st.write(_("So we can find you next time. Give a phone number or an e-mail, or both."))
    show_message()
    form_fields("reg_", FIELDS, on_field, form_problem_under="phone")
    with st.container(key="actions", horizontal=True, horizontal_alignment="distribute"):
        st.button(_("Back"), key="register_back", on_click=forget_everything)
        st.button(_("Continue"), key="register_next", type="primary", on_click=friendly(on_register), args=(clinic,))


def show_new_card() -> None:
    """The new card on screen (to photograph) and as a PNG to download."""
    png = st.session_state["card_png"]
    with st.container(border=True):
        picture, words = st.columns([1, 2], vertical_alignment="center")
        alt = html.escape(_("Your clinic card: a QR code to scan on your next visit"))
        picture.html(
            f'<div class="new-card"><img src="data:image/png;base64,{base64.b64encode(png).decode()}" '
            f'alt="{alt}"></div>'
        )
        with words:
            st.subheader(_("Here's your card for next time"), anchor=False)
            st.write(_("Take a photo of it with your phone, or download it. Scan it here on your next visit."))
            st.download_button(
                _("Download my card"),
                data=png,
                file_name="my-clinic-card.png",
                mime="image/png",
                key="card_download",
                icon=":material/download:",
                on_click="ignore",
            )
