"""The clinic file's billing parts: the clinic's NPI with a wrong check digit, a tax id that is
not an EIN, a charge for an unknown code, an unknown unit method are refused at start-up; charges
are Decimal to the cent; the shipped clinic.toml's demo values are well-formed."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from kiosk_core.care.npi import valid_npi
from kiosk_core.config import ClinicInfo, load_clinic
from kiosk_core.records.billing_policy import BillingPolicy
from kiosk_core.records.units import UnitMethod


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"npi": "1999999993"}, "check digit"),
        ({"npi": "12345"}, "check digit"),
        ({"tax_id": "123456789"}, "EIN"),
        ({"tax_id": "12-345678"}, "EIN"),
    ],
)
def test_the_clinics_npi_and_tax_id_are_checked(fields, problem):
    with pytest.raises(ValidationError, match=problem):
        ClinicInfo(name="Clinic", **fields)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"charges": {"99999": "10"}}, "unknown CPT"),
        ({"charges": {"97124": "-1"}}, "0 or more"),
        ({"unit_method": "per_hour"}, "unit_method"),
        ({"place_of_service": "office"}, "place_of_service"),
    ],
)
def test_a_wrong_billing_policy_is_refused(fields, problem):
    with pytest.raises(ValidationError, match=problem):
        BillingPolicy(**fields)


def test_charges_are_decimal_cents_and_the_shipped_file_is_well_formed():
    assert BillingPolicy(charges={"97124": 30}).charges == {"97124": Decimal("30.00")}
    clinic = load_clinic()
    assert clinic.billing.unit_method is UnitMethod.CMS_TOTAL_TIME
    assert clinic.billing.charges["97124"] == Decimal("30.00")
    assert valid_npi(clinic.clinic.npi) and clinic.clinic.tax_id == "12-3456789"
