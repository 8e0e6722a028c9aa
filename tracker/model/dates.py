"""Event dates with their precision: a day, a range, a month or a year.

An event counts from `date`, the last day it can have happened on: "by
Thursday" or "in October" only makes a locality held once that is certain.
"""

import datetime as dt
import re
from dataclasses import dataclass

from .errors import InvalidDate

ACCEPTED = "YYYY-MM-DD, YYYY-MM, YYYY, or a range START/END such as 2016-10-17/2016-10-20"


@dataclass(frozen=True)
class EventDate:
    earliest: str
    date: str
    precision: str

    def __str__(self):
        if self.precision == "day":
            return self.date
        if self.precision == "month":
            return self.date[:7]
        if self.precision == "year":
            return self.date[:4]
        return f"{self.earliest}/{self.date}"


def parse_day(text: str, what: str = "date") -> dt.date:
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise InvalidDate(f"Invalid {what} {text[:40]!r}: use YYYY-MM-DD, e.g. 2016-10-20")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidDate(f"Impossible {what} {text!r}: no such day; use YYYY-MM-DD, e.g. 2016-10-20") from None


def parse_event_date(text: str) -> EventDate:
    """Parse what a user types after --date into an EventDate."""
    raw = (text or "").strip()
    if "/" in raw:
        start, _, end = raw.partition("/")
        first, last = _day_or_explain(start, raw), _day_or_explain(end, raw)
        if last < first:
            raise InvalidDate(f"Invalid date range {raw!r}: the end is before the start; write START/END")
        return EventDate(first.isoformat(), last.isoformat(), "day" if first == last else "range")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        day = _day_or_explain(raw, raw)
        return EventDate(day.isoformat(), day.isoformat(), "day")
    if re.fullmatch(r"\d{4}-\d{2}", raw) and 1 <= int(raw[5:]) <= 12:
        year, month = int(raw[:4]), int(raw[5:])
        next_month = dt.date(year + month // 12, month % 12 + 1, 1)
        last = next_month - dt.timedelta(days=1)
        return EventDate(f"{raw}-01", last.isoformat(), "month")
    if re.fullmatch(r"\d{4}", raw):
        return EventDate(f"{raw}-01-01", f"{raw}-12-31", "year")
    raise InvalidDate(f"Invalid date {raw[:40]!r}: accepted formats are {ACCEPTED}")


def _day_or_explain(text: str, raw: str) -> dt.date:
    """parse_day, with the message naming the whole --date value and every accepted format."""
    try:
        return parse_day(text)
    except InvalidDate as error:
        reason = "Impossible" if str(error).startswith("Impossible") else "Invalid"
        detail = "no such day; " if reason == "Impossible" else ""
        raise InvalidDate(f"{reason} date {raw[:40]!r}: {detail}accepted formats are {ACCEPTED}") from None


def day_range(start: str, end: str):
    """Every ISO day from start to end inclusive (counted as ordinals: no overflow at 9999-12-31)."""
    for ordinal in range(dt.date.fromisoformat(start).toordinal(), dt.date.fromisoformat(end).toordinal() + 1):
        yield dt.date.fromordinal(ordinal).isoformat()


def date_span(earliest, date, precision=None) -> str:
    """How a list shows an event's date: the day, or the range it may fall in (earliest/latest)."""
    if not date:
        return ""
    if not earliest or earliest == date:
        return date
    return f"{earliest}/{date}"
