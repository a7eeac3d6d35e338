"""The camera screen through AppTest: the live scanner first, the photo as the way out.

AppTest runs no browser: the scan itself, the camera stopping and the frames staying in the
browser are tested in Chromium (tests/e2e/test_card_scanner.py).
"""

import json

from kiosk_core.i18n import translate
from tests.app.tablet import jpeg_of, open_app, texts
from tests.factories import make_client


def scanners(at) -> list:
    return at.get("bidi_component")


def to_camera(at):
    at.button(key="to_camera").click().run()
    assert not at.exception
    return at


def test_the_camera_screen_scans_the_live_video_with_no_photo_to_take(app_db):
    at = to_camera(open_app())
    (scanner,) = scanners(at)
    assert scanner.key == "scanner_0"
    assert not at.camera_input  # no camera of Streamlit's running beside the scanner
    assert "Hold your card up to the camera" in texts(at)
    assert at.button(key="camera_photo").label == "Take a photo instead"


def test_the_scanner_is_given_the_decoder_from_this_server_and_a_label(app_db):
    data = json.loads(scanners(to_camera(open_app()))[0].proto.json)
    assert data["zxing"]["script"] == "/app/static/zxing-wasm/zxing-reader.iife.js"
    assert data["zxing"]["wasm"] == "/app/static/zxing-wasm/zxing_reader.wasm"
    assert data["label"] == "Camera"


def test_take_a_photo_instead_swaps_the_scanner_for_the_photo_and_it_still_greets(app_db):
    _, payload = make_client(app_db, first_name="Tom")
    at = to_camera(open_app())
    at.button(key="camera_photo").click().run()
    assert not scanners(at)  # the live camera is gone before Streamlit's own one starts
    at.camera_input(key="camera_0").set_value(("card.jpg", jpeg_of(payload), "image/jpeg")).run()
    assert not at.exception
    assert "Hi Tom!" in at.title[0].value


def test_back_from_the_photo_and_the_next_camera_scans_the_video_again(app_db):
    at = to_camera(open_app())
    at.button(key="camera_photo").click().run()
    at.button(key="camera_back").click().run()
    assert "Been here before?" in texts(at)
    to_camera(at)
    assert scanners(at)
    assert not at.camera_input


def test_the_camera_screen_speaks_spanish(app_db):
    at = open_app()
    at.button(key="language").click().run()
    to_camera(at)
    said = texts(at)
    for english in ("Show your card to the camera", "Hold your card up to the camera"):
        assert translate("es", english) in said
        assert english not in said
    assert at.button(key="camera_photo").label == translate("es", "Take a photo instead")
    assert json.loads(scanners(at)[0].proto.json)["label"] == translate("es", "Camera")
