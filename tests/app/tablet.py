"""Steps a client takes on the tablet, for AppTest (widgets found by their keys)."""

import io

from PIL import Image

from kiosk_core.clients import cards
from tests.app.conftest import open_app

CLIENT_KEYS = ("client_id", "first_name", "last_answers", "draft", "ticket", "card_png", "q_goal", "q_pain", "screen")
CONDITION_GROUP = {"pain_and_muscles": 0, "back_and_neck": 1}  # q_conditions__N, in catalog order


def jpeg_of(payload: str | None) -> bytes:
    picture = Image.new("RGB", (640, 480), (128, 128, 128))
    if payload:
        picture.paste(cards.qr_image(payload).resize((300, 300)), (170, 90))
    out = io.BytesIO()
    picture.save(out, format="JPEG")
    return out.getvalue()


def texts(at) -> str:
    """Everything a person can read on the page, but for chips and buttons."""
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "warning", "info", "caption", "text")
        for e in getattr(at, kind)
    ]
    return "\n".join(str(p) for p in parts + [h.value for h in at.html])


def scan(at, typed: str):
    """The card as the screen takes it: typed by the tablet's scanner; a phone (any browser that
    is no enrolled tablet) has no scanner, so there its camera takes a photo of the card."""
    if [field for field in at.text_input if field.key == "scan"]:
        at.text_input(key="scan").input(typed).run()
        return at
    at.button(key="to_camera").click().run()
    at.button(key="camera_photo").click().run()
    photo = f"camera_{at.session_state.get('camera_round', 0)}"
    at.camera_input(key=photo).set_value(("card.jpg", jpeg_of(typed), "image/jpeg")).run()
    return at


def answer_about(at, goal="relax", pain=2, stress=7):
    at.pills(key="q_goal").set_value(goal).run()
    at.segmented_control(key="q_pain").set_value(pain).run()
    at.segmented_control(key="q_stress").set_value(stress).run()
    at.button(key="about_next").click().run()


def finish_intake(at, *, areas=("full_body",), conditions=None, safety=("none",)):
    at.pills(key="q_areas").set_value(list(areas)).run()
    for group, chosen in (conditions or {}).items():
        at.pills(key=f"q_conditions__{CONDITION_GROUP[group]}").set_value(chosen).run()
    at.button(key="body_next").click().run()
    at.button(key="care_next").click().run()
    if safety:
        at.pills(key="q_safety").set_value(list(safety)).run()
    at.button(key="safety_next").click().run()


def register(at, **fields):
    at.button(key="to_register").click().run()
    values = {"first_name": "Nina", "last_name": "Alvarez", "phone": "315 555 0142", "email": "", **fields}
    for field, value in values.items():
        at.text_input(key=f"reg_{field}").input(value).run()
    at.button(key="register_next").click().run()


def checked_in(at, payload: str):
    """Scan, answer every step with calm answers, and check in."""
    scan(at, payload)
    if at.session_state["screen"] == "same":
        at.segmented_control(key="q_pain").set_value(2).run()
        at.segmented_control(key="q_stress").set_value(7).run()
        at.button(key="same_yes").click().run()
        at.pills(key="q_safety").set_value(["none"]).run()
        at.button(key="safety_next").click().run()
    else:
        answer_about(at)
        finish_intake(at)
    return at


def ticket_html(at) -> str:
    return "".join(h.value for h in at.html)


__all__ = ["open_app"]
