"""A returning client without their card: found by their name and the phone number or e-mail
they registered with, so that forgetting a card never makes a second client.

What a person typed is all they learn: a recognised client is told nothing stored (no last
answers, no last visit, no card), and every way of not being recognised reads the same, so the
tablet never says whether a number is known. A first name only close to a registered one's
("Mario" for "Maria", on a family phone) is asked again before it is taken; two registered
people who fit surely (old duplicates) are never guessed between: the desk sorts them out.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core.clients import identity
from kiosk_core.clients.registry import ClientCreate, NewCard, register_client, validate_client
from kiosk_core.errors import InvalidInput, KioskError
from kiosk_core.i18n import N_
from kiosk_core.models import AuditEvent, Client

MAX_SHARING = 20  # clients sharing one phone or e-mail that are compared; a family, not a list


class NotRecognised(KioskError):
    message = N_(
        "We couldn't find you with those details. Check them and try again, "
        "tap Start here to register, or ask at the front desk."
    )


class AskFirstName(KioskError):
    message = N_("More than one person uses these details. Please type your first name as you gave it before.")


class AskAtDesk(KioskError):
    message = N_("We couldn't tell who you are from these details. Please ask at the front desk.")


@dataclass(frozen=True)
class Recognised:
    """The registered client someone is. `first_name` is what they typed, not what is stored."""

    client_id: int
    first_name: str


def _candidates(session: Session, client: ClientCreate) -> list[identity.Candidate]:
    contacts = []
    if client.phone:
        contacts.append(Client.phone == client.phone)
    if client.email:
        contacts.append(Client.email == client.email)
    query = (
        select(Client.id, Client.first_name, Client.last_name)
        .where(sa.or_(*contacts), Client.merged_into_id.is_(None))
        .order_by(Client.id)
        .limit(MAX_SHARING)
    )
    return [identity.Candidate(*row) for row in session.exec(query).all()]


def single_match(
    session: Session, client: ClientCreate, first_name_again: str, *, none_found: KioskError | None
) -> int | None:
    """The one registered client this is, or None (or `none_found`). AskFirstName when a first
    name was only close to a registered one's; AskAtDesk when several fit surely."""
    candidates = _candidates(session, client)
    if first_name_again:
        sure, unsure = identity.same_first_name(first_name_again, client.last_name, candidates), []
    else:
        matches = identity.same_person(client.first_name, client.last_name, candidates)
        sure, unsure = matches.sure, matches.unsure
    if len(sure) == 1:
        return sure[0]
    if len(sure) > 1:
        raise AskAtDesk()
    if unsure:
        raise AskFirstName()
    if none_found is not None:
        raise none_found
    return None


def _hold_contacts(session: Session, client: ClientCreate) -> None:
    """On PostgreSQL, one registration per phone number and e-mail at a time (an advisory lock
    to the end of the transaction): two tablets registering one person at once make one client.
    SQLite's write lock already makes them one at a time."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for contact in sorted(filter(None, (client.phone, client.email))):
        session.execute(sa.text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 11))"), {"key": contact})


def register_or_recognise(
    *, session: Session, client_create: ClientCreate, first_name_again: str = ""
) -> NewCard | Recognised:
    """A walk-in's registration, in the caller's write transaction (after db.begin_writes): the
    client already registered with this phone number or e-mail and this name is recognised
    (no new client, no new card); otherwise a new client and card. AskFirstName / AskAtDesk when
    several registered people fit."""
    _hold_contacts(session, client_create)
    client_id = single_match(session, client_create, first_name_again, none_found=None)
    if client_id is None:
        return register_client(session=session, client_create=client_create)
    session.add(AuditEvent(action="recognised_without_card", client_id=client_id, detail="at registration"))
    return Recognised(client_id=client_id, first_name=client_create.first_name)


def recognise(*, session: Session, client: ClientCreate, first_name_again: str = "") -> Recognised:
    """ "Forgot your card?": the registered client with this name and phone number or e-mail, or
    NotRecognised (the same words whether or not the number is known)."""
    client_id = single_match(session, client, first_name_again, none_found=NotRecognised())
    session.add(AuditEvent(action="recognised_without_card", client_id=client_id, detail="forgot card"))
    return Recognised(client_id=client_id, first_name=client.first_name)


def lookup_details(form: dict, *, phone_region: str) -> ClientCreate:
    """ "Forgot your card?": a name and one phone number or e-mail (`contact`), checked as
    registration checks them; InvalidInput names `contact` for a number or e-mail to fix."""
    contact = str(form.get("contact", "")).strip()
    fields = {"first_name": form.get("first_name", ""), "last_name": form.get("last_name", "")}
    fields["email" if "@" in contact else "phone"] = contact
    try:
        return validate_client(fields, phone_region=phone_region)
    except InvalidInput as error:
        problems = {("contact" if k in ("phone", "email", "form") else k): v for k, v in error.problems.items()}
        raise InvalidInput(error.said, problems=problems) from error
