"""one person, one record: phone numbers in E.164, a merged client's tombstone, and visits
recognised without a card

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 09:00:00

Registration now stores a phone number as E.164 (+13155550142, kiosk_core.clients.identity),
so that "315-555-0142" and "+1 (315) 555 0142" are one number when a returning client is
recognised by it. Until now it stored the digits: ten for a US number (a leading 1 dropped),
up to fifteen for another country's. They are rewritten here; one that is no possible number is
kept as "+" and its digits, which no new registration can type, so it never matches by mistake.
E-mails were lower-cased already; they are composed (NFC) here as registration now does.
"""

import unicodedata
from collections.abc import Sequence

import phonenumbers
import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

US = "US"  # the only region the kiosk registered numbers in before this migration


def e164(digits: str) -> str:
    """The E.164 form of a phone number as the kiosk stored it before (digits only)."""
    if not digits or digits.startswith("+"):
        return digits
    try:
        number = phonenumbers.parse(digits, US) if len(digits) == 10 else phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return "+" + digits
    if phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE:
        return "+" + digits
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":  # SQLite adds a column with its reference in one statement
        op.execute("ALTER TABLE client ADD COLUMN merged_into_id INTEGER REFERENCES client (id)")
    else:
        op.add_column("client", sa.Column("merged_into_id", sa.Integer(), nullable=True))
        op.create_foreign_key(None, "client", "client", ["merged_into_id"], ["id"])
    op.add_column("visit", sa.Column("without_card", sa.Boolean(), nullable=False, server_default=sa.false()))
    client = sa.table(
        "client", sa.column("id", sa.Integer), sa.column("phone", sa.String), sa.column("email", sa.String)
    )
    rows = bind.execute(sa.select(client.c.id, client.c.phone, client.c.email)).all()
    for client_id, phone, email in rows:
        new_phone, new_email = e164(phone or ""), unicodedata.normalize("NFC", email or "")
        if (new_phone, new_email) != (phone, email):
            bind.execute(client.update().where(client.c.id == client_id).values(phone=new_phone, email=new_email))


def downgrade() -> None:
    op.drop_column("visit", "without_card")
    op.drop_column("client", "merged_into_id")
