"""The clock and the recorder: when a fact was recorded and by whom."""

import datetime as dt
import getpass


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers; any fallback is fine
        return "unknown"


def recorder(given: str | None = None) -> str:
    """Who records a fact: as given, else person:$USER."""
    return given or f"person:{current_user()}"
