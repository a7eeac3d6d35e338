"""Random and hostile input through the lobby tablet's services, counted.

    .venv/bin/python -m bench.fuzz [--db sqlite|postgres] [--examples 2000] [--seed N]

hypothesis draws journeys: steps of registration forms, card scans, photos, answers, Next and
Back, and check-ins (some double-tapped from two threads at once), each value from plausible,
hostile (huge strings, NUL and control characters, bidi overrides, lone surrogates, garbage QR
payloads, forged and revoked tokens, broken pictures) or of the wrong type. Each step is played
through `kiosk_core.screens.tablet` against a fresh database, and counted: a friendly refusal (the
project's KioskError with a message that reads in every language), an unexpected exception, or
a success checked against the database (a check-in's stored visit must be the one accepted: its
client, location, ticket and answers, one open visit a day; a refused one writes nothing, and the
draft keeps every answer). Prints the counts; asserts nothing. The CI-sized run is
tests/integration/test_faults.py.
"""

import argparse
import io
import os
import threading
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, given, seed, settings
from PIL import Image
from sqlmodel import select

from bench.hostile import LOCATIONS, journeys
from kiosk_core import db
from kiosk_core.clients import cards
from kiosk_core.clients.registry import ClientCreate, register_client, revoke_cards, validate_client
from kiosk_core.config import load_clinic
from kiosk_core.config import settings as kiosk_settings
from kiosk_core.errors import KioskError
from kiosk_core.i18n import LANGUAGES
from kiosk_core.intake.draft import Draft
from kiosk_core.intake.routing import red_flags, route
from kiosk_core.models import Client, Location, Visit
from kiosk_core.screens import tablet
from kiosk_core.vocabulary import OPEN_STATUSES


@dataclass
class Counts:
    tried: int = 0  # steps played
    journeys: int = 0
    accepted: Counter = field(default_factory=Counter)  # by step
    refused: Counter = field(default_factory=Counter)  # by step and error
    unexpected: Counter = field(default_factory=Counter)  # by step and exception
    disagree: Counter = field(default_factory=Counter)  # by what differed from what was accepted
    examples: dict[str, str] = field(default_factory=dict)  # the first step of each unexpected or disagreement

    def line(self) -> str:
        return (
            f"{self.journeys} journeys, {self.tried} inputs: {sum(self.accepted.values())} accepted, "
            f"{sum(self.refused.values())} friendly refusals, {sum(self.unexpected.values())} unexpected exceptions, "
            f"{sum(self.disagree.values())} disagreements with the database"
        )


@contextmanager
def using(url: str):
    """Point the tablet's services (db.get_engine) at `url` for a while."""
    before = kiosk_settings.database_url
    db.get_engine.cache_clear()
    kiosk_settings.database_url = url
    try:
        yield db.get_engine()
    finally:
        db.get_engine().dispose()
        db.get_engine.cache_clear()
        kiosk_settings.database_url = before


def _png(image: Image.Image, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, format=kind)
    return out.getvalue()


class Tablet:
    """The pool of clients and pictures the steps draw on, and the checks after each step."""

    def __init__(self, engine, clinic, counts: Counts) -> None:
        self.engine, self.clinic, self.counts = engine, clinic, counts
        self.cards: dict[str, int] = {}  # payload -> client id (a revoked one -> its client too)
        with db.write_session(engine) as session:
            for n in range(4):
                new = register_client(
                    session=session,
                    client_create=ClientCreate(first_name="Pool", last_name="Client", phone=f"31544{n:05d}"),
                )
                session.flush()
                self.cards[new.payload] = new.client.id
            self.revoked = new.payload
            revoke_cards(session=session, client_id=new.client.id)
        self.clients = list(self.cards.values())
        card = cards.card_png(next(iter(self.cards)), clinic_name="x")
        picture = Image.open(io.BytesIO(card)).convert("RGB")
        self.pictures = {
            card: self.cards[next(iter(self.cards))],
            _png(picture, "JPEG"): self.cards[next(iter(self.cards))],
            _png(cards.qr_image("https://example.com/not-ours")): None,
            _png(cards.qr_image(cards.payload_for(b"\x00" * 15))): None,  # a forged token, well formed
            card[: len(card) // 2]: None,
            _png(picture, "GIF"): None,
        }
        tiny = _png(Image.new("1", (8, 8)))  # and its header claiming 20000 x 20000 pixels
        self.pictures[tiny[:16] + (20000).to_bytes(4, "big") * 2 + tiny[24:]] = None

    def play(self, steps: list[tuple]) -> None:
        self.counts.journeys += 1
        state = {"client": None, "draft": Draft(), "location": LOCATIONS[0], "language": "en"}
        for step in steps:
            self.counts.tried += 1
            kind = step[0]
            try:
                getattr(self, kind)(state, *step[1:])
                self.counts.accepted[kind] += 1
            except KioskError as error:
                if said_in_every_language(error):
                    self.counts.refused[f"{kind} ({type(error).__name__})"] += 1
                else:
                    self.note(self.counts.unexpected, f"{kind}: {type(error).__name__} without words", step)
            except Disagreement as error:
                self.note(self.counts.disagree, f"{kind}: {error}", step)
            except Exception as error:
                self.note(self.counts.unexpected, f"{kind}: {type(error).__name__}: {error}"[:160], step)

    def note(self, counter: Counter, what: str, step) -> None:
        counter[what] += 1
        self.counts.examples.setdefault(what, f"{step!r:.200}")

    # Steps: each does what the page would, then checks what came back against the database.

    def register(self, state, form) -> None:
        new = tablet.register_walk_in(form, clinic=self.clinic)
        wanted = validate_client(form)
        with db.read_session(self.engine) as session:
            stored = session.get(Client, new.client_id)
            same = (stored.first_name, stored.last_name, stored.phone, stored.email)
        check(same == (wanted.first_name, wanted.last_name, wanted.phone, wanted.email), "registered other values")
        check(tablet.greet_scanned(new.card_payload).client_id == new.client_id, "the new card greets someone else")
        self.cards[new.card_payload] = new.client_id
        state.update(client=new.client_id, draft=Draft())

    def scan(self, state, raw) -> None:
        greeting = tablet.greet_scanned(raw)
        canonical = raw.strip().upper()
        check(canonical in self.cards and canonical != self.revoked, "a card that isn't a live one was accepted")
        check(greeting.client_id == self.cards[canonical], "a card greeted someone else")
        state.update(client=greeting.client_id, draft=Draft.from_last_time(greeting.last_answers or {}))

    def photo(self, state, picture) -> None:
        greeting = tablet.greet_photographed(picture)
        check(greeting.client_id == self.pictures.get(picture), "a picture greeted the wrong client")
        state.update(client=greeting.client_id, draft=Draft())

    def answer(self, state, code, value) -> None:
        draft = state["draft"]
        draft.answer(code, value)
        draft.value(code)
        draft.problems()

    def fill(self, state, given: dict) -> None:
        for code, value in given.items():
            self.answer(state, code, value)

    def go(self, state, where) -> None:  # Next or Back
        getattr(state["draft"], where)()

    def place(self, state, location, language) -> None:
        state.update(location=location, language=language)

    def check_in(self, state, taps: int = 1) -> None:
        client_id = state["client"] or self.clients[0]
        draft, before = state["draft"], dict(state["draft"].answers)
        visits_before = self.visits(client_id)[0]
        results: list = [None] * taps

        def tap(n: int) -> None:
            try:
                results[n] = tablet.check_in_client(
                    clinic=self.clinic, location_slug=state["location"], client_id=client_id,
                    draft=Draft(answers=dict(before)) if n else draft, language=state["language"],
                )  # fmt: skip
            except Exception as error:
                results[n] = error

        threads = [threading.Thread(target=tap, args=(n,)) for n in range(taps)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        check(draft.answers == before, "the draft lost or changed an answer")
        tickets = [result for result in results if not isinstance(result, BaseException)]
        for error in results:
            if isinstance(error, BaseException) and not isinstance(error, KioskError):
                raise error
        if not tickets:
            check(self.visits(client_id)[0] == visits_before, "a refused check-in wrote a visit")
            raise results[0]
        check(len(tickets) == taps, "a double tap was both accepted and refused")
        check(len({ticket.visit_id for ticket in tickets}) == 1, "a double tap made two visits")
        expected = Draft(answers=before).intake()
        with db.read_session(self.engine) as session:
            visit = session.get(Visit, tickets[0].visit_id)
            where = session.get(Location, visit.location_id).slug
        check(self.visits(client_id)[1] == [visit.id], "not exactly one open visit for the client")
        check((visit.client_id, where) == (client_id, state["location"]), "the visit is someone else's or elsewhere")
        check(all(t.ticket_code == visit.ticket_code and t.queue == visit.queue for t in tickets), "ticket differs")
        created = [ticket for ticket in tickets if not ticket.already_checked_in]
        check(len(created) <= 1 and self.visits(client_id)[0] == visits_before + len(created), "visits miscounted")
        check({f["code"] for f in red_flags(expected, self.clinic.routing)} <= {f["code"] for f in visit.flags},
              "a red flag the client gave is not on the visit")  # fmt: skip
        if created:
            stored = (visit.intake_json, visit.queue, visit.language)
            accepted = (expected.stored(), route(expected, self.clinic.routing).queue, state["language"])
            check(stored == accepted, "the stored visit is not the one accepted")

    def move(self, state) -> None:
        client_id = state["client"] or self.clients[0]
        ticket = tablet.move_visit_here(clinic=self.clinic, client_id=client_id, location_slug=state["location"])
        with db.read_session(self.engine) as session:
            here = session.get(Location, session.get(Visit, ticket.visit_id).location_id).slug
        check(self.visits(client_id)[1] == [ticket.visit_id] and here == state["location"], "the move went wrong")

    def visits(self, client_id: int) -> tuple[int, list[int]]:
        """How many visits the client has, and the open ones (all today's: the database is fresh)."""
        with db.read_session(self.engine) as session:
            rows = session.exec(select(Visit.id, Visit.status).where(Visit.client_id == client_id)).all()
        return len(rows), [visit_id for visit_id, status in rows if status in OPEN_STATUSES]


class Disagreement(Exception):
    pass


def said_in_every_language(error: KioskError) -> bool:
    """The refusal, and each problem shown beside its field, in words in every language."""
    said = [error.said, *getattr(error, "problems", {}).values()]
    try:
        return all(
            str(m.in_language(lang) if hasattr(m, "in_language") else m).strip() for m in said for lang in LANGUAGES
        )
    except Exception:  # a message that can't be put into words (a missing value) is no message
        return False


def check(ok: bool, what: str) -> None:
    if not ok:
        raise Disagreement(what)


def run(engine, clinic, *, examples: int, seed_value: int | None = None) -> Counts:
    """Play `examples` journeys through the tablet's services on `engine`'s (initialised) database."""
    pool = Tablet(engine, clinic, Counts())
    quiet = {"suppress_health_check": list(HealthCheck), "phases": [Phase.generate], "deadline": None}

    @settings(max_examples=examples, database=None, **quiet)
    @given(journeys(pool))
    def play(steps):
        pool.play(steps)

    with using(engine.url.render_as_string(hide_password=False)):
        (seed(seed_value)(play) if seed_value is not None else play)()
    return pool.counts


def main() -> None:
    from bench.load import FreshDatabase

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append")
    parser.add_argument("--examples", type=int, default=2000, help="journeys of up to 16 steps")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    clinic = load_clinic()
    for kind in args.db or ["sqlite", "postgres"]:
        with FreshDatabase(kind) as url:
            engine = db.make_engine(url)
            counts = run(engine, clinic, examples=args.examples, seed_value=args.seed)
            engine.dispose()
        print(f"{kind:8s} {counts.line()}")
        for name, counter in (("accepted", counts.accepted), ("refused", counts.refused)):
            print(f"         {name}: " + ", ".join(f"{kind} {n}" for kind, n in sorted(counter.items())))
        for what, n in counts.unexpected.most_common(8) + counts.disagree.most_common(8):
            print(f"         {n} x {what}, first from {counts.examples[what]}")


if __name__ == "__main__":
    main()
