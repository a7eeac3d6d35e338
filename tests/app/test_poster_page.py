"""The check-in poster (/poster), through AppTest: staff only, a QR code of this location's
check-in on a phone, with a text alternative, in English and Spanish."""

import base64
import io
import re

import pytest
import zxingcpp
from PIL import Image

from kiosk_core.config import settings
from tests.app.test_queue_page import markup, sign_in, staff_page, visible
from tests.factories import make_therapist


@pytest.fixture
def sam(app_db):
    return make_therapist(app_db, name="Sam Chen", pin="286413", locations=("north-syracuse", "downtown-syracuse"))


@pytest.fixture
def public(monkeypatch):
    monkeypatch.setattr(settings, "public_url", "https://kiosk.example.com")


def poster_code(at) -> str:
    """What a phone's camera reads in the poster's QR code."""
    png = re.search(r'class="poster-code" src="data:image/png;base64,([^"]+)"', markup(at)).group(1)
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(base64.b64decode(png))))
    return found[0].text


def test_the_poster_is_for_staff_only(app_db, sam, public):
    at = staff_page("pages/poster.py")
    assert not at.exception
    assert at.title[0].value == "Staff sign-in"
    assert "poster" not in markup(at) and "device=phone" not in visible(at)


def test_the_poster_opens_this_locations_check_in_on_a_phone(app_db, sam, public):
    at = sign_in(staff_page("pages/poster.py"), sam, "286413", location="downtown-syracuse")
    assert not at.exception
    assert poster_code(at) == "https://kiosk.example.com/?location=downtown-syracuse&device=phone"
    shown = visible(at)
    assert "Downtown Syracuse" in shown and "kiosk.example.com/?location=downtown-syracuse&device=phone" in shown
    assert "Check in from your phone" in shown and "Registre su llegada desde su teléfono" in shown
    assert 'alt="QR code: check in on your phone / Código QR: registre su llegada en su teléfono"' in markup(at)
    at.selectbox(key="poster_location").set_value("north-syracuse").run()
    assert poster_code(at) == "https://kiosk.example.com/?location=north-syracuse&device=phone"


def test_without_an_address_to_give_the_poster_says_what_to_set(app_db, sam):
    at = sign_in(staff_page("pages/poster.py"), sam, "286413", location="north-syracuse")
    assert not at.exception
    assert "KIOSK_PUBLIC_URL" in visible(at) and "poster-code" not in markup(at)
