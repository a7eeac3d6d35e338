"""Domain errors. Each message is written to be shown as it is, to a client or a therapist."""


class KioskError(Exception):
    message = "Something went wrong. Please ask at the front desk."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)


class NotFound(KioskError):
    message = "We couldn't find that."


class InvalidInput(KioskError):
    message = "Please check your answers."

    def __init__(self, message: str | None = None, *, problems: dict[str, str] | None = None):
        super().__init__(message)
        self.problems = problems or {}  # field -> what to fix, for showing beside a form


class IllegalTransition(KioskError):
    message = "That step isn't possible for this visit right now."


class NotAllowed(KioskError):
    message = "You're not allowed to do that."
