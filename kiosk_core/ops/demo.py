"""Demo data: therapists with known PINs, a few clients with cards, a morning of visits, and an
enrolled lobby tablet per location."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from kiosk_core.checkin import tablets
from kiosk_core.checkin.check_in import open_visit
from kiosk_core.clients import cards
from kiosk_core.clients.registry import ClientCreate, register_client
from kiosk_core.clock import clinic_day, day_start
from kiosk_core.config import ClinicConfig
from kiosk_core.intake.answers import Goal, Intake, Recency
from kiosk_core.models import Therapist, utcnow
from kiosk_core.ops.demo_care import MARIA_TODAY, seed_care
from kiosk_core.staff.therapists import add_therapist
from kiosk_core.visits.actions import apply_action
from kiosk_core.visits.review import record_review
from kiosk_core.vocabulary import Queue, ReviewOutcome, VisitAction

# (name, PIN, medical training, admin, location slugs); PINs are for the demo only.
DEMO_THERAPISTS = [
    ("Alex Rivera", "117035", True, True, ["north-syracuse", "downtown-syracuse"]),
    ("Sam Chen", "229047", True, False, ["north-syracuse"]),
    ("Jordan Lee", "330571", False, False, ["north-syracuse"]),
    ("Priya Patel", "440573", True, False, ["downtown-syracuse"]),
    ("Casey Morgan", "550938", False, False, ["downtown-syracuse"]),
]

_NONE = frozenset({"none"})
_RELAX = Intake(goal=Goal.RELAX, areas={"full_body"}, pain=1, stress=8, conditions={"stress", "insomnia"}, safety=_NONE)
_SCIATICA = Intake(
    goal=Goal.TREAT_PROBLEM,
    conditions={"sciatica"},
    areas={"lower_back", "legs"},
    pain=7,
    stress=5,
    care={"diagnosis", "insurance"},
    documents={"mri"},
    safety=_NONE,
)
_TENSION = Intake(
    goal=Goal.WELLNESS, conditions={"muscle_tension"}, areas={"neck", "shoulders"}, pain=3, stress=6, safety=_NONE
)
_POST_SURGERY = Intake(
    goal=Goal.RECOVER,
    conditions={"post_surgical"},
    areas={"knees"},
    pain=5,
    stress=4,
    surgery=Recency.LAST_6_WEEKS,
    care={"referral"},
    documents={"pt_notes"},
    safety=_NONE,
)
_PREGNANT = Intake(goal=Goal.RELAX, areas={"full_body"}, pain=2, stress=6, safety={"pregnant"})

A = VisitAction
# (first, last, phone, birth date, location, intake, minutes ago checked in, actions done so far)
DEMO_VISITS = [
    ("Maria", "Gonzalez", "3155550101", "1984-03-12", "north-syracuse", MARIA_TODAY, 170, [A.CALL, A.START, A.FINISH]),
    ("James", "O'Brien", "3155550102", "1979-07-30", "north-syracuse", _RELAX, 150, [A.CALL, A.START, A.FINISH]),
    ("Aisha", "Khan", "3155550103", "1991-11-02", "north-syracuse", _POST_SURGERY, 70, [A.CALL, A.START]),
    ("Tom", "Becker", "3155550104", "1966-01-19", "north-syracuse", _TENSION, 40, []),
    ("Linda", "Park", "3155550105", "1988-05-25", "north-syracuse", _PREGNANT, 25, []),
    ("Kevin", "Walsh", "3155550106", "1975-09-14", "downtown-syracuse", _TENSION, 120, [A.CALL, A.START, A.FINISH]),
    ("Rosa", "Delgado", "3155550107", "1990-12-08", "downtown-syracuse", _SCIATICA, 35, []),
    ("Ben", "Foster", "3155550108", "1982-02-27", "downtown-syracuse", _RELAX, 15, []),
]


_DEMO_MINUTES_AFTER_CHECK_IN = {A.CALL: 6, A.START: 9, A.FINISH: 62}


@dataclass(frozen=True)
class DemoResult:
    therapists: list[tuple[str, str]]  # (name, PIN)
    cards: list[tuple[str, str]]  # (client name, payload)
    already_seeded: bool = False


def seed_demo(
    *, session: Session, clinic: ClinicConfig, card_dir: Path | None = None, now: datetime | None = None
) -> DemoResult:
    """Seed once; a second run changes nothing."""
    if session.exec(select(Therapist).where(Therapist.name == DEMO_THERAPISTS[0][0])).first():
        return DemoResult(therapists=[(t[0], t[1]) for t in DEMO_THERAPISTS], cards=[], already_seeded=True)
    now = now or utcnow()
    ids = {}
    for name, pin, medical, admin, slugs in DEMO_THERAPISTS:
        slugs = [slug for slug in slugs if clinic.location(slug)] or [clinic.locations[0].slug]
        ids[name] = add_therapist(
            session=session, name=name, pin=pin, location_slugs=slugs, medical_trained=medical, is_admin=admin
        ).id

    issued, visits = [], {}
    for first, last, phone, born, slug, intake, minutes_ago, actions in DEMO_VISITS:
        slug = slug if clinic.location(slug) else clinic.locations[0].slug
        new = register_client(
            session=session,
            client_create=ClientCreate(first_name=first, last_name=last, phone=phone, birth_date=born),
        )
        issued.append((f"{first} {last}", new.payload))
        if card_dir:
            card_dir.mkdir(parents=True, exist_ok=True)
            (card_dir / f"{first.lower()}-{last.lower().replace(chr(39), '')}.png").write_bytes(
                cards.card_png(new.payload, clinic_name=clinic.clinic.name)
            )
        # Early in the day the demo morning is squeezed in after midnight, so it is still today.
        at = max(
            now - timedelta(minutes=minutes_ago), day_start(clinic_day(now)) + timedelta(seconds=170 - minutes_ago)
        )
        visit = open_visit(
            session=session, clinic=clinic, location_slug=slug, client_id=new.client.id, intake=intake, now=at
        ).visit
        visits[first] = (new.client.id, visit.id)
        therapist = _demo_therapist(slug, visit.queue, ids)
        for action in actions:
            if action == A.START and visit.flags:  # the red flags are talked through before any massage
                record_review(
                    session=session,
                    visit_id=visit.id,
                    therapist_id=therapist,
                    outcome=ReviewOutcome.CLEARED,
                    note="Demo: talked it through; fine for a gentle session.",
                    now=min(at + timedelta(minutes=_DEMO_MINUTES_AFTER_CHECK_IN[A.CALL]), now),
                )
            apply_action(
                session=session,
                visit_id=visit.id,
                action=action,
                therapist_id=therapist,
                now=min(at + timedelta(minutes=_DEMO_MINUTES_AFTER_CHECK_IN[action]), now),
            )
    (maria, maria_today), (ben, _today) = visits["Maria"], visits["Ben"]
    seed_care(session=session, clinic=clinic, therapist_id=ids["Alex Rivera"], maria=maria, maria_today=maria_today,
              ben=ben, now=now)  # fmt: skip
    # Ben registered a second time before the kiosk recognised returning clients: the admin
    # screen's "Duplicate clients" offers to merge the two.
    again = ClientCreate(first_name="Ben", last_name="Foster", phone="(315) 555-0108", email="ben@example.com")
    register_client(session=session, client_create=again)
    return DemoResult(therapists=[(t[0], t[1]) for t in DEMO_THERAPISTS], cards=issued)


def _demo_therapist(slug: str, queue: str, ids: dict[str, int]) -> int:
    for name, _, medical, _, slugs in DEMO_THERAPISTS[1:]:
        if slug in slugs and medical == (queue == Queue.MEDICAL):
            return ids[name]
    return ids[DEMO_THERAPISTS[0][0]]


DEMO_TABLET = "Demo tablet"


def enrol_demo_tablets(*, session: Session, clinic: ClinicConfig, now: datetime | None = None) -> list[tuple]:
    """A fresh enrolled tablet per location, named DEMO_TABLET, the previous demo ones revoked:
    the token is shown only when it is made, so each `make run` prints addresses that work.
    Returns (location name, slug, token) per location."""
    now = now or utcnow()
    made = []
    for location in clinic.locations:
        tablets.revoke_named(session=session, name=DEMO_TABLET, location_slug=location.slug, now=now)
        enrolled = tablets.enrol(session=session, name=DEMO_TABLET, location_slug=location.slug, by=None, now=now)
        made.append((location.name, location.slug, enrolled.token))
    return made
