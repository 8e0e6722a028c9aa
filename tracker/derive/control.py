"""Control on a date: every locality's state, grouped by axis, and the listing of events behind it."""

from . import history
from .assess import ASSESS_KM
from .period import as_of_day, known_at_timestamp


def _force_names(tdb):
    return {f["id"]: f for f in tdb.forces()}


def status(tdb, *, campaign=None, as_of=None, known_at=None) -> dict:
    """Who holds each locality with events on `as_of`, grouped by axis, with the attacker's closest point per axis.

    known_at: as the database told it at that moment (before later corrections and retractions).
    """
    the_campaign = tdb.campaign(campaign)
    day = as_of_day(tdb, the_campaign, as_of)
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
    assessed = {}  # axis -> side -> count of places no report speaks of, assessed (see derive/assess)
    if known_at is None:
        for locality_id, state in assessed_states_on(tdb, the_campaign, day, sides, places=list(places.values()),
                                                     reported=states).items():
            if state.get("assessed") and locality_id not in states:
                side = sides.get(state["holder_id"]) or "other"
                counts = assessed.setdefault(state["axis"] or places[locality_id]["axis"], {})
                counts[side] = counts.get(side, 0) + 1
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
            "assessed": assessed.get(name, {}),
        })
    return {"campaign": the_campaign["name"], "as_of": day, "axes": axes}


def states_on(tdb, the_campaign, day, sides, known_at=None) -> dict:
    """Every reported locality's state on `day` (its events, else the campaign's start state), replaying only
    the events that decide it (see events_deciding_states)."""
    return history.states_on(tdb.events_deciding_states(the_campaign["id"], day, known_at), day, sides,
                             initial_states(tdb, the_campaign))


def initial_states(tdb, the_campaign) -> dict:
    """The campaign's sourced start state, as states."""
    start = tdb.start_state(the_campaign["id"])
    if not start:
        return {}
    axes = {p["id"]: p["axis"] for p in tdb.mapped_localities(the_campaign["id"]) if p["id"] in start}
    return history.start_states(start, axes)


def assessed_states_on(tdb, the_campaign, day, sides, known_at=None, places=None, max_km=ASSESS_KM,
                       reported=None) -> dict:
    """Every mapped locality's state on `day`: reported ones as they are, the others assessed (see assess)."""
    from .assess import assess

    places = places if places is not None else tdb.mapped_localities(the_campaign["id"])
    reported = reported if reported is not None else states_on(tdb, the_campaign, day, sides, known_at)
    return assess(reported, places, the_campaign["objective_locality_id"],
                  (the_campaign["centre_longitude"], the_campaign["centre_latitude"]), max_km)


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

