"""Which days a question is about: the as-of day, the campaign's recorded days, --known-at moments.

Defaults follow the data: a date defaults to the campaign's last recorded day (not today), and a series
runs from the campaign's start to that day. Every span a derivation walks is bounded.
"""

import datetime as dt

from ..model.dates import parse_day
from ..model.errors import InvalidDate

MAX_SERIES_DAYS = 20 * 366  # a front series covers at most about twenty years


def last_recorded_day(tdb, campaign: dict, known_at=None) -> str:
    """The campaign's last counting event day, not later than today (an event recorded in the future with
    --allow-any-date does not stretch every series); the start day when nothing is recorded."""
    today = dt.date.today().isoformat()
    last = tdb.last_event_date(campaign["id"], known_at, until=today)
    return max(last or campaign["start_date"], campaign["start_date"])


def as_of_day(tdb, campaign: dict, as_of=None, what="--as-of date") -> str:
    return parse_day(as_of, what).isoformat() if as_of else last_recorded_day(tdb, campaign)


def series_days(tdb, campaign: dict, start=None, end=None, known_at=None) -> tuple:
    """(first, last) day of a series: --from/--to if given, else the campaign's start and last recorded day."""
    first = parse_day(start, "--from date").isoformat() if start else campaign["start_date"]
    last = parse_day(end, "--to date").isoformat() if end else last_recorded_day(tdb, campaign, known_at)
    if last < first:
        if start and end:
            raise InvalidDate(f"--from {first} is after --to {last}: give the earlier day first")
        if start:
            raise InvalidDate(f"--from {first} is after the {campaign['name']} campaign's last recorded day, {last}: "
                              "give an earlier --from, or a --to")
        raise InvalidDate(f"--to {last} is before the {campaign['name']} campaign's start on {first}: give a later "
                          "--to, or a --from")
    if (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days > MAX_SERIES_DAYS:
        raise InvalidDate(f"{first} to {last} is more than {MAX_SERIES_DAYS:,} days: narrow it with --from/--to "
                          "(YYYY-MM-DD)")
    return first, last


def known_at_timestamp(text):
    """--known-at: YYYY-MM-DD (the end of that day, UTC) or a full ISO timestamp, as recorded_at is written."""
    if text is None:
        return None
    try:
        if len(text) == 10:
            return parse_day(text, "--known-at date").isoformat() + "T23:59:59.999999+00:00"
        moment = dt.datetime.fromisoformat(text)
    except (ValueError, InvalidDate):
        raise InvalidDate(f"Invalid --known-at {text[:40]!r}: give YYYY-MM-DD or an ISO timestamp such as 2026-11-22T10:00:00+00:00") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")

