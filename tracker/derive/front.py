"""The front per axis, day by day, and the data of the progress charts."""

from ..model.dates import day_range
from ..model.errors import InvalidInput
from . import history
from .period import known_at_timestamp, series_days


def front(tdb, *, campaign=None, axis=None, start=None, end=None, known_at=None) -> list:
    """The per-axis front series: one row per day and axis from `start` to `end`."""
    the_campaign = tdb.campaign(campaign)
    axis_names = [a["name"] for a in the_campaign["axes"]]
    if axis and axis not in axis_names:
        raise InvalidInput(f"Invalid axis {axis!r}: the {the_campaign['name']} campaign's axes are {', '.join(axis_names)}")
    known = known_at_timestamp(known_at)
    first, last = series_days(tdb, the_campaign, start, end, known)
    places = {p["id"]: p for p in tdb.mapped_localities(the_campaign["id"])}
    rows = history.front_series(
        [(p["km_to_outskirts"], pid) for pid, p in places.items() if p["km_to_outskirts"] is not None],
        lambda ids: tdb.counting_events(the_campaign["id"], known_at=known, locality_ids=ids),
        [axis] if axis else axis_names, list(day_range(first, last)), tdb.force_sides())
    sources = tdb.first_source_urls({r["event_id"] for r in rows if r["event_id"]})
    for row in rows:
        row["locality"] = places[row["locality_id"]]["name"] if row["locality_id"] else None
        row["source"] = sources.get(row["event_id"])
    return rows


def front_changes(rows) -> list:
    """Only the rows where an axis's front moved (or first appeared)."""
    last, changed = {}, []
    for row in rows:
        key = (row["km_to_outskirts"], row["locality_id"])
        if last.get(row["axis"]) != key:
            changed.append(row)
            last[row["axis"]] = key
    return changed


def progress(tdb, *, campaign=None) -> dict:
    """The front per axis and the localities each side holds, day by day, for the progress chart."""
    the_campaign = tdb.campaign(campaign)
    rows = front(tdb, campaign=campaign)
    first = the_campaign["start_date"]
    first, last = series_days(tdb, the_campaign)
    counts = history.side_counts(tdb.counting_events(the_campaign["id"]), list(day_range(first, last)),
                                 tdb.force_sides())
    return {
        "campaign": the_campaign["name"],
        "axes": [a["name"] for a in the_campaign["axes"]],
        "front": rows,
        "held": counts,
    }

