"""What the map page draws, computed here so the browser only looks things up."""

from . import history
from .control import initial_states, states_on
from .period import as_of_day, last_recorded_day


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
    last = last_recorded_day(tdb, the_campaign)
    by_date = tdb.event_count(the_campaign["id"]) > history_limit
    if by_date:
        states = map_states(tdb, campaign=campaign, day=last)["states"]
    else:
        changes = history.state_changes(tdb.counting_events(the_campaign["id"]), sides,
                                        initial_states(tdb, the_campaign))
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
             "km": p["km_to_outskirts"], "kind": p["kind"], "bank": p["bank"]}
            for p in places
        ],
        "states_by_date": by_date,
        "states_day": last if by_date else None,
        "states": states,
    }


def map_states(tdb, *, campaign=None, day=None) -> dict:
    """Every locality's state on one day, in the map's format (a one-entry history per locality)."""
    the_campaign = tdb.campaign(campaign)
    day = as_of_day(tdb, the_campaign, day, "date")
    states = states_on(tdb, the_campaign, day, tdb.force_sides())
    return {"date": day, "states": {str(locality_id): [_state_row(dict(state, date=None))]
                                    for locality_id, state in states.items()}}


def _state_row(state):
    """[date the state began (None: before any event), holder, condition, pressed by, event, axis]."""
    return [state.get("date"), state["holder_id"], state["condition"], state["by_id"], state["event_id"], state["axis"]]

