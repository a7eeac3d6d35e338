"""The superbill as a PDF (fpdf2): who billed (the clinic and location, NPI, tax id), who treated,
the client, the referring provider, the diagnoses with their pointer letters, one line per
service, the total. In the client's language (or English). DejaVu Sans carries every name a
client may have ("Nguyễn", "Zoë", "Núñez"). Pure: a Claim in, bytes out."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from kiosk_core.i18n import N_, translate
from kiosk_core.records.claims import Claim, refusal_text, warning_texts

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"


@dataclass(frozen=True)
class Biller:
    """The clinic and the location, as the clinic file has them."""

    name: str
    address: str
    phone: str
    npi: str
    tax_id: str
    location: str
    location_address: str
    location_phone: str


def new_pdf() -> FPDF:
    """A letter-size page with DejaVu Sans registered (regular and bold)."""
    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_font(FAMILY, size=10)
    return pdf


def superbill_pdf(claim: Claim, biller: Biller, *, language: str, printed_on: date) -> bytes:
    def t(message: str, **values) -> str:
        return translate(language, message, **values)

    location, tax_id, born_on = t(N_("Location")), t(N_("Tax ID")), t(N_("Date of birth"))
    not_billed = t(N_("not billed"))
    pdf = new_pdf()
    pdf.set_title(t(N_("Superbill")))
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 16)
    pdf.cell(0, 9, t(N_("Superbill")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    pdf.cell(0, 5, t(N_("Printed on {day}"), day=printed_on.isoformat()), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _block(pdf, t(N_("Provider")), [
        biller.name,
        biller.address,
        biller.phone,
        f"{location}: {biller.location} · {biller.location_address} · {biller.location_phone}".strip(" ·"),
        f"NPI: {biller.npi}" if biller.npi else "",
        f"{tax_id}: {biller.tax_id}" if biller.tax_id else "",
    ])  # fmt: skip
    born = claim.birth_date.isoformat() if claim.birth_date else ""
    _block(pdf, t(N_("Client")), [
        claim.client_name,
        f"{born_on}: {born}" if born else "",
        claim.address,
    ])  # fmt: skip
    therapists = {(v.therapist.name, v.therapist.credentials, v.therapist.npi) for v in claim.visits}
    _block(pdf, t(N_("Treating therapist")), [
        ", ".join(filter(None, (name, credentials))) + (f" · NPI: {npi}" if npi else "")
        for name, credentials, npi in sorted(therapists)
    ])  # fmt: skip
    referrers = {(v.referrer.name, v.referrer.npi) for v in claim.visits if v.referrer.name}
    _block(pdf, t(N_("Referring provider")), [
        name + (f" · NPI: {npi}" if npi else "") for name, npi in sorted(referrers)
    ] or ["—"])  # fmt: skip
    diagnoses = [f"{letter}. {code}  {title}" for letter, code, title in claim.diagnoses]
    _block(pdf, t(N_("Diagnoses (ICD-10-CM)")), diagnoses)
    _lines(pdf, claim, t)
    for warning in warning_texts(claim, language):
        _small(pdf, warning)
    for refusal in claim.refused:
        _small(pdf, f"{refusal.day.isoformat()} {refusal.ticket_code}: {not_billed}. {t(refusal_text(refusal.reason))}")
    pdf.ln(4)
    _small(pdf, t(N_("Units of timed codes are 15 minutes each, counted by the payer's rule.")))
    _small(pdf, t(N_("Please submit this superbill to your insurance company for reimbursement.")))
    return bytes(pdf.output())


def _block(pdf: FPDF, heading: str, lines: list[str]) -> None:
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 10)
    for line in filter(None, lines):
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _small(pdf: FPDF, text: str) -> None:
    pdf.set_font(FAMILY, "", 8.5)
    pdf.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")


def _lines(pdf: FPDF, claim: Claim, t) -> None:
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, t(N_("Services")), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 9)
    heads = (t(N_("Date")), t(N_("Place")), "CPT", t(N_("Modifier")), t(N_("Diagnosis pointer")), t(N_("Minutes")),
             t(N_("Units")), t(N_("Charge")))  # fmt: skip
    bold = FontFace(emphasis="BOLD")
    with pdf.table(col_widths=(22, 12, 14, 20, 22, 16, 18, 20), text_align="LEFT", headings_style=bold,
                   line_height=5.5) as table:  # fmt: skip
        table.row(heads)
        for line in claim.lines:
            table.row((line.day.isoformat(), line.place_of_service, line.cpt, line.modifier, line.pointers,
                       str(line.minutes), str(line.units), f"${line.charge:,.2f}"))  # fmt: skip
        table.row(("", "", "", "", "", "", t(N_("Total")), f"${claim.total:,.2f}"), style=bold)
