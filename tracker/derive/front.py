"""The front per axis, day by day, and the data of the progress charts."""

from ..model.dates import day_range
from ..model.errors import InvalidInput
from . import history
from .control import initial_states
from .period import known_at_timestamp, series_days


def front(tdb, *, campaign=None, axis=None, start=None, end=None, known_at=None, extra_events=()) -> list:
    """The per-axis front series: one row per day and axis from `start` to `end`.

    km_to_outskirts: the attacker-held place closest to the objective's outskirts (0 once inside them);
    km_to_final_objective: inside the city, the attacker-held place closest to the final objective (the Old City;
    without one, the centre), so the front keeps moving after the outskirts are reached. The objective itself and the city's district localities ("East Mosul")
    are never a front point: the places in them are."""
    the_campaign = tdb.campaign(campaign)
    axis_names = [a["name"] for a in the_campaign["axes"]]
    if axis and axis not in axis_names:
        raise InvalidInput(f"Invalid axis {axis!r}: the {the_campaign['name']} campaign's axes are {', '.join(axis_names)}")
    known = known_at_timestamp(known_at)
    first, last = series_days(tdb, the_campaign, start, end, known)
    places = {p["id"]: p for p in tdb.mapped_localities(the_campaign["id"])
              if p["id"] != the_campaign["objective_locality_id"] and p["kind"] != "district"}
    days = list(day_range(first, last))
    wanted = [axis] if axis else axis_names
    sides = tdb.force_sides()
    initial = initial_states(tdb, the_campaign)

    def events_of(ids):
        rows = tdb.counting_events(the_campaign["id"], known_at=known, locality_ids=ids)
        wanted = [e for e in extra_events if e["locality_id"] in set(ids)]
        if not wanted:
            return rows
        return sorted([dict(r) for r in rows] + wanted, key=lambda e: (e["date"], e["id"]))

    rows = history.front_series(
        [(p["km_to_outskirts"], pid) for pid, p in places.items() if p["km_to_outskirts"] is not None],
        events_of, wanted, days, sides, initial=initial)
    from ..model import geo

    target = final_objective(tdb, the_campaign)
    city = [p for p in places.values() if p["km_to_outskirts"] == 0 or p["bank"]]
    to_target = geo.geodesic_m([p["longitude"] for p in city], [p["latitude"] for p in city],
                               [target["longitude"]] * len(city), [target["latitude"]] * len(city)) / 1000.0
    inside = history.front_series([(round(float(km), 3), p["id"]) for km, p in zip(to_target, city)], events_of,
                                  wanted, days, sides, initial=initial)
    sources = tdb.first_source_urls({r["event_id"] for r in rows + inside if r["event_id"]})
    for row, deepest in zip(rows, inside):
        row["locality"] = places[row["locality_id"]]["name"] if row["locality_id"] else None
        row["source"] = sources.get(row["event_id"])
        row["km_to_final_objective"] = deepest["km_to_outskirts"]  # front_series names its measure km_to_outskirts
        row["final_objective"] = target["name"]
        row["inside_locality"] = places[deepest["locality_id"]]["name"] if deepest["locality_id"] else None
        row["inside_event_id"] = deepest["event_id"]
    return rows


def final_objective(tdb, the_campaign) -> dict:
    """The point the front inside the city is measured to: the campaign's final objective (Mosul's Old City),
    else its centre."""
    if the_campaign.get("final_objective_locality_id"):
        place = tdb.locality(the_campaign["final_objective_locality_id"])
        if place["latitude"] is not None:
            return {"name": place["name"], "latitude": place["latitude"], "longitude": place["longitude"]}
    return {"name": "the centre", "latitude": the_campaign["centre_latitude"],
            "longitude": the_campaign["centre_longitude"]}


def front_changes(rows) -> list:
    """Only the rows where an axis's front moved (or first appeared)."""
    last, changed = {}, []
    for row in rows:
        key = (row["km_to_outskirts"], row["locality_id"], row.get("km_to_final_objective"), row.get("inside_locality"))
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
                                 tdb.force_sides(), initial_states(tdb, the_campaign))
    axes = [a["name"] for a in the_campaign["axes"]]
    return {
        "campaign": the_campaign["name"],
        "axes": axes,
        "front": rows,
        "held": counts,
        "pace": rolling_pace(rows, axes, days=7),
    }


def daily_advance(rows, axes) -> dict:
    """axis -> [(day, km gained that day, front row)]."""
    by_axis = {axis: [] for axis in axes}
    previous = {}
    for row in rows:
        before = previous.get(row["axis"])
        gained = 0.0
        if before is not None:
            for key in ("km_to_outskirts", "km_to_final_objective"):
                if before[key] is not None and row[key] is not None:
                    gained += before[key] - row[key]
        by_axis[row["axis"]].append((row["date"], round(gained, 3), row))
        previous[row["axis"]] = row
    return by_axis


def rolling_pace(rows, axes, days=7) -> list:
    """[{date, axis, km_per_day}]: each axis's advance over the `days` days up to each day, a day's average."""
    out = []
    for axis, series in daily_advance(rows, axes).items():
        gains = [gained for _, gained, _ in series]
        total = 0.0
        for n, (day, gained, _) in enumerate(series):
            total += gained - (gains[n - days] if n >= days else 0.0)
            out.append({"date": day, "axis": axis, "km_per_day": round(total / days, 3)})
    return out
