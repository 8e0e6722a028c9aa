"""Errors the tracker raises on bad input. The CLI prints them as one line and exits non-zero."""


class TrackerError(Exception):
    """Base class: a problem with the user's input or data, never a bug."""

    exit_code = 1


class InvalidInput(TrackerError):
    """An argument that cannot be accepted; the message says what would be."""

    exit_code = 2


class UnknownLocality(InvalidInput):
    """A locality name that the gazetteer does not know."""


class AmbiguousLocality(InvalidInput):
    """A name that several gazetteer rows carry."""


class UnknownForce(InvalidInput):
    """A force name that matches no force or alias."""


class InvalidDate(InvalidInput):
    """A date that cannot be parsed, or lies outside what is allowed."""


class DuplicateEvent(TrackerError):
    """The event is already recorded; nothing new was stored."""

    def __init__(self, message, event_id):
        super().__init__(message)
        self.event_id = event_id


class NotFound(InvalidInput):
    """An id that does not exist."""


class DatabaseMissing(TrackerError):
    """The database file does not exist yet."""


class DatabaseFault(TrackerError):
    """The database file cannot be used as it is: locked, damaged, read-only, on a full disk."""

    exit_code = 3
