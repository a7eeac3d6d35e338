"""What the tablet may be handed, as hypothesis strategies: plausible, hostile or of the wrong
type. Used by bench/fuzz.py (counts) and tests/integration/test_faults.py."""

from hypothesis import strategies as st

from kiosk_core.clients import cards
from kiosk_core.i18n import LANGUAGES
from kiosk_core.intake.questions import CATALOG
from kiosk_core.intake.shapes import Kind

LOCATIONS = ("north-syracuse", "downtown-syracuse")
HOSTILE = [
    "\x00", "Ann\x00", "\t", "Ann\nLee", "\u202eeeL", "A\u200bnn", "\ud800", "\u2028", "\x1b[2J", "%s%n{0}{x}",
    "Robert'); DROP TABLE client;--", "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}",
    "ﷺ", "Ǆ", "Zoë", "Nguyễn", "José María", "O'Brien", "Ana-Lucía", "李", "🙂", "e\u0301", "", " ", "  Ann  ",
]  # fmt: skip
WRONG_TYPES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.binary(max_size=20),
    st.lists(st.one_of(st.text(max_size=5), st.integers(), st.lists(st.text(max_size=3), max_size=2)), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip
HUGE = st.builds(lambda c, n: c * n, st.sampled_from(["A", "é", "\x00", "漢", "🙂", " ", "1"]), st.integers(300, 10**6))
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80), st.text(st.characters(codec=None), max_size=20), HUGE)
ANY = st.one_of(TEXT, WRONG_TYPES)


def good(question) -> st.SearchStrategy:
    """An answer a widget gives: a chip's code, codes, a number, a few words."""
    return {
        Kind.SCALE: st.integers(0, 10),
        Kind.TEXT: st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=30),
        Kind.MANY: st.lists(st.sampled_from(question.codes or ("x",)), min_size=question.required, max_size=4),
    }.get(question.kind, st.sampled_from(question.codes or ("x",)))


def answers() -> st.SearchStrategy:
    """One question's answer as a widget would give it, or not."""

    def for_question(question):
        bad = st.one_of(ANY, st.integers(-5, 15), st.just(question.codes[:2] if question.codes else "x"))
        return st.tuples(st.just("answer"), st.just(question.code), st.one_of(good(question), bad))

    return st.sampled_from(CATALOG.questions).flatmap(for_question)


def journeys(pool) -> st.SearchStrategy:
    """Lists of steps (kind, *values) for bench.fuzz.Tablet, drawing on its clients' cards and pictures."""
    live = [payload for payload in pool.cards if payload != pool.revoked]
    mangle = [str.lower, str.strip, lambda p: f"  {p}\n", str.title]
    payload = st.one_of(
        st.sampled_from([*live, pool.revoked]),
        st.builds(lambda p, how: how(p), st.sampled_from(live), st.sampled_from(mangle)),
        st.builds(lambda p, i, c: p[:i] + c + p[i + 1 :], st.sampled_from(live), st.integers(0, 28),
                  st.characters(codec="ascii")),  # one character misread
        st.binary(min_size=15, max_size=15).map(cards.payload_for),  # forged: well formed, checks right
        st.text(st.sampled_from("KQ1ABCDEFGHIJKLMNOPQRSTUVWXYZ234567018"), min_size=26, max_size=32),
        ANY,
    )  # fmt: skip
    field_value = st.one_of(st.sampled_from(["Ana", "Lee", "3155550123", "+1 (315) 555-0199", "a@b.co"]), ANY)
    plausible = st.fixed_dictionaries(
        {"first_name": st.sampled_from(["Ana", "José María", "O'Brien"]), "last_name": st.just("Lee"),
         "phone": st.from_regex(r"\A315555[0-9]{4}\Z")}, optional={"email": st.just("ana@example.com")},
    )  # fmt: skip
    keys = st.sampled_from(["first_name", "last_name", "phone", "email", "birth_date", "x"])
    form = st.one_of(plausible, st.dictionaries(keys, field_value), WRONG_TYPES)
    fill = st.tuples(st.just("fill"), st.fixed_dictionaries({q.code: good(q) for q in CATALOG.questions}))
    check_in = st.tuples(st.just("check_in"), st.sampled_from([1, 1, 2, 3]))
    step = st.one_of(
        st.tuples(st.just("register"), form),
        st.tuples(st.just("scan"), payload),
        st.tuples(st.just("photo"), st.one_of(st.sampled_from(list(pool.pictures)), st.binary(max_size=300))),
        answers(), answers(), answers(), answers(), fill,
        st.tuples(st.just("go"), st.sampled_from(["next", "back"])), st.tuples(st.just("move")),
        st.tuples(st.just("place"), st.sampled_from([*LOCATIONS, "nowhere"]), st.sampled_from(list(LANGUAGES))),
        check_in,
    )  # fmt: skip
    # Most journeys end as a client's would: every answer given (a new client's or not), then Check me in.
    ending = st.one_of(
        st.just(()), st.tuples(fill, check_in), st.tuples(st.tuples(st.just("register"), plausible), fill, check_in)
    )
    return st.builds(lambda steps, end: [*steps, *end], st.lists(step, min_size=1, max_size=14), ending)
