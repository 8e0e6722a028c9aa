"""What the events add up to: control on a date, the front per axis, who holds how much, the map's data.

Each function takes a TrackerDB and returns plain dicts/lists, ready for JSON; this module gathers them.
"""

from .areas import stats
from .control import list_events, locality_history, states_on, status
from .front import front, front_changes, progress
from .mapareas import control_geojson, fighting_near
from .mapdata import MAP_HISTORY_LIMIT, map_data, map_states
from .period import known_at_timestamp

__all__ = ["stats", "list_events", "locality_history", "states_on", "status", "front", "front_changes", "progress",
           "MAP_HISTORY_LIMIT", "map_data", "map_states", "known_at_timestamp", "control_geojson", "fighting_near"]
