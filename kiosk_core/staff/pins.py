"""PIN hashes: argon2id(HMAC-SHA256(pepper, PIN)), never the PIN itself.

The pepper is a server-side secret kept outside the database (config.Settings.pepper), so a
stolen database alone can't test a guess, and argon2id makes each guess slow and memory-hungry
even for someone who has the pepper too. New PINs pass kiosk_core.staff.pin_policy first.
"""

import base64
import hashlib
import hmac
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput, NotAllowed
from kiosk_core.i18n import N_
from kiosk_core.staff.pin_policy import new_pin_problem

# ASCII digits only: `\d` would also take other scripts' digits, and `$` a trailing newline.
PIN_PATTERN = re.compile(r"[0-9]{4,8}")
SCHEME = "hmac-argon2id"
_ARGON2 = PasswordHasher()  # RFC 9106's second recommended profile: 3 passes over 64 MiB, 4 lanes
_LEGACY_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}  # hashes made before argon2id


class PepperMismatch(NotAllowed):
    """The hash was made with another pepper: a server set up differently, not a wrong PIN."""

    message = N_("Sign-in isn't set up on this screen's server. Please ask an admin.")


def well_formed(pin: str) -> bool:
    return isinstance(pin, str) and PIN_PATTERN.fullmatch(pin) is not None


def pepper_id(pepper: bytes) -> str:
    """A short name for the pepper, stored with each hash to tell a wrong PIN from a wrong pepper;
    an HMAC of a constant, it tells nothing about the pepper itself."""
    return hmac.new(pepper, b"kiosk pin pepper id", hashlib.sha256).hexdigest()[:12]


def _peppered(pin: str, pepper: bytes) -> bytes:
    return hmac.new(pepper, pin.encode(), hashlib.sha256).digest()


def checked_new_pin(pin: str) -> str:
    """A PIN someone chose just now: at least `settings.pin_min_digits` digits and not one of the
    first guesses (kiosk_core.staff.pin_policy); InvalidInput saying why otherwise."""
    if problem := new_pin_problem(pin, min_digits=settings.pin_min_digits):
        raise InvalidInput(problem)
    return pin


def hash_pin(pin: str, *, pepper: bytes | None = None) -> str:
    if not well_formed(pin):
        raise InvalidInput("A PIN is 4 to 8 digits.")
    pepper = settings.pepper() if pepper is None else pepper
    # "hmac-argon2id$<pepper id>$argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>"
    return f"{SCHEME}${pepper_id(pepper)}{_ARGON2.hash(_peppered(pin, pepper))}"


def _argon2_part(stored: str) -> str:
    return "$" + stored.split("$", 2)[2]


def made_with_other_pepper(stored: str, pepper: bytes) -> bool:
    scheme, _, rest = stored.partition("$")
    return scheme == SCHEME and not rest.startswith(pepper_id(pepper) + "$")


def _scrypt_matches(pin: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(pin.encode(), salt=base64.b64decode(salt), **_LEGACY_SCRYPT)
        return hmac.compare_digest(candidate, base64.b64decode(digest))
    except ValueError:
        return False


def pin_matches(pin: str, stored: str, *, pepper: bytes | None = None) -> bool:
    """Whether `pin` is the one `stored` was made from: an argon2id hash with this server's pepper,
    or an older scrypt hash (no pepper)."""
    if not well_formed(pin):
        return False
    if stored.startswith("scrypt$"):
        return _scrypt_matches(pin, stored)
    pepper = settings.pepper() if pepper is None else pepper
    if not stored.startswith(SCHEME + "$") or made_with_other_pepper(stored, pepper):
        return False
    try:
        return _ARGON2.verify(_argon2_part(stored), _peppered(pin, pepper))
    except (VerificationError, InvalidHashError):
        return False


def needs_new_hash(stored: str) -> bool:
    """True for an older kind of hash, upgraded at the next right PIN."""
    if not stored.startswith(SCHEME + "$"):
        return True
    try:
        return _ARGON2.check_needs_rehash(_argon2_part(stored))
    except InvalidHashError:
        return True
