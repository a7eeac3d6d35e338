"""Registration that reads well, through AppTest: a problem under a field goes as soon as the
field holds a good value, without pressing Continue again; the others stay until theirs do."""

from sqlmodel import select

from kiosk_core import db
from kiosk_core.models import Client
from tests.app.tablet import open_app, texts

CHECK = "Please check the fields marked below."


def marked(at) -> set[str]:
    """The fields with a problem shown under them (by the key each problem is tied to)."""
    html = "".join(h.value for h in at.html)
    return {
        key
        for key in ("reg_first_name", "reg_last_name", "reg_phone", "reg_email")
        if f'data-error-for="{key}"' in html
    }


def typed(at, field: str, value: str):
    at.text_input(key=f"reg_{field}").input(value).run()
    assert not at.exception
    return at


def test_each_fields_problem_goes_as_soon_as_it_is_fine_and_no_sooner(app_db):
    at = open_app()
    at.button(key="to_register").click().run()
    at.button(key="register_next").click().run()
    assert marked(at) == {"reg_first_name", "reg_last_name"} and CHECK in texts(at)
    typed(at, "first_name", "Nina")
    assert marked(at) == {"reg_last_name"} and CHECK in texts(at)  # the other one still to do
    typed(at, "last_name", "R2D2")
    assert marked(at) == {"reg_last_name"} and "Use letters, spaces, hyphens or apostrophes" in texts(at)
    typed(at, "last_name", "Alvarez")
    assert marked(at) == set() and CHECK not in texts(at)  # nothing left to check
    at.button(key="register_next").click().run()
    assert marked(at) == {"reg_phone"} and "Give a phone number or an e-mail so we can reach you" in texts(at)
    typed(at, "email", "nina@example.com")  # an e-mail settles what was said under the phone
    assert marked(at) == set() and CHECK not in texts(at)
    at.button(key="register_next").click().run()
    assert at.session_state["screen"] == "intake"
    with db.read_session(app_db) as session:
        assert [c.email for c in session.exec(select(Client))] == ["nina@example.com"]


def test_typing_in_an_unmarked_field_marks_nothing_new(app_db):
    at = open_app()
    at.button(key="to_register").click().run()
    typed(at, "first_name", "N1na")  # wrong, but Continue hasn't been pressed: nothing said yet
    assert marked(at) == set() and CHECK not in texts(at)


def test_a_phone_typed_wrong_where_the_forms_problem_was_says_what_is_wrong_with_it(app_db):
    at = open_app()
    at.button(key="to_register").click().run()
    typed(at, "first_name", "Nina")
    typed(at, "last_name", "Alvarez")
    at.button(key="register_next").click().run()
    assert marked(at) == {"reg_phone"}
    typed(at, "phone", "12")
    assert marked(at) == {"reg_phone"} and "Enter a phone number with its area code" in texts(at)
    assert "Give a phone number or an e-mail so we can reach you" not in texts(at)
    typed(at, "phone", "315 555 0142")
    assert marked(at) == set()


def test_in_spanish_a_fixed_field_clears_too(app_db):
    at = open_app()
    at.button(key="language").click().run()
    at.button(key="to_register").click().run()
    at.button(key="register_next").click().run()
    assert marked(at) == {"reg_first_name", "reg_last_name"}
    typed(at, "first_name", "Inés")
    assert marked(at) == {"reg_last_name"} and "Por favor, revise los campos marcados abajo." in texts(at)
