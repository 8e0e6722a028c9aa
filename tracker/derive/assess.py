"""Assessed control: who most likely holds a place no report speaks of, derived on demand and never stored.

A place with a reported state (an event, or the campaign's sourced start state) keeps it. Otherwise:
- a place inside the objective's outskirts takes the state of its half of the city (the district locality on
  its bank, "East Mosul") when that has one, else the objective's own: a city is held as a whole until its parts
  are reported;
- any other place takes the holder of the nearest place reported held within ASSESS_KM (the Voronoi reading of
  the reports that the area estimate already makes); farther from every report it stays unknown.
Every assessed state says so (assessed=True) and on what it rests (basis).
"""

CITY_KINDS = ("neighbourhood", "landmark", "base", "district")
# Beyond this a report says too little about a place. In the bundled campaign on 3 December 2016 half the
# unreported villages lie within 13 km of a reported place and three quarters within 22 km.
ASSESS_KM = 25.0


def assess(reported: dict, places: list, objective_id, centre, max_km=ASSESS_KM) -> dict:
    """locality_id -> state for every place of `places` (mapped localities of the campaign): reported ones as
    they are (assessed False), the rest assessed. `reported`: locality_id -> replayed state."""
    import numpy as np

    from ..model.geo import project_m

    result = dict(reported)  # a reported state is as it is (no "assessed" key)
    districts = {p["bank"]: p for p in places if p["kind"] == "district" and p["bank"]}
    objective = reported.get(objective_id)
    outside = []
    for place in places:
        own = reported.get(place["id"])
        if own is not None and not place["bank"] and place["km_to_outskirts"] != 0:
            continue  # reported, outside the city: the common case with many events
        if place["id"] != objective_id and _in_city(place) and place["kind"] != "district":
            district = districts.get(place["bank"])
            for whole, name in ((reported.get(district["id"]) if district else None, district and district["name"]),
                                (objective, "the city")):
                if whole is None or whole["condition"] != "held":
                    continue
                if own is None:
                    result[place["id"]] = _assessed(whole, place, f"in {name}, held as a whole")
                    break
                if (whole["since"] or "") > (own["since"] or ""):
                    result[place["id"]] = _assessed(whole, place, f"a later report on {name} ({whole['since']}) "
                                                                  f"than on the place ({own['since']})")
                    break
            if place["id"] in result:
                continue
        if own is None:
            outside.append(place)
    anchors = [(pid, state) for pid, state in reported.items()
               if state["condition"] == "held" and state["holder_id"] is not None]
    by_id = {p["id"]: p for p in places}
    anchors = [(pid, state) for pid, state in anchors if pid in by_id]
    if not outside or not anchors:
        return result
    ax, ay = project_m([by_id[pid]["longitude"] for pid, _ in anchors], [by_id[pid]["latitude"] for pid, _ in anchors],
                       centre)
    px, py = project_m([p["longitude"] for p in outside], [p["latitude"] for p in outside], centre)
    nearest, metres_to = [], []
    step = max(1, 4_000_000 // len(anchors))  # bounded memory: at most 4M distances at a time
    for start in range(0, len(outside), step):
        distance = np.hypot(px[start:start + step, None] - ax[None, :], py[start:start + step, None] - ay[None, :])
        found = distance.argmin(axis=1)
        nearest.extend(found)
        metres_to.extend(distance[np.arange(len(found)), found])
    for place, index, metres in zip(outside, nearest, metres_to):
        if max_km is not None and metres > max_km * 1000:
            continue
        anchor_id, state = anchors[index]
        result[place["id"]] = _assessed(state, place, f"nearest reported place {by_id[anchor_id]['name']}, "
                                                      f"{metres / 1000:.1f} km")
    return result


def _in_city(place):
    return bool(place["bank"]) or (place["km_to_outskirts"] == 0 and place["kind"] in CITY_KINDS)


def _assessed(state, place, basis):
    return {"holder_id": state["holder_id"], "condition": "held", "by_id": None, "since": None, "event_id": None,
            "axis": place["axis"], "assessed": True, "basis": basis}
