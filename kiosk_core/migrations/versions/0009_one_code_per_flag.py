"""one code per red flag: a flag raised by a safety answer takes that answer's code

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 06:00:00

Five flags had a code of their own beside the safety answer that raises them (the answer
`fever_or_contagious` raised the flag `fever`), so finding how a flag gates a start meant
holding two names for one thing. The answers' codes are kept (they are in every stored intake,
and they say more); the flags take them wherever a flag code is stored: each visit's flags, the
flags its latest review covered, and the report totals by flag. On any visit written here, 0008's
triggers set that day's totals to be counted again; the totals' own rows are renamed as well, so
they agree either way.

The audit log is left as it was written: it records what was said at the time.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The flag's code before this revision: its code from now on (kiosk_core.vocabulary.RedFlag).
RENAMED = {
    "fever": "fever_or_contagious",
    "blood_clot": "blood_clot_signs",
    "pregnancy": "pregnant",
    "skin": "skin_problem",
    "heart": "heart_condition",
}

_VISIT = sa.table(
    "visit",
    sa.column("id", sa.Integer),
    sa.column("flags", sa.JSON),
    sa.column("reviewed_flags", sa.JSON),
)
_REPORT_FLAG = sa.table("reportflag", sa.column("code", sa.String))


def recoded(flags: list[dict], reviewed: list[str], renames: dict[str, str]) -> tuple[list[dict], list[str]]:
    """A visit's flags and reviewed flag codes with each code in `renames` renamed; values kept."""
    flags = [{**flag, "code": renames.get(flag.get("code"), flag.get("code"))} for flag in flags or []]
    return flags, [renames.get(code, code) for code in reviewed or []]


def _rename(renames: dict[str, str]) -> None:
    connection = op.get_bind()
    # Only the visits whose JSON names one of the codes are read: most visits have no flag. The
    # text match may take in a few more (an underscore matches any character); `recoded` decides.
    as_text = [sa.cast(column, sa.Text) for column in (_VISIT.c.flags, _VISIT.c.reviewed_flags)]
    named = sa.or_(*(text.like(f'%"{code}"%') for code in renames for text in as_text))
    found = connection.execute(sa.select(_VISIT.c.id, _VISIT.c.flags, _VISIT.c.reviewed_flags).where(named))
    changed = []
    for visit_id, flags, reviewed in found.all():
        new_flags, new_reviewed = recoded(flags, reviewed, renames)
        if (new_flags, new_reviewed) != (flags, reviewed):
            changed.append({"visit_id": visit_id, "flags": new_flags, "reviewed_flags": new_reviewed})
    if changed:
        connection.execute(_VISIT.update().where(_VISIT.c.id == sa.bindparam("visit_id")), changed)
    for old, new in renames.items():
        connection.execute(_REPORT_FLAG.update().where(_REPORT_FLAG.c.code == old).values(code=new))


def upgrade() -> None:
    _rename(RENAMED)


def downgrade() -> None:
    _rename({new: old for old, new in RENAMED.items()})
