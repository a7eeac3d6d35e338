"""Migration 0011 on a database of 0010: phone numbers as the kiosk stored them (digits) become
E.164, so a returning client is recognised however the number is typed; e-mails composed; a
number that is none is kept where no typed number can match it; down to 0010 and up again."""

import pytest
import sqlalchemy as sa

from kiosk_core import db
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)
from tests.integration.test_migration_0004 import _rows, downgrade

CLIENTS = [
    # (phone as stored before 0011, e-mail, phone after)
    ("3155550142", "", "+13155550142"),
    ("442079460958", "", "+442079460958"),  # another country's, its code first
    ("", "zoe\u0308@example.com", ""),  # a decomposed ë
    ("123456789012", "", "+123456789012"),  # no possible number: kept apart from anything typed
]


@pytest.fixture
def at_0010(bare_engine):  # noqa: F811
    db.migrate(bare_engine, "0010")
    with bare_engine.begin() as connection:
        for phone, email, _ in CLIENTS:
            connection.execute(
                sa.text(
                    "INSERT INTO client (first_name, last_name, phone, email, created_at) "
                    "VALUES ('A', 'B', :phone, :email, '2026-11-01 10:00:00')"
                ),
                {"phone": phone, "email": email},
            )
    return bare_engine


def test_phones_become_e164_and_e_mails_composed(at_0010):
    db.migrate(at_0010, "0011")
    assert _rows(at_0010, "SELECT phone FROM client ORDER BY id") == [(after,) for _, _, after in CLIENTS]
    assert _rows(at_0010, "SELECT email FROM client WHERE email != ''") == [("zoë@example.com",)]
    assert _rows(at_0010, "SELECT count(*) FROM client WHERE merged_into_id IS NULL") == [(len(CLIENTS),)]

    downgrade(at_0010, "0010")
    columns = {c["name"] for c in sa.inspect(at_0010).get_columns("client")}
    assert "merged_into_id" not in columns
    db.migrate(at_0010, "0011")  # again: numbers in E.164 already stay as they are
    assert _rows(at_0010, "SELECT phone FROM client ORDER BY id") == [(after,) for _, _, after in CLIENTS]
