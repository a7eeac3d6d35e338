"""What the staff screens ask of the core: one call per action, each its own unit of work.

Every call that reads or changes a client's data takes the signed-in `member` and refuses
without one. Every read of health data leaves an audit row (who, when, where, what range):
the board, an opened intake, a report, a CSV download and the audit log itself.
"""

from dataclasses import replace
from datetime import date, datetime

import sqlalchemy as sa

from kiosk_core import db, storage_errors
from kiosk_core.config import settings
from kiosk_core.errors import NotAllowed
from kiosk_core.locations import location_by_slug
from kiosk_core.models import AuditEvent, utcnow
from kiosk_core.reports import day_totals_writer
from kiosk_core.reports.build import Report, checked_range, visit_report
from kiosk_core.reports.csv_export import visits_csv
from kiosk_core.screens.audit_desk import audit_log  # noqa: F401  (offered to the screens from here)
from kiosk_core.screens.queue_board import (  # noqa: F401  (the board's calls, offered to the screens from here)
    ACTION_DONE,
    Board,
    Recent,
    VisitDetail,
    act,
    board,
    call_next_client,
    move_to_queue,
    open_visit,
    review,
    undo,
)
from kiosk_core.staff import pin_sign_in, sign_ins, therapists
from kiosk_core.staff.authority import Authority, SignedOut, authority
from kiosk_core.staff.on_duty import audit_read, on_duty
from kiosk_core.staff.roles import Need
from kiosk_core.visits import tv_calls
from kiosk_core.visits.todays_queue import waiting_counts

StaffMember = therapists.StaffMember


def therapist_choices() -> list[tuple[int, str, list[tuple[str, str]]]]:
    def work(session):
        return therapists.therapist_choices(session=session)

    return db.run_read(work)


def access(*, member: StaffMember | None) -> Authority:
    """The member's authority now, as the database says (SignedOut, saying why, if it no longer
    holds): each staff page asks on every run, to draw what this member may open."""
    return db.run_read(lambda session: authority(session, member))


def storage_alert() -> bool:
    """Whether the staff screens show the red "storage full" banner (kiosk_core.storage_errors)."""
    return storage_errors.full_lately()


def waiting_now(slugs: list[str]) -> dict[str, dict[str, int]]:
    """How many wait in each queue at each location now: counts only, for the status page."""
    return db.run_read(lambda session: {slug: waiting_counts(session=session, location_slug=slug) for slug in slugs})


def sign_in(
    *,
    therapist_id: int,
    pin: str,
    location_slug: str,
    source: str = "",
    now: datetime | None = None,
    engine: sa.Engine | None = None,
) -> StaffMember:
    """Check the PIN and sign the member in at the location. Signing in starts no shift: that is
    "Start shift" on the board (kiosk_core.screens.shift_desk). `source`: where the sign-in came
    from (the browser's address), for the lockouts per member and source. Three steps, so that no
    transaction waits on the PIN's hash: read it, verify it outside any transaction, then record
    the result (and the sign-in) in one short write; a refusal is committed with its audit row,
    then raised."""
    now = now or utcnow()
    where = {"therapist_id": therapist_id, "pin": pin, "location_slug": location_slug, "now": now, "source": source}
    check = db.run_read(lambda session: pin_sign_in.check_pin_for(session=session, **where), engine=engine)
    right = not check.locked_minutes and therapists.pin_matches(pin, check.pin_hash)
    new_hash = therapists.hash_pin(pin) if right and therapists.needs_new_hash(check.pin_hash) else None
    limits = {"max_attempts": settings.pin_max_attempts, "lockout_minutes": settings.pin_lockout_minutes}

    def record(session) -> pin_sign_in.PinResult:
        db.begin_writes(session)
        result = pin_sign_in.record_pin(session=session, check=check, right=right, new_hash=new_hash, now=now, **limits)
        if result.member is None:
            return result
        row = sign_ins.sign_in(session=session, therapist_id=therapist_id, location_id=check.location_id, now=now)
        return replace(result, member=replace(result.member, sign_in_id=row.id))

    result = db.run_write(record, engine=engine)
    if result.member is None:
        raise NotAllowed(result.refusal)
    return result.member


def _days(start: date, end: date) -> str:
    return f"{start.isoformat()} to {end.isoformat()}"


def sign_out(member: StaffMember, *, reason: str = "") -> None:
    """Sign out this screen; `reason` "idle" for the idle sign-out (or "access_changed": the
    screen found its sign-in no longer holds). Ends no shift (a shift ends by "End shift", or
    once its board has stopped refreshing: kiosk_core.staff.shifts). Asks for no authority:
    leaving always works."""
    if not isinstance(member, StaffMember):
        raise SignedOut()
    now = utcnow()

    def work(session):
        db.begin_writes(session)
        location = location_by_slug(session, member.location_slug)
        session.add(
            AuditEvent(action="sign_out", therapist_id=member.therapist_id, location_id=location.id, detail=reason)
        )
        sign_ins.sign_out(session=session, sign_in_id=member.sign_in_id, reason=reason, now=now)

    return db.run_write(work)


def lobby_board(*, location_slug: str, now: datetime | None = None) -> tv_calls.LobbyBoard:
    """What the lobby TV shows and says (kiosk_core.visits.tv_calls): ticket codes only, nothing about anyone."""
    now = now or utcnow()

    def work(session):
        location = location_by_slug(session, location_slug)
        return tv_calls.lobby_board(session=session, location_id=location.id, location_name=location.name, now=now)

    return db.run_read(work)


def report(*, member: StaffMember, start: date, end: date) -> Report:
    """Check-ins, routing, red flags and times at the member's location, `start` to `end`."""
    if not isinstance(member, StaffMember):
        raise SignedOut()
    return build_report(start=start, end=end, location_slug=member.location_slug, member=member)


def build_report(
    *,
    start: date,
    end: date,
    location_slug: str,
    member: StaffMember | None = None,
    engine: sa.Engine | None = None,
    now: datetime | None = None,
) -> Report:
    """The report as the Reports page shows it: past days of the range still missing their totals
    are totalled first (short writes of their own), then everything is read in one snapshot,
    audited as read by `member`, whose authority is read in it (and must be at that location)."""
    checked_range(start, end)

    def where(session) -> int:  # checked before the totals are written too: nothing is done for no one
        if member is not None and on_duty(session, member, Need.REPORTS).location_slug != location_slug:
            raise SignedOut()
        return location_by_slug(session, location_slug).id

    location_id = db.run_read(where, engine=engine)
    day_totals_writer.total_range(engine or db.get_engine(), location_id, start, end, now)

    def read(session) -> Report:
        who = on_duty(session, member, Need.REPORTS) if member is not None else None
        if who is not None and who.location_id != location_id:
            raise SignedOut()
        report = visit_report(session=session, start=start, end=end, location_slug=location_slug)
        if who is not None:
            audit_read(session, who, "view_report", _days(start, end))
        return report

    return db.run_write(read, engine=engine)


def visits_csv_download(*, member: StaffMember, start: date, end: date) -> str:
    """The same visits as CSV, made when the therapist asks for the download."""

    def read(session) -> str:
        who = on_duty(session, member, Need.REPORTS)
        text = visits_csv(session=session, start=start, end=end, location_slug=who.location_slug)
        audit_read(session, who, "download_csv", _days(start, end))
        return text

    return db.run_write(read)
