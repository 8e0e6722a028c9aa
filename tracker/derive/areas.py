"""Who holds how much: localities and estimated area per side and per axis on a date."""

from .control import states_on
from .period import as_of_day


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
    day = as_of_day(tdb, the_campaign, as_of)
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

