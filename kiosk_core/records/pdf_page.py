"""The page every paperwork PDF is printed on (fpdf2): DejaVu Sans, which carries every letter
a client's name may hold ("Nguyễn", "Zoë", "Núñez"); a header with the clinic and the location;
a footer with the page number and "Confidential health information". In the reader's language."""

from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from kiosk_core.i18n import N_, translate

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
INK, MUTED, RULE = (20, 20, 20), (90, 90, 90), (170, 170, 170)
CONFIDENTIAL = N_("Confidential health information")
PAGE_OF = N_("Page {page} of {pages}")


@dataclass(frozen=True)
class Letterhead:
    clinic: str
    location: str
    address: str = ""


class PaperworkPDF(FPDF):
    """US Letter, millimetres, DejaVu Sans; `title` (a message id) heads each page under the letterhead."""

    def __init__(self, *, letterhead: Letterhead, title: str, language: str = "en"):
        super().__init__(orientation="P", unit="mm", format="Letter")
        self.letterhead, self.title_text, self.language = letterhead, translate(language, title), language
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(18, 12, 18)
        self.set_auto_page_break(auto=True, margin=17)
        self.set_title(self.title_text)
        self.set_author(letterhead.clinic)
        self.set_creator("kiosk")

    def say(self, message: str, **values: object) -> str:
        return translate(self.language, message, **values)

    def header(self) -> None:
        self.set_text_color(*INK)
        self.set_font(FAMILY, "B", 13)
        self.cell(0, 6, self.letterhead.clinic, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FAMILY, "", 9)
        self.set_text_color(*MUTED)
        place = " · ".join(part for part in (self.letterhead.location, self.letterhead.address) if part)
        self.cell(0, 5, place, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.set_font(FAMILY, "B", 15)
        self.cell(0, 9, self.title_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.say(CONFIDENTIAL), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self.say(PAGE_OF, page=self.page_no(), pages="{nb}"), align="R")

    # --- the pieces a document is made of ------------------------------------------------

    def heading(self, text: str) -> None:
        self.ln(1.5)
        self.set_font(FAMILY, "B", 11)
        self.set_text_color(*INK)
        self.cell(0, 6.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def field(self, label: str, value: str, *, label_width: float = 56) -> None:
        """A label and its value on one line, the value wrapping under itself."""
        self.set_font(FAMILY, "B", 9)
        self.cell(label_width, 4.6, label)
        self.set_font(FAMILY, "", 9)
        self.multi_cell(0, 4.6, value or "—", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str) -> None:
        self.set_font(FAMILY, "", 9)
        self.multi_cell(0, 5, text or "—", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullets(self, items: list[str]) -> None:
        self.set_font(FAMILY, "", 9)
        for item in items or ["—"]:
            self.set_x(self.l_margin + 3)
            self.multi_cell(0, 5, f"• {item}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rows(self, head: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple[int, ...]) -> None:
        """A small table: a bold head and plain rows (fpdf2's own table, which breaks pages)."""
        self.set_font(FAMILY, "", 9)
        with self.table(col_widths=widths, text_align="LEFT", line_height=5.5, first_row_as_headings=True) as table:
            for cells in (head, *rows):
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        self.ln(1)

    def finished(self) -> bytes:
        return bytes(self.output())
