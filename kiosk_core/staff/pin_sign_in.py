"""Signing in with a PIN, in two short database steps around the slow part: read the hash and
the lockouts (`check_pin_for`), verify the PIN outside any transaction (argon2id takes about
0.4 s: inside SQLite's one write lock it held up every tablet's check-in), then record the
result (`record_pin`). Wrong PINs count per member and source and per source
(kiosk_core.staff.lockouts); old unpeppered hashes are refused once their time is over."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from kiosk_core.clock import clinic_day
from kiosk_core.config import settings
from kiosk_core.errors import InvalidInput, NotAllowed
from kiosk_core.i18n import N_
from kiosk_core.models import AuditEvent, Location, Therapist, TherapistLocation
from kiosk_core.staff import lockouts
from kiosk_core.staff.pins import PepperMismatch, made_with_other_pepper, well_formed
from kiosk_core.staff.therapists import StaffMember, lift_lockout

LEGACY_CLOSED = "legacy_pins_closed"  # the audit row that says no scrypt hash signs in again
WRONG = N_("That PIN isn't right. Please try again.")


class LegacyPinRefused(NotAllowed):
    message = "Your PIN was set before a security upgrade and no longer works. Please ask an admin for a new one."


@dataclass(frozen=True)
class PinCheck:
    """What a sign-in reads before the PIN is verified."""

    therapist_id: int
    location_id: int
    pin_hash: str
    source: str  # where the sign-in came from (the browser's address), for the lockouts
    locked_minutes: int  # 0 unless locked out now (from this source, or everywhere)


@dataclass(frozen=True)
class PinResult:
    """What a sign-in recorded: the member signed in, or the words of its refusal."""

    member: StaffMember | None
    refusal: str = ""


def _keys(therapist_id: int, source: str) -> list[str]:
    return [lockouts.member_key(therapist_id, source), lockouts.source_key(source)]


def legacy_closed(session: Session, today: date) -> bool:
    """Old scrypt hashes no longer sign in: past `legacy_pin_hashes_until`, or once every active
    member had signed in since the upgrade (recorded when the last one was replaced)."""
    until = settings.legacy_pin_hashes_until
    if until is not None and today > until:
        return True
    return session.exec(select(AuditEvent.id).where(AuditEvent.action == LEGACY_CLOSED).limit(1)).first() is not None


def check_pin_for(
    *, session: Session, therapist_id: int, pin: str, location_slug: str, now: datetime, source: str = ""
) -> PinCheck:
    """The therapist's PIN hash and lockouts, read; NotAllowed for a name or location that is not
    theirs, InvalidInput for an empty or malformed PIN (a slip of the keyboard, or a form sent
    before the PIN was typed: refused before anything is counted, so it can't lock anyone out)."""
    therapist = session.get(Therapist, therapist_id)
    if therapist is None or not therapist.active:
        raise NotAllowed("Please choose your name.")
    location = session.exec(select(Location).where(Location.slug == location_slug)).first()
    if location is None or session.get(TherapistLocation, (therapist_id, location.id)) is None:
        raise NotAllowed("Please choose one of your locations.")
    if not well_formed(pin):
        raise InvalidInput(N_("Please type your PIN: 4 to 8 digits."))
    if made_with_other_pepper(therapist.pin_hash, settings.pepper()):
        # Counting this would lock out every therapist on a server set up with another pepper.
        raise PepperMismatch()
    if therapist.pin_hash.startswith("scrypt$") and legacy_closed(session, clinic_day(now)):
        raise LegacyPinRefused()
    locked = max(
        lockouts.minutes_left(therapist.locked_until, now),
        lockouts.locked_minutes(session, _keys(therapist.id, source), now),
    )
    return PinCheck(therapist.id, location.id, therapist.pin_hash, source, locked)


def _locked(minutes: int) -> str:
    plural = "s" if minutes > 1 else ""
    return f"Too many wrong PINs. Try again in {minutes} minute{plural}, or ask an admin."


def record_pin(
    *,
    session: Session,
    check: PinCheck,
    right: bool,
    new_hash: str | None,
    max_attempts: int,
    lockout_minutes: int,
    now: datetime,
) -> PinResult:
    """Record a verified PIN in the caller's unit of work: a right one signs in (and its hash
    is upgraded to `new_hash` if given); wrong ones count toward the lockouts (doubling each
    time). Every try is audited (never the PIN). A refusal is a result, not an error, so that
    the caller commits its audit row."""
    therapist = session.get(Therapist, check.therapist_id, with_for_update=True, populate_existing=True)
    where = {"therapist_id": therapist.id, "location_id": check.location_id}
    keys = _keys(therapist.id, check.source)
    minutes = max(lockouts.minutes_left(therapist.locked_until, now), lockouts.held(session, keys, now))
    if minutes:  # locked before this try, or by another try since our read
        session.add(AuditEvent(at=now, action="sign_in_locked", detail=_source(check), **where))
        return PinResult(None, _locked(minutes))
    if therapist.pin_hash != check.pin_hash:  # changed by an admin since our read: this PIN proves nothing
        return PinResult(None, WRONG)
    if not right:
        return _wrong(session, therapist, check, max_attempts, lockout_minutes, now)
    lift_lockout(therapist)
    lockouts.forget(session, keys[0])  # this member from this source; the source's count stays
    if new_hash:  # the right PIN is in hand only now: the one moment an old scrypt hash can become argon2id
        therapist.pin_hash = new_hash
    session.add(therapist)
    session.add(AuditEvent(at=now, action="sign_in", detail="PIN hash upgraded" if new_hash else "", **where))
    if new_hash and check.pin_hash.startswith("scrypt$"):
        _close_legacy_if_done(session, therapist.id, now)
    location = session.get(Location, check.location_id)
    member = StaffMember(
        therapist_id=therapist.id,
        name=therapist.name,
        location_slug=location.slug,
        location_name=location.name,
        medical_trained=therapist.medical_trained,
        is_admin=therapist.is_admin,
    )
    return PinResult(member)


def _source(check: PinCheck) -> str:
    return f"source {lockouts.source_digest(check.source)[:8]}"


def _wrong(session, therapist: Therapist, check: PinCheck, max_attempts: int, lockout_minutes: int, now) -> PinResult:
    therapist.failed_pin_attempts += 1
    detail = f"attempt {therapist.failed_pin_attempts}, {_source(check)}"
    if therapist.failed_pin_attempts >= max_attempts * lockouts.MEMBER_GUARD:  # guesses from many sources
        therapist.lockouts += 1
        therapist.locked_until = now + timedelta(minutes=lockouts.lock_for(therapist.lockouts, lockout_minutes))
        therapist.failed_pin_attempts = 0
    counters = [
        lockouts.Counter(lockouts.member_key(therapist.id, check.source), max_attempts),
        lockouts.Counter(lockouts.source_key(check.source), settings.pin_source_attempts),
    ]
    minutes = max(
        lockouts.count_wrong(session, counters, now, lockout_minutes),
        lockouts.minutes_left(therapist.locked_until, now),
    )
    session.add(therapist)
    if minutes:
        detail += f", locked for {minutes} min"
    session.add(
        AuditEvent(
            at=now, action="sign_in_failed", detail=detail, therapist_id=therapist.id, location_id=check.location_id
        )
    )
    return PinResult(None, _locked(minutes) if minutes else WRONG)


def _close_legacy_if_done(session: Session, therapist_id: int, now: datetime) -> None:
    """The last active member with an old scrypt hash just got a new one: from now on no scrypt
    hash signs in (one left on an inactive member, or put back from an old backup)."""
    others = select(Therapist.id).where(
        Therapist.active, col(Therapist.pin_hash).startswith("scrypt$"), Therapist.id != therapist_id
    )
    if session.exec(others.limit(1)).first() is None:
        session.add(
            AuditEvent(at=now, action=LEGACY_CLOSED, therapist_id=therapist_id, detail="every active PIN upgraded")
        )
