"""reasons and red flags as codes with values; the client's language on each visit

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 21:40:00
"""

import json
import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The English sentences stored before this revision, as they were written then.
_FIXED = {
    "You have a diagnosis for your condition.": "diagnosis",
    "Your doctor referred you for massage.": "referral",
    "You have medical records (like an MRI or PT notes) for the therapist to review.": "documents",
    "You'd like to use insurance, which covers medical massage.": "insurance",
    "You had an injury recently.": "recent_injury",
    "You had surgery recently.": "recent_surgery",
    "Long-lasting muscle tightness is treated in medical massage.": "chronic_tension",
    "Everyday muscle tightness eases well in therapeutic massage.": "everyday_tension",
    "You want to treat a specific problem.": "specific_goal",
    "You want to relax and feel well.": "relaxation_goal",
    "You'd like a full-body massage.": "full_body",
    "You asked for medical massage.": "asked_medical",
    "You asked for therapeutic massage.": "asked_therapeutic",
    "Nothing points to a medical problem, so we start with therapeutic massage.": "nothing_medical",
    "Medical massage fits what you told us.": "medical_fits",
    "It's a close call: your therapist can switch you to the other kind of massage.": "close_call",
}
_CONDITIONS = {
    "pain in one area": "pain",
    "muscle spasms": "muscle_spasms",
    "fibromyalgia": "fibromyalgia",
    "general aches and discomfort": "discomfort",
    "sciatica": "sciatica",
    "herniated or bulging disc": "herniated_disc",
    "scoliosis": "scoliosis",
    "whiplash": "whiplash",
    "carpal tunnel syndrome": "carpal_tunnel",
    "tendonitis": "tendonitis",
    "plantar fasciitis (heel pain)": "plantar_fasciitis",
    "tmj (jaw pain)": "tmj",
    "migraines": "migraines",
    "multiple sclerosis": "multiple_sclerosis",
    "an injury (sprain, strain, fall, accident)": "injury",
    "recovering from surgery": "post_surgical",
    "stress": "stress",
    "trouble sleeping": "insomnia",
    "low mood or depression": "depression",
    "fatigue": "fatigue",
    "high blood pressure": "high_blood_pressure",
    "asthma": "asthma",
}
_LISTS = {
    ": treated in medical massage.": "medical_conditions",
    ": therapeutic massage helps.": "therapeutic_conditions",
}


def _condition_codes(listing: str) -> list[str] | None:
    """ "a, b and c" back to codes; None if any label is not one of ours (labels may hold commas)."""
    found, rest = [], listing.lower()
    while rest:
        label = next((label for label in sorted(_CONDITIONS, key=len, reverse=True) if rest.startswith(label)), None)
        if label is None:
            return None
        found.append(_CONDITIONS[label])
        rest = rest[len(label) :].removeprefix(", ").removeprefix(" and ")
    return found


def reason_code(sentence: str) -> dict:
    if sentence in _FIXED:
        return {"code": _FIXED[sentence]}
    for pattern, code, key in (
        (r"Your pain is (\d+) out of 10\.", "high_pain", "pain"),
        (r"Your stress is (\d+) out of 10\.", "high_stress", "stress"),
    ):
        if match := re.fullmatch(pattern, sentence):
            return {"code": code, key: int(match.group(1))}
    for ending, code in _LISTS.items():
        if sentence.endswith(ending) and (codes := _condition_codes(sentence.removesuffix(ending))):
            return {"code": code, "conditions": codes}
    return {"code": "text", "text": sentence}


def flag_code(flag: dict) -> dict:
    code, text = flag.get("code", ""), flag.get("for_staff", "")
    if code == "severe_pain" and (match := re.search(r"\((\d+)/10\)", text)):
        return {"code": code, "pain": int(match.group(1))}
    if code == "recent_surgery" and (match := re.search(r"last (\d+) days", text)):
        return {"code": code, "days": int(match.group(1))}
    if code:
        return {"code": code}
    return {"code": "text", "text": text}


# The columns both ways read and write, old and new.
_VISIT = sa.table(
    "visit",
    sa.column("id", sa.Integer),
    sa.column("reasons_json", sa.String),
    sa.column("flags_json", sa.String),
    sa.column("reasons", sa.JSON),
    sa.column("flags", sa.JSON),
)


def upgrade() -> None:
    op.add_column("visit", sa.Column("reasons", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("visit", sa.Column("flags", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column("visit", sa.Column("language", sa.String(length=5), nullable=False, server_default="en"))
    visit = _VISIT
    connection = op.get_bind()
    rows = connection.execute(sa.select(visit.c.id, visit.c.reasons_json, visit.c.flags_json)).all()
    for visit_id, reasons_json, flags_json in rows:
        connection.execute(
            visit.update()
            .where(visit.c.id == visit_id)
            .values(
                reasons=[reason_code(sentence) for sentence in json.loads(reasons_json or "[]")],
                flags=[flag_code(flag) for flag in json.loads(flags_json or "[]")],
            )
        )
    op.drop_column("visit", "reasons_json")
    op.drop_column("visit", "flags_json")


def downgrade() -> None:
    from kiosk_core.intake.wording import flag_text, reason_text

    op.add_column("visit", sa.Column("reasons_json", sa.String(), nullable=False, server_default="[]"))
    op.add_column("visit", sa.Column("flags_json", sa.String(), nullable=False, server_default="[]"))
    visit = _VISIT
    connection = op.get_bind()
    for visit_id, reasons, flags in connection.execute(sa.select(visit.c.id, visit.c.reasons, visit.c.flags)).all():
        connection.execute(
            visit.update()
            .where(visit.c.id == visit_id)
            .values(
                reasons_json=json.dumps([reason_text(r) for r in reasons]),
                flags_json=json.dumps([{"code": f["code"], "for_staff": flag_text(f)} for f in flags]),
            )
        )
    op.drop_column("visit", "reasons")
    op.drop_column("visit", "flags")
    op.drop_column("visit", "language")
