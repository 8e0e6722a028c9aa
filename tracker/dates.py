"""Event dates with their precision: a day, a range, a month or a year.

An event counts from `date`, the last day it can have happened on: "by
Thursday" or "in October" only makes a locality held once that is certain.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .errors import InvalidDate

ACCEPTED = "YYYY-MM-DD, YYYY-MM, YYYY, or a range START/END such as 2016-10-17/2016-10-20"
PRECISIONS = ("day", "range", "month", "year")


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
        raise InvalidDate(f"Invalid {what} {text!r}: use YYYY-MM-DD, e.g. 2016-10-20")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidDate(
            f"Impossible {what} {text!r}: no such day in the calendar; use YYYY-MM-DD, e.g. 2016-10-20"
        ) from None


def parse_event_date(text: str) -> EventDate:
    """Parse what a user types after --date into an EventDate."""
    raw = (text or "").strip()
    try:
        if "/" in raw:
            start, _, end = raw.partition("/")
            first, last = parse_day(start), parse_day(end)
            if last < first:
                raise InvalidDate(f"Invalid date range {raw!r}: the end is before the start")
            precision = "day" if first == last else "range"
            return EventDate(first.isoformat(), last.isoformat(), precision)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            day = parse_day(raw)
            return EventDate(day.isoformat(), day.isoformat(), "day")
        if re.fullmatch(r"\d{4}-\d{2}", raw):
            year, month = int(raw[:4]), int(raw[5:])
            if not 1 <= month <= 12:
                raise ValueError
            last = calendar.monthrange(year, month)[1]
            return EventDate(f"{raw}-01", f"{raw}-{last:02d}", "month")
        if re.fullmatch(r"\d{4}", raw):
            return EventDate(f"{raw}-01-01", f"{raw}-12-31", "year")
    except InvalidDate as error:
        raise InvalidDate(f"{error}. Accepted: {ACCEPTED}") from None
    except ValueError:
        pass
    raise InvalidDate(f"Invalid date {raw!r}: accepted formats are {ACCEPTED}")


def day_range(start: str, end: str):
    """Every ISO day from start to end inclusive."""
    day, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    while day <= last:
        yield day.isoformat()
        day += dt.timedelta(days=1)
