"""Roles: grants on a staff member, and which role each staff read or action needs.

A member holds any of the four; what each may see and do is the table `NEEDS` (and README's
"Roles"). The admin grant is stored in its own column (`Therapist.is_admin`, which the last-admin
rule locks on); the others in `Therapist.roles`, a list of codes.

Staff screens are in English, so the labels are not marked for translation.
"""

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"  # therapists' accounts, lost cards, the audit log
    THERAPIST = "therapist"  # the board: intakes, reviews and every tap on a visit
    FRONT_DESK = "front_desk"  # the board's queues (no intakes) and the lost-card lookup
    REPORTING = "reporting"  # reports and the visit CSV

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


STORED = (Role.THERAPIST, Role.FRONT_DESK, Role.REPORTING)  # in Therapist.roles; admin is is_admin


class Need(StrEnum):
    """What a staff call does, by the role it needs."""

    BOARD = "board"  # today's queues, codes and first names
    INTAKE = "intake"  # one client's whole intake
    VISIT_TAP = "visit_tap"  # call, start, review, move... any change to a visit
    REPORTS = "reports"  # the reports and the visit CSV
    AUDIT_LOG = "audit_log"
    LOST_CARD = "lost_card"  # find a client by contact, reissue or revoke a card
    ACCOUNTS = "accounts"  # add, change, deactivate staff; PINs, lockouts, tablets
    POSTER = "poster"


# Any one of the roles listed allows the call.
NEEDS: dict[Need, frozenset[Role]] = {
    Need.BOARD: frozenset({Role.THERAPIST, Role.FRONT_DESK}),
    Need.INTAKE: frozenset({Role.THERAPIST}),
    Need.VISIT_TAP: frozenset({Role.THERAPIST}),
    Need.REPORTS: frozenset({Role.REPORTING, Role.ADMIN}),
    Need.AUDIT_LOG: frozenset({Role.ADMIN}),
    Need.LOST_CARD: frozenset({Role.ADMIN, Role.FRONT_DESK}),
    Need.ACCOUNTS: frozenset({Role.ADMIN}),
    Need.POSTER: frozenset({Role.ADMIN, Role.FRONT_DESK, Role.THERAPIST}),
}


def stored_roles(roles: object) -> frozenset[Role]:
    """The roles a `Therapist.roles` value grants; an unknown code grants nothing."""
    known = {role.value for role in STORED}
    return frozenset(Role(code) for code in (roles or ()) if code in known)


def grants_of(therapist) -> frozenset[Role]:
    """Every role the member holds now (`therapist`: a Therapist row)."""
    return stored_roles(therapist.roles) | ({Role.ADMIN} if therapist.is_admin else frozenset())


def allowed(roles: frozenset[Role], need: Need) -> bool:
    return bool(roles & NEEDS[need])
