"""Duplicates made before the kiosk recognised returning clients: found in pairs, and merged
one into the other in the caller's unit of work (one transaction: all or nothing).

Everything that belongs to a client moves to the one kept: every row of every table with a
`client_id` column (visits with their flags and reviews, cards, and whatever later tables hold,
such as care plans and notes), except the audit log, which keeps what happened to which record.
The merged record stays as a tombstone (`merged_into_id`), so its old cards still find the person.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, func, select

from kiosk_core.clients import identity
from kiosk_core.errors import KioskError
from kiosk_core.models import AuditEvent, Client, Visit
from kiosk_core.vocabulary import OPEN_STATUSES

MAX_PAIRS = 100
HISTORY = {AuditEvent.__tablename__}  # rows that say what happened to a record, left as they were


class CannotMerge(KioskError):
    message = "These two records can't be merged."


class OpenVisit(CannotMerge):
    message = "One of them is checked in right now. Merge them after today's visit has ended."


class NotAPair(CannotMerge):
    message = "These two records share no phone number or e-mail. Please choose a pair from the list."


class Gone(CannotMerge):
    message = "One of these records was merged already. Please look at the list again."


@dataclass(frozen=True)
class Person:
    client_id: int
    name: str
    contact: str  # "phone ending 0142", never the whole number
    visits: int
    last_visit: date | None
    registered: date


@dataclass(frozen=True)
class LikelyPair:
    keep: Person  # the one with more visits (then the older): the suggested survivor
    merge: Person


def _contact_pairs(session: Session) -> set[tuple[int, int]]:
    """Ids of clients (not merged) sharing a phone number or an e-mail, smaller id first."""
    pairs: set[tuple[int, int]] = set()
    one, other = sa.orm.aliased(Client), sa.orm.aliased(Client)
    for column in ("phone", "email"):
        query = (
            select(one.id, other.id)
            .join(other, sa.and_(getattr(one, column) == getattr(other, column), one.id < other.id))
            .where(getattr(one, column) != "", one.merged_into_id.is_(None), other.merged_into_id.is_(None))
            .limit(MAX_PAIRS * 4)
        )
        pairs.update(session.exec(query).all())
    return pairs


def _person(session: Session, client: Client) -> Person:
    visits, last = session.exec(
        select(func.count(Visit.id), func.max(Visit.clinic_day)).where(Visit.client_id == client.id)
    ).one()
    contact = f"phone ending {client.phone[-4:]}" if client.phone else f"e-mail {client.email[:1]}…"
    name = f"{client.first_name} {client.last_name}"
    return Person(client.id, name, contact, visits, last, client.created_at.date())


def likely_pairs(*, session: Session) -> list[LikelyPair]:
    """Pairs of clients sharing a phone number or e-mail whose names may be one person's
    (kiosk_core.clients.identity: equal when folded, or close with the same initials)."""
    found = []
    for first_id, second_id in sorted(_contact_pairs(session)):
        first, second = session.get(Client, first_id), session.get(Client, second_id)
        candidate = identity.Candidate(second.id, second.first_name, second.last_name)
        matches = identity.same_person(first.first_name, first.last_name, [candidate])
        if matches.sure or matches.unsure:  # a typo in a first name too: the admin checks before merging
            people = sorted((_person(session, first), _person(session, second)), key=lambda p: (-p.visits, p.client_id))
            found.append(LikelyPair(keep=people[0], merge=people[1]))
        if len(found) == MAX_PAIRS:
            break
    return found


def _shares_a_contact(one: Client, other: Client) -> bool:
    return bool((one.phone and one.phone == other.phone) or (one.email and one.email == other.email))


def merge_clients(*, session: Session, keep_id: int, merge_id: int) -> dict[str, int]:
    """Move everything of `merge_id` to `keep_id` and leave a tombstone, in the caller's write
    transaction (after db.begin_writes); returns the rows moved per table. Refused (CannotMerge)
    for a record merged already, a pair sharing no contact, or a client with a visit open."""
    if keep_id == merge_id:
        raise NotAPair()
    ids = sorted((keep_id, merge_id))  # locked in id order: two admins merging at once never deadlock
    both = select(Client).where(Client.id.in_(ids)).order_by(Client.id).with_for_update()
    locked = {client.id: client for client in session.exec(both)}
    keep, merged = locked.get(keep_id), locked.get(merge_id)
    if keep is None or merged is None or keep.merged_into_id or merged.merged_into_id:
        raise Gone()
    if not _shares_a_contact(keep, merged):
        raise NotAPair()
    open_visit = select(Visit.id).where(Visit.client_id.in_(ids), Visit.status.in_(OPEN_STATUSES)).limit(1)
    if session.exec(open_visit).first() is not None:
        raise OpenVisit()
    moved = {}
    for table in SQLModel.metadata.sorted_tables:
        if "client_id" in table.c and table.name not in HISTORY:
            result = session.execute(table.update().where(table.c.client_id == merge_id).values(client_id=keep_id))
            moved[table.name] = result.rowcount
    # Tombstones of earlier merges now point at the survivor: a chain stays one link long.
    session.execute(sa.update(Client).where(Client.merged_into_id == merge_id).values(merged_into_id=keep_id))
    keep.phone, keep.email = keep.phone or merged.phone, keep.email or merged.email
    keep.birth_date = keep.birth_date or merged.birth_date
    merged.merged_into_id = keep_id
    session.add_all([keep, merged])
    session.flush()
    return moved
