"""Issue 21, finding 6: a staff-typed `=HYPERLINK(...)` reached the visit CSV as a formula cell.
Every text cell that starts with =, +, -, @, tab or CR is neutralised (OWASP); nothing else changes."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk_core.reports.csv_cells import FORMULA_STARTS, csv_text, safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1 555", "'+1 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("moved: pain went up", "moved: pain went up"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),  # a number stays a number
        (None, None),
    ],
)
def test_cells(value, cell):
    assert safe_cell(value) == cell


@given(st.lists(st.text(max_size=30), min_size=1, max_size=6))
def test_no_cell_read_back_starts_a_formula_and_the_text_is_all_there(cells):
    rows = list(csv.reader(io.StringIO(csv_text(["h"] * len(cells), [cells]), newline="")))
    for typed, read in zip(cells, rows[1], strict=True):
        assert not read.startswith(FORMULA_STARTS)
        assert read in (typed, "'" + typed)
