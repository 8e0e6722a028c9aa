"""SQL functions for the tracker's own connections and Datasette's (one implementation).

    distance_km(lat, lon)          km to the first campaign's outskirts
    centre_km(lat, lon)            km to its centre
    bearing_deg(lat, lon)          bearing from its centre, degrees clockwise from north
    axis_of(lat, lon)              the axis sector that bearing falls in
    controller_on(locality_id, d)  the force holding the locality on day d (NULL if unknown)
    side_on(locality_id, d)        that force's side
    condition_on(locality_id, d)   held, contested or encircled
    axis_on(locality_id, d)        the axis its latest counting event gives it

Geometry is imported on first use, so registering these costs nothing.
"""

from functools import lru_cache

from ..model.axes import default_axis
from ..store import TrackerDB
from . import history


class BadArgument(ValueError):
    """An argument a SQL function refuses (SQLite then fails the query: the caller sees an error, not NULL)."""


def valid_day(day) -> str:
    """YYYY-MM-DD that names a real day; anything else raises (SQLite reports it as an error)."""
    import datetime as dt

    text = str(day)
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise BadArgument(f"invalid date {text[:20]!r}: use YYYY-MM-DD") from None


def register_functions(conn):
    tdb = TrackerDB.from_connection(conn)
    cache = {}

    def objective():
        if "objective" not in cache:
            from ..model.geo import Objective

            campaign = tdb.campaign()
            cache["objective"] = (Objective.of_campaign(campaign), campaign["axes"])
        return cache["objective"]

    @lru_cache(maxsize=65536)
    def measure(lat, lon):
        return objective()[0].measure_one(lon, lat)

    def measured(lat, lon, index):
        if lat is None or lon is None:
            return None
        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        return measure(lat, lon)[index]

    def axis_of(lat, lon):
        bearing, centre = measured(lat, lon, 2), measured(lat, lon, 1)
        return default_axis(bearing, centre, objective()[1]) if bearing is not None else None

    def start_state():
        """The first campaign's sourced start state (the functions speak of the first campaign)."""
        campaign_id = tdb.conn.execute("SELECT min(id) FROM campaigns").fetchone()[0]
        start = tdb.start_state(campaign_id) if campaign_id is not None else {}
        axes = dict(tdb.conn.execute("SELECT locality_id, axis FROM locality_measures WHERE campaign_id = ?",
                                     [campaign_id]).fetchall()) if start else {}
        return history.start_states(start, axes)

    def state(locality_id, day):
        """(state, sides) of a locality on a day; remembered until the database changes, since a
        query calls several of these functions for each row. An impossible day is an error, not NULL."""
        if locality_id is None or day is None:
            return None
        day = valid_day(day)
        version = tdb.data_version()
        if cache.get("version") != version:
            cache.update(version=version, sides=tdb.force_sides(), states={}, start=start_state())
        states, key = cache["states"], (int(locality_id), str(day))
        if key not in states:
            if len(states) > 100_000:
                states.clear()
            events = tdb.events_deciding_states(None, key[1], locality_ids=[key[0]])
            start = {key[0]: cache["start"][key[0]]} if key[0] in cache["start"] else None
            states[key] = history.states_on(events, key[1], cache["sides"], start).get(key[0])
        return states[key], cache["sides"]

    def controller_on(locality_id, day):
        found = state(locality_id, day)
        if not found or not found[0] or found[0]["holder_id"] is None:
            return None
        return tdb.force_name(found[0]["holder_id"])

    def side_on(locality_id, day):
        found = state(locality_id, day)
        return found[1].get(found[0]["holder_id"]) if found and found[0] else None

    def field_on(name):
        def fn(locality_id, day):
            found = state(locality_id, day)
            return found[0][name] if found and found[0] else None
        return fn

    conn.create_function("distance_km", 2, lambda lat, lon: measured(lat, lon, 0), deterministic=True)
    conn.create_function("centre_km", 2, lambda lat, lon: measured(lat, lon, 1), deterministic=True)
    conn.create_function("bearing_deg", 2, lambda lat, lon: measured(lat, lon, 2), deterministic=True)
    conn.create_function("axis_of", 2, axis_of, deterministic=True)
    conn.create_function("controller_on", 2, controller_on)
    conn.create_function("side_on", 2, side_on)
    conn.create_function("condition_on", 2, field_on("condition"))
    conn.create_function("axis_on", 2, field_on("axis"))
