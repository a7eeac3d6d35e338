"""The US National Provider Identifier's check digit: Luhn over "80840" and the first nine
digits (CMS, "NPI check digit", the ISO 7812 card issuer prefix for US health)."""

NPI_LENGTH = 10
_PREFIX = "80840"


def luhn_valid(digits: str) -> bool:
    if not digits.isdigit():
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2 == 1:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return total % 10 == 0


def valid_npi(npi: str) -> bool:
    """Ten ASCII digits whose last one is the Luhn check digit of the rest, prefixed with 80840."""
    return len(npi) == NPI_LENGTH and npi.isascii() and npi.isdigit() and luhn_valid(_PREFIX + npi)
