"""What ACLED files look like: their layouts over the years, their dates, territory event names and actor names.

Facts from real exports (see ../shared/data/external/README.md): the 2015 upper-case download, the 2016
real-time file with a leading unnamed index column, the 2019-2023 31-column export and the current one.
Nothing here touches a database.
"""

import datetime as dt
import re

from ..model.dates import EventDate

# The columns an importer reads, by their current (lower-case) names. Each layout has them under some name.
FIELDS = ("event_id_cnty", "event_date", "time_precision", "territory", "actor1", "actor2", "assoc_actor_1",
          "assoc_actor_2", "inter1", "inter2", "location", "latitude", "longitude", "geo_precision", "source",
          "notes", "timestamp")
NEEDED = ("event_id_cnty", "event_date", "time_precision", "territory", "actor1", "actor2", "location", "latitude",
          "longitude")

LAYOUTS = {
    "ACLED 2015 download (upper case, territory in EVENT_TYPE)":
        lambda cols: "gwno" in cols and "event_type" in cols and "sub_event_type" not in cols and "data_id" not in cols,
    "ACLED 2016 real-time file (index column, territory in event_type)":
        lambda cols: "data_id" in cols and "sub_event_type" not in cols,
    "ACLED 2019-2023 export (31 columns, territory in sub_event_type)":
        lambda cols: "sub_event_type" in cols and "iso3" in cols and "disorder_type" not in cols,
    "ACLED current export (disorder_type, territory in sub_event_type)":
        lambda cols: "sub_event_type" in cols and "disorder_type" in cols,
    "ACLED-shaped file (territory in sub_event_type)":
        lambda cols: "sub_event_type" in cols,
}

TERRITORY = {
    "government regains territory": "captured",
    "non-state actor overtakes territory": "captured",
    "non-state actors overtake territory": "captured",
    "non-violent transfer of territory": "withdrawn",
}
INTER_TEXT = {"state forces": 1, "rebel group": 2, "rebel groups": 2, "political militia": 3, "political militias": 3,
              "identity militia": 4, "identity militias": 4, "rioters": 5, "protesters": 6, "civilians": 7,
              "external/other forces": 8}
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}
STATE_ACTOR = re.compile(r"^(?P<kind>Military|Police) Forces of (?P<country>[^(:]+)(?:\((?P<years>\d{4}-(?:\d{4})?)\))?"
                         r"\s*(?::\s*)?(?P<unit>.*)$")


class RowError(Exception):
    """A row that cannot be imported; the message says why and what would be accepted."""


class Layout:
    """Where each field sits in a file's header, and which known layout that header is."""

    def __init__(self, header: list):
        names = [name.strip().lower() for name in header]
        self.width = len(header)
        columns = {name: i for i, name in enumerate(names) if name}
        self.name = next((name for name, test in LAYOUTS.items() if test(columns)), None)
        territory = "sub_event_type" if "sub_event_type" in columns else "event_type"
        aliases = {"territory": territory, "assoc_actor_1": "assoc_actor_1" if "assoc_actor_1" in columns else "ally_actor_1",
                   "assoc_actor_2": "assoc_actor_2" if "assoc_actor_2" in columns else "ally_actor_2"}
        self.at = {field: columns.get(aliases.get(field, field)) for field in FIELDS}
        self.missing = [field if field != "territory" else "sub_event_type or event_type"
                        for field in NEEDED if self.at[field] is None]


def territory_status(text: str, cache={}):  # noqa: B006 (a cache of a few distinct strings)
    """captured / withdrawn for ACLED's territory events in any layout's spelling; None for everything else."""
    if text not in cache:
        key = " ".join(text.strip().lower().split())
        key = key[len("battle-"):] if key.startswith("battle-") else key
        cache[text] = TERRITORY.get(key)
    return cache[text]


_DATES = {}


def parse_acled_date(text, precision):
    """'20 October 2016', '01-January-2015' or '2016-10-20'; time_precision 1 day, 2 within a week, 3 a month."""
    key = (text, precision)
    if key not in _DATES:
        if len(_DATES) > 100_000:
            _DATES.clear()
        _DATES[key] = _parse_acled_date(text.strip(), precision.strip())
    return _DATES[key]


def _parse_acled_date(text, precision):
    m = re.fullmatch(r"(\d{1,2})[ \-]([A-Za-z]+)[ \-](\d{4})", text)
    try:
        if m and m[2].lower() in MONTHS:
            day = dt.date(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
        elif re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            day = dt.date.fromisoformat(text)
        else:
            raise ValueError
    except ValueError:
        raise RowError(f"event_date {text[:40]!r} is not a date (ACLED writes '20 October 2016', "
                       "'01-January-2015' or 2016-10-20)") from None
    if precision == "1":
        return EventDate(day.isoformat(), day.isoformat(), "day")
    if precision == "2":
        first, last = day - dt.timedelta(days=3), day + dt.timedelta(days=3)
        return EventDate(first.isoformat(), last.isoformat(), "range")
    if precision == "3":
        first = day.replace(day=1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return EventDate(first.isoformat(), last.isoformat(), "month")
    raise RowError(f"time_precision {precision[:10]!r} must be 1, 2 or 3")


def actor_names(actor: str) -> list:
    """The names an ACLED actor may be known by, most specific first.

    'Military Forces of Iraq (2014-2022) Counter Terrorism Service' -> ['Counter Terrorism Service',
    'Military Forces of Iraq (2014-2022) Counter Terrorism Service', 'Military Forces of Iraq'];
    'Islamic State (Iraq)' -> ['Islamic State (Iraq)', 'Islamic State'].
    """
    actor = " ".join(actor.split())
    names = []
    m = STATE_ACTOR.match(actor)
    if m:
        if m["unit"].strip():
            names.append(m["unit"].strip())
        names += [actor, f"{m['kind']} Forces of {m['country'].strip()}"]
    else:
        names.append(actor)
        bare = re.sub(r"\s*\([^)]*\)$", "", actor)
        if bare and bare != actor:
            names.append(bare)
    return list(dict.fromkeys(names))


def actor_list(text: str) -> list:
    """An assoc_actor / ally_actor cell: '; '-separated actors."""
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def inter_code(text: str):
    """ACLED's actor type as its number (older files write 1-8, newer ones the words)."""
    text = (text or "").strip().lower()
    if text.isdigit():
        return int(text)
    return INTER_TEXT.get(text)


def coordinate(text, low, high, what):
    try:
        value = float(text)
    except ValueError:
        raise RowError(f"{what} {text[:20]!r} is not a number") from None
    if not low <= value <= high or value != value:
        raise RowError(f"{what} {value:g} is out of range ({low}..{high})")
    return value
