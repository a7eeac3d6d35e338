"""The clinic's billing policy from `clinic.toml`: who bills (the clinic's NPI and tax id, in
`[clinic]`), and in `[billing]` how units are counted for the payer, the charge per unit of
each CPT code, the NCCI pairs to warn about, the place of service."""

import re
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kiosk_core.care.npi import valid_npi
from kiosk_core.records.units import CPT_CODES, UnitMethod

CENT = Decimal("0.01")
DEFAULT_CHARGES = {"97124": Decimal("30.00"), "97140": Decimal("35.00"), "97112": Decimal("35.00"),
                   "97010": Decimal("10.00")}  # fmt: skip
TAX_ID = re.compile(r"^\d{2}-\d{7}$")  # an EIN as the IRS writes it


def checked_npi(npi: str) -> str:
    if npi and not valid_npi(npi):
        raise ValueError(f"NPI {npi!r} is not 10 digits with a valid check digit")
    return npi


def checked_tax_id(tax_id: str) -> str:
    if tax_id and not TAX_ID.match(tax_id):
        raise ValueError(f"tax_id {tax_id!r} is not an EIN like 12-3456789")
    return tax_id


class BillingPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_method: UnitMethod = UnitMethod.CMS_TOTAL_TIME
    # Per unit, in the clinic's currency (dollars); a code billed without a charge is refused.
    charges: dict[str, Decimal] = Field(default_factory=lambda: dict(DEFAULT_CHARGES))
    # NCCI procedure-to-procedure pairs as (column one, column two): both on one visit is a
    # warning, and modifier 59 goes on column two only when the therapist attested distinct regions.
    ncci_pairs: tuple[tuple[str, str], ...] = (("97140", "97124"),)
    place_of_service: str = Field("11", pattern=r"^\d{2}$")  # CMS POS 11: office

    @field_validator("charges")
    @classmethod
    def known_codes_in_cents(cls, charges: dict[str, Decimal]) -> dict[str, Decimal]:
        unknown = set(charges) - set(CPT_CODES)
        if unknown:
            raise ValueError(f"charges for unknown CPT codes {sorted(unknown)} (known: {sorted(CPT_CODES)})")
        if any(amount < 0 for amount in charges.values()):
            raise ValueError("a charge is 0 or more")
        return {code: Decimal(amount).quantize(CENT) for code, amount in charges.items()}
