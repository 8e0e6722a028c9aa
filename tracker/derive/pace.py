"""Pace: how fast each axis advanced, from the front series (derived, never stored).

An axis advances on a day by what its front gained: km closer to the outskirts while outside the city, km closer to
the final objective (Mosul's Old City) inside it. Windows sum those gains; places and km² taken come from the
reported changes of hands (a capture by the attacker of a place the defender held) and the places' Voronoi cells.
A stall is a run of days without any advance on an axis that has a front and has not reached the objective.
"""

import datetime as dt

from .front import daily_advance, front


def pace(tdb, *, campaign=None, axis=None, window=7, stall_days=14, start=None, end=None) -> dict:
    from ..model import geo

    the_campaign = tdb.campaign(campaign)
    rows = front(tdb, campaign=campaign, axis=axis, start=start, end=end)
    axes = [axis] if axis else [a["name"] for a in the_campaign["axes"]]
    advance = daily_advance(rows, axes)
    places = {p["id"]: p for p in tdb.mapped_localities(the_campaign["id"])
              if p["km_to_centre"] is not None and p["km_to_centre"] <= the_campaign["region_km"]}
    ordered = list(places.values())
    areas = dict(zip((p["id"] for p in ordered), geo.voronoi_cell_areas_km2(
        [p["longitude"] for p in ordered], [p["latitude"] for p in ordered],
        (the_campaign["centre_longitude"], the_campaign["centre_latitude"]), the_campaign["region_km"])))
    taken = {}  # (axis, day) -> [count, km²]
    for day, taken_axis, locality_id in tdb.changes_of_hands(the_campaign["id"], "attacker"):
        entry = taken.setdefault((taken_axis, day), [0, 0.0])
        entry[0] += 1
        entry[1] += float(areas.get(locality_id, 0.0))
    windows, stalls = [], []
    for name in axes:
        series = advance[name]
        last_advance = None
        for first in range(0, len(series), window):
            chunk = series[first:first + window]
            km = sum(gained for _, gained, _ in chunk)
            for day, gained, _ in chunk:
                if gained > 0:
                    last_advance = day
            days = len(chunk)
            got = [taken.get((name, day), [0, 0.0]) for day, _, _ in chunk]
            windows.append({
                "axis": name, "from": chunk[0][0], "to": chunk[-1][0], "km": round(km, 2),
                "km_per_day": round(km / days, 3), "places_per_day": round(sum(g[0] for g in got) / days, 2),
                "km2_per_day": round(sum(g[1] for g in got) / days, 1),
                "days_since_advance": _days_between(last_advance, chunk[-1][0]) if last_advance else None,
            })
        stalls += _stalls(name, series, stall_days)
    objective = rows[0]["final_objective"] if rows else "the objective"
    return {"campaign": the_campaign["name"], "from": rows[0]["date"] if rows else None,
            "to": rows[-1]["date"] if rows else None, "window_days": window, "stall_days": stall_days,
            "objective": objective, "windows": windows, "stalls": stalls}


def _days_between(a, b):
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def _stalls(axis, series, stall_days) -> list:
    """Runs of stall_days or more without an advance, once the axis has a front and until it reaches the end."""
    found, run_start, front_at = [], None, None
    for day, gained, row in series:
        has_front = row["km_to_outskirts"] is not None
        arrived = row["km_to_final_objective"] == 0
        if not has_front or arrived or gained > 0:
            if run_start and _days_between(run_start, day) >= stall_days:
                found.append({"axis": axis, "from": run_start, "to": day, "days": _days_between(run_start, day),
                              "front_at": front_at})
            run_start = None
            continue
        if run_start is None:
            run_start = day
            front_at = row["inside_locality"] or row["locality"]
    return found
