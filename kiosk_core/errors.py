"""Domain errors. Each carries a message id (and its values) to show, in the reader's language,
to a client or a therapist."""

from kiosk_core.i18n import N_, Message


class KioskError(Exception):
    message = N_("Something went wrong. Please ask at the front desk.")

    def __init__(self, message: str | Message | None = None, /, **values: object):
        self.said = message if isinstance(message, Message) else Message(message or self.message, values)
        super().__init__(str(self.said))


class NotFound(KioskError):
    message = N_("We couldn't find that.")


class InvalidInput(KioskError):
    message = N_("Please check your answers.")

    def __init__(self, message: str | Message | None = None, /, *, problems: dict | None = None, **values: object):
        super().__init__(message, **values)
        self.problems = problems or {}  # field -> what to fix (str or Message), for showing beside a form


class IllegalTransition(KioskError):
    message = N_("That step isn't possible for this visit right now.")


class NotAllowed(KioskError):
    message = N_("You're not allowed to do that.")


class Unavailable(KioskError):
    """The database did not answer: down, restarting, unreachable, or every connection busy.
    Not a bug: the screen says so calmly and keeps what was typed."""


class Busy(Unavailable):
    """The database stayed busy (or away) for the whole retry budget. The tablet shows the
    default message ("please ask at the front desk") and keeps the client's answers."""


class StorageFull(Unavailable):
    """The database can't store anything more (disk full, or read-only). The tablet keeps the
    client's answers and says its calm message; staff screens show a red banner."""

    message = N_("We can't save your check-in just now. Please ask at the front desk; your answers are kept.")
