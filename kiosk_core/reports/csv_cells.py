"""CSV cells that a spreadsheet shows as text, never runs (pure). OWASP's rule for CSV
injection: a text cell that starts with =, +, -, @, a tab or a carriage return gets a leading
single quote, so "=HYPERLINK(...)" typed by a person reaches the sheet as those very characters.
Numbers are left as numbers (a negative one is a number, not a formula)."""

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    """The rows as CSV text, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return out.getvalue()
