"""Duplicate clients on the admin screen: the likely pairs, and merging one into the other.

Each call is one unit of work by an admin checked afresh in it, and audited in it: listing the
pairs (a read of clients' names) and each merge, with what moved. A merge is one transaction:
it happens whole or not at all (kiosk_core.clients.merging).
"""

from sqlmodel import Session

from kiosk_core.clients import merging
from kiosk_core.clients.merging import LikelyPair
from kiosk_core.screens.admin_desk import as_admin
from kiosk_core.staff.admin_duty import AdminError, Desk, audit
from kiosk_core.staff.therapists import StaffMember


class NotChecked(AdminError):
    message = "First check with the client (or your records) that these are one person, and tick the box."


def likely_duplicates(*, member: StaffMember | None) -> list[LikelyPair]:
    """Clients who share a phone number or e-mail and have the same person's name."""

    def work(session: Session, desk: Desk) -> list[LikelyPair]:
        pairs = merging.likely_pairs(session=session)
        audit(session, desk, "list_duplicates", f"{len(pairs)} likely pairs shown")
        return pairs

    return as_admin(member, work)


def merge(*, member: StaffMember | None, keep_id: int, merge_id: int, checked: bool) -> str:
    """Merge `merge_id` into `keep_id`; returns what to say. CannotMerge says why not."""
    if not checked:
        raise NotChecked()

    def work(session: Session, desk: Desk) -> str:
        moved = merging.merge_clients(session=session, keep_id=keep_id, merge_id=merge_id)
        rows = ", ".join(f"{table} {count}" for table, count in sorted(moved.items()) if count)
        detail = f"#{merge_id} merged into #{keep_id}: {rows or 'nothing to move'}"
        audit(session, desk, "merge_clients", detail, keep_id)
        return f"Merged: client #{merge_id} is now part of #{keep_id}. Old cards of both still work."

    return as_admin(member, work)
