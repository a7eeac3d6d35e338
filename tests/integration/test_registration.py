"""Registration refuses control characters in every field, and stores nothing; on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import func
from sqlmodel import select

from kiosk_core import db
from kiosk_core.clients.registry import register_client, validate_client
from kiosk_core.errors import InvalidInput
from kiosk_core.models import AuditEvent, Card, Client

FORM = {"first_name": "Maria", "last_name": "Gonzalez", "phone": "3155550101", "email": "maria@example.com"}


def register(engine, form: dict) -> int:
    """As the tablet and the command line do: validate, then write in one unit of work."""
    create = validate_client(form)
    with db.write_session(engine) as session:
        return register_client(session=session, client_create=create).client.id


def rows(engine) -> dict[str, int]:
    with db.read_session(engine) as session:
        return {
            table.__name__: session.exec(select(func.count()).select_from(table)).one()
            for table in (Client, Card, AuditEvent)
        }


@pytest.mark.parametrize("field", ["first_name", "last_name", "phone", "email"])
def test_a_nul_in_any_field_is_a_field_error_and_nothing_is_stored(engine, field):
    # Before the check, a NUL in the e-mail was stored on SQLite and raised psycopg.DataError on PostgreSQL.
    before = rows(engine)
    form = {**FORM, field: FORM[field][:3] + "\x00" + FORM[field][3:]}
    with pytest.raises(InvalidInput) as refused:
        register(engine, form)
    said = "use letters, spaces, hyphens or apostrophes" if "name" in field else "please remove special characters"
    assert {name: str(problem) for name, problem in refused.value.problems.items()} == {field: said}
    assert rows(engine) == before


def test_the_same_form_without_the_nul_is_stored(engine):
    client_id = register(engine, FORM)
    with db.read_session(engine) as session:
        assert session.get(Client, client_id).email == "maria@example.com"
