"""Migration 0009 on a database of 0008: each flag raised by a safety answer takes the answer's
code in the visit's flags, in the flags its review covered and in the report totals by flag;
values, other flags, the intake and the audit log are kept; down to 0008 and up again."""

import json

import sqlalchemy as sa

from kiosk_core import db
from tests.integration.test_coded_migration import bare_engine  # noqa: F401  (fixture)
from tests.integration.test_migration_0004 import _rows, downgrade

CLIENT = (
    "INSERT INTO client (first_name, last_name, phone, email, created_at) "
    "VALUES ('A', 'B', '', '', '2026-11-01 10:00:00')"
)
VISIT = (
    "INSERT INTO visit (location_id, client_id, clinic_day, queue, ticket_code, status, intake_json, routed_queue, "
    "reroute_reason, checked_in_at, flags, reviewed_flags, review_outcome) VALUES (1, :client, '2026-11-01', "
    "'therapeutic', :ticket, 'done', :intake, 'therapeutic', '', '2026-11-01 14:00:00', :flags, :reviewed, :outcome)"
)
INTAKE = json.dumps({"goal": "relax", "pain": 9, "stress": 2, "safety": ["fever_or_contagious", "pregnant"]})
# (flags, reviewed flags) before and after
VISITS = [
    (
        [{"code": "fever"}, {"code": "pregnancy"}, {"code": "severe_pain", "pain": 9}],
        ["fever", "pregnancy", "severe_pain"],
        [{"code": "fever_or_contagious"}, {"code": "pregnant"}, {"code": "severe_pain", "pain": 9}],
        ["fever_or_contagious", "pregnant", "severe_pain"],
    ),
    (
        [{"code": "blood_clot"}, {"code": "skin"}, {"code": "heart"}, {"code": "blood_thinners"}],
        [],
        [
            {"code": "blood_clot_signs"},
            {"code": "skin_problem"},
            {"code": "heart_condition"},
            {"code": "blood_thinners"},
        ],
        [],
    ),
    (
        [{"code": "recent_surgery", "days": 42}],
        ["recent_surgery"],
        [{"code": "recent_surgery", "days": 42}],
        ["recent_surgery"],
    ),
    ([], [], [], []),
]
TOTALS = [("fever", 3), ("pregnancy", 1), ("severe_pain", 2)]


def _json(value):
    return value if isinstance(value, list) else json.loads(value)  # PostgreSQL's JSON comes parsed


def stored(engine) -> list[tuple]:
    rows = _rows(engine, "SELECT flags, reviewed_flags, intake_json FROM visit ORDER BY id")
    return [(_json(flags), _json(reviewed), intake) for flags, reviewed, intake in rows]


def test_each_flag_takes_its_answers_code_and_back(bare_engine, clinic):  # noqa: F811
    db.migrate(bare_engine, "0008")
    with bare_engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO location (slug, name, address) VALUES ('north-syracuse', 'N', '')"))
        for n, (flags, reviewed, _, _) in enumerate(VISITS, start=1):
            connection.execute(sa.text(CLIENT))
            outcome = "cleared" if reviewed else None
            values = {"flags": json.dumps(flags), "reviewed": json.dumps(reviewed), "outcome": outcome}
            connection.execute(sa.text(VISIT), {"client": n, "ticket": f"T-00{n}", "intake": INTAKE, **values})
        for code, visits in TOTALS:
            connection.execute(
                sa.text(
                    "INSERT INTO reportflag (location_id, clinic_day, code, visits) VALUES (1, '2026-10-31', :c, :n)"
                ),
                {"c": code, "n": visits},
            )
        connection.execute(
            sa.text(
                "INSERT INTO auditevent (at, action, location_id, visit_id, detail) "
                "VALUES ('2026-11-01 14:05:00', 'review', 1, 1, 'cleared (fever, pregnancy): fine')"
            )
        )
    before = stored(bare_engine)

    db.migrate(bare_engine, "0009")
    assert stored(bare_engine) == [(flags, reviewed, INTAKE) for _, _, flags, reviewed in VISITS]
    assert sorted(_rows(bare_engine, "SELECT code, visits FROM reportflag")) == [
        ("fever_or_contagious", 3),
        ("pregnant", 1),
        ("severe_pain", 2),
    ]
    assert _rows(bare_engine, "SELECT detail FROM auditevent") == [("cleared (fever, pregnancy): fine",)]

    downgrade(bare_engine, "0008")
    assert stored(bare_engine) == before
    assert sorted(_rows(bare_engine, "SELECT code, visits FROM reportflag")) == sorted(TOTALS)
    db.migrate(bare_engine, "0009")
    assert [row[0] for row in stored(bare_engine)] == [flags for _, _, flags, _ in VISITS]
