"""Builders for the outside documents' tests: a photographed page, a small PDF, a key file of the
test's own, a client checked in today at North Syracuse and a therapist there."""

import io
import random

import pytest
from PIL import Image, ImageDraw

from kiosk_core.config import settings
from kiosk_core.screens import tablet
from tests.factories import intake, make_client
from tests.integration.care_setup import NORTH, member


def page_photo(seed: int = 1, size: tuple[int, int] = (640, 480)) -> bytes:
    """A JPEG of a page with lines of 'text' and camera noise: every byte of it is the picture's."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (236, 234, 228))
    draw = ImageDraw.Draw(image)
    draw.text((30, 20), "MRI REPORT - LUMBAR SPINE", fill=(20, 20, 20))
    for y in range(50, size[1] - 20, 14):
        draw.line((30, y, 30 + rng.randrange(200, size[0] - 60), y), fill=(40, 40, 40), width=3)
    noisy = Image.effect_noise(size, 24).convert("RGB")
    out = io.BytesIO()
    Image.blend(image, noisy, 0.15).save(out, format="JPEG", quality=92)
    return out.getvalue()


def small_pdf(pages: int = 2) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for number in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        pdf.cell(text=f"Physical therapy notes, page {number + 1}")
    return bytes(pdf.output())


@pytest.fixture
def document_key(tmp_path, monkeypatch):
    """This test's own key file (not there yet: made on first use) and no KIOSK_DOCUMENT_KEY."""
    path = tmp_path / "secrets" / "document-key"
    monkeypatch.setattr(settings, "document_key_file", path)
    monkeypatch.setattr(settings, "document_key", None)
    return path


def checked_in_today(engine, clinic, *, first_name: str = "Maria"):
    """(client id, visit id, ticket) of a client who said they brought an MRI report."""
    client_id = make_client(engine, first_name=first_name, last_name="Lopez")[0]
    ticket = tablet.check_in_now(clinic=clinic, location_slug=NORTH, client_id=client_id,
                                 intake=intake(documents=["mri"]), engine=engine)  # fmt: skip
    return client_id, ticket.visit_id, ticket


__all__ = ["NORTH", "checked_in_today", "document_key", "member", "page_photo", "small_pdf"]
