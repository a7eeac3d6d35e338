"""The tablet's words for the expected wait, in the client's language: a figure, a range, the
cap, nobody on shift; and a check-in that shows them. The rule behind them: tests/unit/test_telling.py."""

import pytest

import ui.tablet_session
from kiosk_core.waits.estimate import NOBODY_ON_SHIFT, WaitEstimate
from tests.app.conftest import open_app
from tests.app.tablet import answer_about, finish_intake, register, texts
from tests.factories import make_therapist, start_shift
from ui.tablet_screens.result import place_and_wait_words

CAPPED = WaitEstimate(low=100, high=120, ask_front_desk=True)


@pytest.mark.parametrize(
    ("wait", "english", "spanish"),
    [
        (WaitEstimate(0, 0), "A therapist will be with you shortly.", "Un terapeuta le atenderá en breve."),
        (WaitEstimate(15, 15), "Expected wait: about 15 minutes.", "Espera aproximada: 15 minutos."),
        (WaitEstimate(20, 30), "Expected wait: about 20–30 minutes.", "Espera aproximada: de 20 a 30 minutos."),
        (WaitEstimate(0, 10), "Expected wait: up to 10 minutes.", "Espera aproximada: hasta 10 minutos."),
        (
            CAPPED,
            "It may be a while. Please ask at the front desk how long.",
            "Puede tardar un rato. Por favor, pregunte en la recepción cuánto tiempo.",
        ),
        (
            NOBODY_ON_SHIFT,
            "Please ask at the front desk about the wait.",
            "Por favor, pregunte en la recepción por el tiempo de espera.",
        ),
    ],
)
def test_the_wait_in_words(monkeypatch, wait, english, spanish):
    for language, words in (("en", english), ("es", spanish)):
        monkeypatch.setattr(ui.tablet_session, "language", lambda language=language: language)
        assert place_and_wait_words(3, wait)[1] == words


def test_a_check_in_with_nobody_on_shift_asks_about_the_wait_at_the_desk(app_db):
    at = open_app()
    register(at)
    answer_about(at)
    finish_intake(at)
    assert "Please ask at the front desk about the wait." in texts(at)


def test_a_check_in_with_a_free_therapist_on_shift_says_shortly(app_db):
    start_shift(app_db, make_therapist(app_db), room="Room 1")
    at = open_app()
    register(at)
    answer_about(at)
    finish_intake(at)
    assert not at.exception
    assert "A therapist will be with you shortly." in texts(at)


def test_past_the_cap_no_count_stands_beside_a_while(monkeypatch):
    monkeypatch.setattr(ui.tablet_session, "language", lambda: "es")
    assert place_and_wait_words(2, CAPPED) == (
        "Está en la fila",
        "Puede tardar un rato. Por favor, pregunte en la recepción cuánto tiempo.",
    )
    assert place_and_wait_words(1, CAPPED) == (
        "Sigue usted",
        "Por favor, pregunte en la recepción cuánto tiempo.",
    )
