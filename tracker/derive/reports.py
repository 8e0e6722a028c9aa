"""What the events add up to: control on a date, the front per axis, and who holds how much.

Each function takes a TrackerDB and returns plain dicts/lists, ready for JSON.
"""

import datetime as dt

from . import history
from ..model.dates import day_range, parse_day


def _as_of(as_of):
    return parse_day(as_of, "--as-of date").isoformat() if as_of else dt.date.today().isoformat()


def _force_names(tdb):
    return {f["id"]: f for f in tdb.forces()}


def known_at_timestamp(text):
    """--known-at: YYYY-MM-DD (the end of that day, UTC) or a full ISO timestamp, as recorded_at is written."""
    import datetime as dt

    from ..model.errors import InvalidDate

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


def status(tdb, *, campaign=None, as_of=None, known_at=None) -> dict:
    """Who holds each locality with events on `as_of`, grouped by axis, with the attacker's closest point per axis.

    known_at: as the database told it at that moment (before later corrections and retractions).
    """
    the_campaign = tdb.campaign(campaign)
    day = _as_of(as_of)
    sides = tdb.force_sides()
    forces = _force_names(tdb)
    states = states_on(tdb, the_campaign, day, sides, known_at=known_at_timestamp(known_at))
    places = {p["id"]: p for p in tdb.mapped_localities(the_campaign["id"])}
    axis_names = [a["name"] for a in the_campaign["axes"]]
    groups = {name: [] for name in axis_names + [None]}
    for locality_id, state in states.items():
        place = places.get(locality_id) or tdb.locality(locality_id)
        holder = forces.get(state["holder_id"])
        by = forces.get(state["by_id"])
        groups.setdefault(state["axis"], []).append({
            "locality_id": locality_id,
            "locality": place["name"],
            "latitude": place["latitude"],
            "longitude": place["longitude"],
            "km_to_outskirts": place["km_to_outskirts"],
            "holder": holder["name"] if holder else None,
            "side": holder["side"] if holder else None,
            "condition": state["condition"],
            "pressed_by": by["name"] if by else None,
            "since": state["since"],
            "event_id": state["event_id"],
        })
    distances = {pid: p["km_to_outskirts"] for pid, p in places.items()}
    closest = history.closest_held(states, distances, axis_names, sides)
    axes = []
    for name in axis_names + [None]:
        rows = sorted(groups.get(name, []), key=lambda r: (r["km_to_outskirts"] is None, r["km_to_outskirts"], r["locality"]))
        if name is None and not rows:
            continue
        front = closest.get(name) if name else None
        axes.append({
            "axis": name,
            "closest_attacker_held": {
                "locality": places[front[1]]["name"], "km_to_outskirts": front[0], "event_id": front[2],
            } if front else None,
            "localities": rows,
        })
    return {"campaign": the_campaign["name"], "as_of": day, "axes": axes}


def states_on(tdb, the_campaign, day, sides, known_at=None) -> dict:
    """Every locality's state on `day`, replaying only the events that decide it (see events_deciding_states)."""
    return history.states_on(tdb.events_deciding_states(the_campaign["id"], day, known_at), day, sides)


def front(tdb, *, campaign=None, axis=None, start=None, end=None, known_at=None) -> list:
    """The per-axis front series: one row per day and axis from `start` to `end`."""
    the_campaign = tdb.campaign(campaign)
    axis_names = [a["name"] for a in the_campaign["axes"]]
    if axis and axis not in axis_names:
        from ..model.errors import InvalidInput

        raise InvalidInput(f"Invalid axis {axis!r}: the {the_campaign['name']} campaign's axes are {', '.join(axis_names)}")
    known = known_at_timestamp(known_at)
    first = parse_day(start, "--from date").isoformat() if start else the_campaign["start_date"]
    last = parse_day(end, "--to date").isoformat() if end else (tdb.last_event_date(the_campaign["id"], known) or first)
    if last < first:
        return []
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


def stats(tdb, *, campaign=None, as_of=None) -> dict:
    """Localities and estimated area held per side and per axis on a date.

    Area: each locality within the campaign region (a circle of region_km around
    the objective's centre) gets its Voronoi cell, built in metres and clipped
    to the region; a side's area is the sum of the cells of the localities it
    holds. Contested and encircled cells, and cells of localities with no
    recorded event, are counted apart.
    """
    from ..model import geo

    the_campaign = tdb.campaign(campaign)
    day = _as_of(as_of)
    sides = tdb.force_sides()
    states = states_on(tdb, the_campaign, day, sides)
    centre = (the_campaign["centre_longitude"], the_campaign["centre_latitude"])
    radius = the_campaign["region_km"]
    places = [p for p in tdb.mapped_localities(the_campaign["id"]) if p["km_to_centre"] is not None and p["km_to_centre"] <= radius]
    areas = geo.voronoi_cell_areas_km2([p["longitude"] for p in places], [p["latitude"] for p in places], centre, radius)
    by_side, by_axis = {}, {}
    for place, area in zip(places, areas):
        state = states.get(place["id"])
        if state is None:
            bucket = "unknown"
        elif state["condition"] != "held":
            bucket = state["condition"]
        else:
            bucket = sides.get(state["holder_id"]) or "unknown"
        entry = by_side.setdefault(bucket, {"localities": 0, "area_km2": 0.0})
        entry["localities"] += 1
        entry["area_km2"] += float(area)
        axis = (state or {}).get("axis") or place["axis"] or "objective"
        axis_entry = by_axis.setdefault(axis, {})
        axis_entry[bucket] = axis_entry.get(bucket, 0) + 1
    for entry in by_side.values():
        entry["area_km2"] = round(entry["area_km2"], 1)
    return {
        "campaign": the_campaign["name"],
        "as_of": day,
        "region": {"radius_km": radius, "area_km2": round(geo.region_area_km2(radius), 1), "localities": len(places)},
        "method": "Voronoi cells of the localities, in an azimuthal equidistant projection on the objective, "
                  "clipped to the campaign region",
        "by_side": dict(sorted(by_side.items())),
        "by_axis": dict(sorted(by_axis.items())),
    }


MAP_HISTORY_LIMIT = 200_000  # counting events past which the map fetches states a date at a time


def map_data(tdb, *, campaign=None, history_limit=MAP_HISTORY_LIMIT) -> dict:
    """Everything the map page draws, computed here so the browser only looks things up.

    Up to history_limit events, every locality's whole history of states (the slider then needs
    nothing more); past it (that history is tens of MB at 1M events) only the states on the last
    day, with states_by_date set: the page asks map_states for each date it shows.
    """
    from ..model import geo

    the_campaign = tdb.campaign(campaign)
    sides = tdb.force_sides()
    places = tdb.mapped_localities(the_campaign["id"])
    last = max(tdb.last_event_date(the_campaign["id"]) or the_campaign["start_date"], the_campaign["start_date"])
    by_date = tdb.event_count(the_campaign["id"]) > history_limit
    if by_date:
        states = map_states(tdb, campaign=campaign, day=last)["states"]
    else:
        changes = history.state_changes(tdb.counting_events(the_campaign["id"]), sides)
        states = {str(locality_id): [_state_row(step) for step in steps] for locality_id, steps in changes.items()}
    return {
        "campaign": {
            "name": the_campaign["name"],
            "title": the_campaign["title"],
            "start": the_campaign["start_date"],
            "end": last,
            "centre": [the_campaign["centre_longitude"], the_campaign["centre_latitude"]],
            "outskirts": geo.wkt_to_geojson(the_campaign["outskirts_wkt"]),
            "region_km": the_campaign["region_km"],
            "axes": the_campaign["axes"],
            "axis_lines": geo.sector_lines(the_campaign),
        },
        "forces": [{"id": f["id"], "name": f["name"], "side": f["side"]} for f in tdb.forces()],
        "localities": [
            {"id": p["id"], "name": p["name"], "lat": p["latitude"], "lon": p["longitude"], "axis": p["axis"],
             "km": p["km_to_outskirts"], "kind": p["kind"]}
            for p in places
        ],
        "states_by_date": by_date,
        "states_day": last if by_date else None,
        "states": states,
    }


def map_states(tdb, *, campaign=None, day=None) -> dict:
    """Every locality's state on one day, in the map's format (a one-entry history per locality)."""
    the_campaign = tdb.campaign(campaign)
    day = _as_of(day)
    states = states_on(tdb, the_campaign, day, tdb.force_sides())
    return {"date": day, "states": {str(locality_id): [_state_row(dict(state, date=None))]
                                    for locality_id, state in states.items()}}


def _state_row(state):
    """[date the state began (None: before any event), holder, condition, pressed by, event, axis]."""
    return [state.get("date"), state["holder_id"], state["condition"], state["by_id"], state["event_id"], state["axis"]]


def list_events(tdb, *, campaign=None, locality=None, axis=None, since=None, until=None) -> list:
    """Recorded events, retracted and superseded ones included (see counts), by date; locality in any spelling."""
    place = tdb.resolve_locality(locality) if locality else None
    locality_id = (place["same_as"] or place["id"]) if place else None
    return tdb.events(campaign=campaign, locality_id=locality_id, axis=axis, since=since, until=until)


def locality_history(tdb, locality_id: int) -> dict:
    """One locality with all its events (retracted ones marked) and their sources."""
    place = tdb.locality(locality_id)
    events = tdb.events_of_locality(locality_id)
    for event in events:
        event["sources"] = tdb.event_sources(event["id"])
    return {"locality": place, "events": events}


def progress(tdb, *, campaign=None) -> dict:
    """The front per axis and the localities each side holds, day by day, for the progress chart."""
    the_campaign = tdb.campaign(campaign)
    rows = front(tdb, campaign=campaign)
    first = the_campaign["start_date"]
    last = tdb.last_event_date(the_campaign["id"]) or first
    counts = history.side_counts(tdb.counting_events(the_campaign["id"]), list(day_range(first, max(first, last))),
                                 tdb.force_sides())
    return {
        "campaign": the_campaign["name"],
        "axes": [a["name"] for a in the_campaign["axes"]],
        "front": rows,
        "held": counts,
    }
