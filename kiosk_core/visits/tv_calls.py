"""What the lobby TV shows and says: ticket codes being called, where each goes (a room, or the
therapist by first name), the calls of the last few minutes, and how many wait. Nothing about
anyone: no names of clients, no reasons, no conditions.

Each call is said aloud once, in the client's language ("Ticket T 12, please go to Room 2."):
the words are made here, the page speaks them.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from kiosk_core.clock import clinic_day
from kiosk_core.i18n import N_, translate
from kiosk_core.models import Shift, Therapist, Visit
from kiosk_core.staff.shifts import WhereToGo, live, stale_before, where_to_go
from kiosk_core.vocabulary import Queue, VisitStatus

RECENT_MINUTES = 15
RECENT_SHOWN = 6
NOW_SHOWN = 4  # what fits a 1280x720 TV with the recent calls beside it (tests/e2e/test_lobby_tv.py)
# The voice to ask the browser for, per language of ours.
VOICE_LANGUAGES = {"en": "en-US", "es": "es-US"}

CALL_TO_NUMBERED_ROOM = N_("Ticket {ticket}, please go to room {number}.")
CALL_TO_ROOM = N_("Ticket {ticket}, please go to {room}.")
CALL_TO_THERAPIST = N_("Ticket {ticket}, please see {therapist}.")
# A room named "Room 2" in the clinic file is said in each language's words; any other name as written.
NUMBERED_ROOM = N_("Room {number}")
_NUMBERED = re.compile(r"room\s+(\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class LobbyCall:
    """One call of a ticket. `call_id` tells calls apart, a second call of the same visit too."""

    call_id: str
    ticket: str
    queue: Queue
    where: WhereToGo
    language: str
    called_at: datetime

    def where_words(self, language: str = "en") -> str:
        """The room ("Room 2", "Sala 2"), or the therapist to look for ("Priya"), in `language`."""
        return room_words(self.where.room, language) if self.where.room else self.where.therapist_first_name

    def spoken(self) -> str:
        """What the display says aloud, in the client's language."""
        ticket, language, room = spoken_ticket(self.ticket), self.language, self.where.room
        if numbered := _NUMBERED.fullmatch(room):
            return translate(language, CALL_TO_NUMBERED_ROOM, ticket=ticket, number=numbered.group(1))
        if room:
            return translate(language, CALL_TO_ROOM, ticket=ticket, room=room)
        if self.where.therapist_first_name:
            return translate(language, CALL_TO_THERAPIST, ticket=ticket, therapist=self.where.therapist_first_name)
        return translate(language, N_("Ticket {ticket}, please come to the front desk."), ticket=ticket)

    @property
    def voice_language(self) -> str:
        return VOICE_LANGUAGES.get(self.language, VOICE_LANGUAGES["en"])


@dataclass(frozen=True)
class LobbyBoard:
    location_name: str
    now_calling: list[LobbyCall]  # called and not yet come, newest first
    recently_called: list[LobbyCall]  # called in the last minutes and gone in, newest first
    waiting: dict[str, int]


def spoken_ticket(code: str) -> str:
    """A ticket as a voice reads it well: "T-012" -> "T 12", "MT-007" -> "M T 7"."""
    prefix, _, number = code.partition("-")
    if not number.isdigit():
        return " ".join(code)
    return f"{' '.join(prefix)} {int(number)}"


def room_words(room: str, language: str) -> str:
    numbered = _NUMBERED.fullmatch(room)
    if numbered is None:
        return room
    return translate(language, NUMBERED_ROOM, number=numbered.group(1))


def call_id(visit_id: int, called_at: datetime) -> str:
    return f"{visit_id}-{int(called_at.timestamp() * 1000)}"


def on_shift_here(location_id: int, now: datetime) -> sa.ColumnElement[bool]:
    """The visit's therapist has a live shift at the location (kiosk_core.staff.shifts.live)."""
    return sa.exists().where(
        Shift.therapist_id == Visit.therapist_id, Shift.location_id == location_id, live(stale_before(now))
    )


def lobby_board(*, session: Session, location_id: int, location_name: str, now: datetime) -> LobbyBoard:
    today = (Visit.location_id == location_id, Visit.clinic_day == clinic_day(now))
    counts = session.exec(select(Visit.queue).where(*today, Visit.status == VisitStatus.WAITING)).all()
    since = now - timedelta(minutes=RECENT_MINUTES)
    called = session.exec(
        select(
            Visit.id,
            Visit.ticket_code,
            Visit.queue,
            Visit.status,
            Visit.room,
            Visit.language,
            Visit.called_at,
            Therapist.name,
        )
        .join(Therapist, Therapist.id == Visit.therapist_id, isouter=True)
        .where(*today, Visit.called_at.is_not(None))
        .where((Visit.status == VisitStatus.CALLED) | (Visit.called_at >= since))
        # A call whose therapist's shift here ended (or went stale) waits for nobody: it
        # leaves "Now calling" (the client is put back or called again by someone on shift).
        .where((Visit.status != VisitStatus.CALLED) | on_shift_here(location_id, now))
        .order_by(Visit.called_at.desc(), Visit.id.desc())
    ).all()
    now_calling, recent = [], []
    for visit_id, ticket, queue, status, room, language, called_at, therapist in called:
        call = LobbyCall(call_id(visit_id, called_at), ticket, queue, where_to_go(room, therapist), language, called_at)
        (now_calling if status == VisitStatus.CALLED else recent).append(call)
    return LobbyBoard(
        location_name=location_name,
        now_calling=now_calling[:NOW_SHOWN],
        recently_called=recent[:RECENT_SHOWN],
        waiting={queue: sum(1 for q in counts if q == queue) for queue in Queue},
    )
