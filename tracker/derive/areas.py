"""Who holds how much: localities and estimated area per side and per axis on a date, reported and assessed,
what the attacker has retaken since the campaign began, and the city's neighbourhoods per bank."""

import datetime as dt

from .assess import ASSESS_KM, CITY_KINDS
from .control import assessed_states_on
from .period import as_of_day

SETTLEMENT_KINDS = ("village", "town", "city", "village/site", "village/area")


def bucket_of(state, sides):
    """attacker / defender / contested / encircled / unknown for a state (None: unknown)."""
    if state is None:
        return "unknown"
    if state["condition"] != "held":
        return state["condition"]
    return sides.get(state["holder_id"]) if sides.get(state["holder_id"]) in ("attacker", "defender") else "unknown"


def stats(tdb, *, campaign=None, as_of=None) -> dict:
    """Localities and estimated area held per side and per axis on a date.

    Area: each locality within the campaign region (a circle of region_km around the objective's centre) gets
    its Voronoi cell, built in metres and clipped to the region; a side's area is the sum of the cells of the
    localities it holds. Each figure is given as reported (an event or the start state says so) and assessed
    (derived, see derive/assess). Retaken: what the attacker holds that the defender held the day before the
    campaign began.
    """
    from ..model import geo

    the_campaign = tdb.campaign(campaign)
    day = as_of_day(tdb, the_campaign, as_of)
    sides = tdb.force_sides()
    centre = (the_campaign["centre_longitude"], the_campaign["centre_latitude"])
    radius = the_campaign["region_km"]
    places = [p for p in tdb.mapped_localities(the_campaign["id"])
              if p["km_to_centre"] is not None and p["km_to_centre"] <= radius]
    areas = geo.voronoi_cell_areas_km2([p["longitude"] for p in places], [p["latitude"] for p in places], centre, radius)
    states = assessed_states_on(tdb, the_campaign, day, sides, places=places)
    before = (dt.date.fromisoformat(the_campaign["start_date"]) - dt.timedelta(days=1)).isoformat()
    at_start = assessed_states_on(tdb, the_campaign, before, sides, places=places)
    by_side, by_axis = {}, {}
    retaken = {"reported": _tally(), "reported_and_assessed": _tally()}
    city = {}
    for place, area in zip(places, areas):
        state = states.get(place["id"])
        bucket = bucket_of(state, sides)
        how = "assessed" if state and state.get("assessed") else "reported" if state else "unknown"
        entry = by_side.setdefault(bucket, {"localities": 0, "area_km2": 0.0, "reported": _tally(),
                                            "assessed": _tally()})
        entry["localities"] += 1
        entry["area_km2"] += float(area)
        if how != "unknown":
            _add(entry[how], area, place)
        axis = (state or {}).get("axis") or place["axis"] or "objective"
        axis_entry = by_axis.setdefault(axis, {})
        axis_entry[bucket] = axis_entry.get(bucket, 0) + 1
        if bucket == "attacker" and bucket_of(at_start.get(place["id"]), sides) == "defender":
            _add(retaken["reported_and_assessed"], area, place)
            if how == "reported":
                _add(retaken["reported"], area, place)
        if place["bank"] and place["kind"] in CITY_KINDS[:3]:
            half = city.setdefault(place["bank"], {"places": 0, "attacker": 0, "defender": 0, "contested": 0,
                                                   "encircled": 0, "unknown": 0})
            half["places"] += 1
            half[bucket] += 1
    for entry in [*by_side.values(), *retaken.values()]:
        _round(entry)
    for half in city.values():
        half["attacker_share"] = round(half["attacker"] / half["places"], 3) if half["places"] else None
    return {
        "campaign": the_campaign["name"],
        "as_of": day,
        "region": {"radius_km": radius, "area_km2": round(geo.region_area_km2(radius), 1), "localities": len(places)},
        "method": "Voronoi cells of the localities, in an azimuthal equidistant projection on the objective, "
                  "clipped to the campaign region; a place no report speaks of is assessed from its half of the city "
                  f"or the nearest reported place within {ASSESS_KM:g} km",
        "by_side": dict(sorted(by_side.items())),
        "by_axis": dict(sorted(by_axis.items())),
        "retaken_since": before,
        "retaken": retaken,
        "city_by_bank": dict(sorted(city.items())),
    }


def _tally():
    return {"localities": 0, "settlements": 0, "area_km2": 0.0}


def _add(tally, area, place):
    tally["localities"] += 1
    tally["settlements"] += place["kind"] in SETTLEMENT_KINDS
    tally["area_km2"] += float(area)


def _round(entry):
    entry["area_km2"] = round(entry["area_km2"], 1)
    for key in ("reported", "assessed"):
        if key in entry:
            entry[key]["area_km2"] = round(entry[key]["area_km2"], 1)
