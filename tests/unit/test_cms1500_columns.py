"""The CMS-1500 lines' columns: named after the form's boxes in the form's order, one row per
service line, box 2 as LAST, FIRST, dates as the form writes them, cells that never run as
formulas; refused visits in their own CSV with the reason's code and words."""

import csv
import io
from datetime import date
from decimal import Decimal

from kiosk_core.records.claims import BilledVisit, Claim, ClaimLine, Provider, Refusal
from kiosk_core.records.cms1500 import COLUMNS, REFUSED_COLUMNS, Clinic, cms1500_csv

CLINIC = Clinic("Hand in Health", "100 Demo St", "(315) 555-0100", "1999999992", "12-3456789")
DAY = date(2026, 11, 2)


def _claim(name: str = "Núñez, Zoë", referrer: str = "Dr. Ana Ruiz") -> Claim:
    lines = (
        ClaimLine(7, DAY, "11", "97140", "", "AB", 25, 2, Decimal("70.00")),
        ClaimLine(7, DAY, "11", "97124", "59", "AB", 20, 1, Decimal("30.00")),
    )
    visit = BilledVisit(7, DAY, "M-003", Provider("Alex Rivera", "LMT", "1000000004"),
                        Provider(referrer, "", "1234567893"), lines, ())  # fmt: skip
    return Claim(42, "Zoë Núñez", name, date(1984, 3, 12), "12 Example Lane", "es",
                 (("A", "M54.31", "Sciatica, right side"), ("B", "M51.16", "Disc disorder")), (visit,),
                 (Refusal(8, date(2026, 11, 9), "M-001", "no_signed_note"),))  # fmt: skip


def test_the_columns_follow_the_forms_boxes_in_order():
    boxes = [column.split(" ", 1)[0] for column in COLUMNS]
    assert boxes[:6] == ["2", "3", "5", "17", "17b", "21"]
    assert boxes[6:18] == [f"21{letter}" for letter in "ABCDEFGHIJKL"]
    assert boxes[18:] == ["24A", "24B", "24D", "24D", "24E", "24F", "24G", "24J", "24J", "25", "26", "32", "33", "33a"]


def test_one_row_per_service_line_with_the_forms_values():
    lines_csv, refused_csv = cms1500_csv([_claim()], CLINIC, {7: "North Syracuse · North Syracuse, NY"})
    rows = list(csv.DictReader(io.StringIO(lines_csv)))
    assert len(rows) == 2
    first, second = rows
    assert first["2 patient name"] == "Núñez, Zoë" and first["3 patient birth date"] == "03/12/1984"
    assert first["17 referring provider"] == "Dr. Ana Ruiz" and first["17b referring provider NPI"] == "1234567893"
    assert first["21 ICD indicator"] == "0"
    assert (first["21A diagnosis (ICD-10-CM)"], first["21B diagnosis (ICD-10-CM)"]) == ("M54.31", "M51.16")
    assert first["21C diagnosis (ICD-10-CM)"] == ""
    assert first["24A date of service"] == "11/02/2026" and first["24B place of service"] == "11"
    assert (first["24D CPT"], first["24D modifier"], second["24D modifier"]) == ("97140", "", "59")
    assert first["24E diagnosis pointer"] == "AB" and first["24F charges"] == "70.00" and first["24G units"] == "2"
    assert first["24J rendering provider"] == "Alex Rivera, LMT" and first["24J rendering provider NPI"] == "1000000004"
    assert first["25 federal tax ID (EIN)"] == "12-3456789" and first["26 patient account no."] == "42"
    assert first["32 service facility"].startswith("North Syracuse")
    assert first["33 billing provider"].startswith("Hand in Health")
    assert first["33a billing provider NPI"] == "1999999992"
    refused = list(csv.DictReader(io.StringIO(refused_csv)))
    assert list(refused[0]) == REFUSED_COLUMNS
    assert refused[0]["reason code"] == "no_signed_note" and "not signed" in refused[0]["reason"]


def test_typed_text_never_runs_as_a_formula():
    lines_csv, _ = cms1500_csv([_claim(name="=HYPERLINK(x), Bad", referrer="@SUM(A1)")], CLINIC, {})
    row = next(csv.DictReader(io.StringIO(lines_csv)))
    assert row["17 referring provider"] == "'@SUM(A1)"
    assert row["2 patient name"] == "'=HYPERLINK(x), Bad"
