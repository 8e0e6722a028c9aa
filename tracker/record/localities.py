"""Localities: adding them and storing their distance and bearing to the campaign's objective."""

import math

from ..model.axes import default_axis
from ..model.clock import now_utc, recorder
from ..model.errors import InvalidInput


def measure_localities(tdb, campaign=None, locality_ids=None) -> int:
    """Compute and store km to outskirts and centre, bearing and default axis (vectorised)."""
    from ..model.geo import Objective

    the_campaign = tdb.campaign(campaign)
    rows = tdb.localities_with_coordinates()
    if locality_ids is not None:
        wanted = set(locality_ids)
        rows = [r for r in rows if r["id"] in wanted]
    if not rows:
        return 0
    outskirts, centre, bearing = Objective.of_campaign(the_campaign).measure(
        [r["longitude"] for r in rows], [r["latitude"] for r in rows]
    )
    axes = the_campaign["axes"]
    tdb.store_measures(the_campaign["id"], [
        (round(float(o), 3), round(float(c), 3), round(float(b), 2), default_axis(float(b), float(c), axes), r["id"])
        for o, c, b, r in zip(outskirts, centre, bearing, rows)
    ])
    return len(rows)


def measure_for_all_campaigns(tdb, locality_ids=None):
    for campaign in tdb.campaigns():
        measure_localities(tdb, campaign["name"], locality_ids)


def check_coordinates(latitude, longitude):
    for value, low, high, what in ((latitude, -90, 90, "latitude"), (longitude, -180, 180, "longitude")):
        if value is None or not isinstance(value, (int, float)) or math.isnan(value) or not low <= value <= high:
            raise InvalidInput(f"Invalid {what} {value!r}: give decimal degrees between {low} and {high} (WGS84)")


def add_locality(tdb, name, *, latitude, longitude, alt_names=(), kind=None, governorate=None,
                 source=None, note=None, added_by=None) -> dict:
    name = (name or "").strip()
    if not name or len(name) > 200 or any(ord(ch) < 32 for ch in name):
        raise InvalidInput("Invalid locality name: give 1 to 200 printable characters")
    check_coordinates(latitude, longitude)
    if name in tdb.locality_names():
        raise InvalidInput(f"A locality named {name!r} exists already: give the new one a qualifier, e.g. '{name} (district)'")
    row = {
        "name": name,
        "alt_names": ";".join(a.strip() for a in alt_names if a and a.strip()) or None,
        "latitude": float(latitude),
        "longitude": float(longitude),
        "kind": kind,
        "governorate": governorate,
        "coordinate_source": source,
        "note": note,
        "added_by": recorder(added_by),
        "added_at": now_utc(),
    }
    (stored,) = tdb.insert_localities([row])
    measure_for_all_campaigns(tdb, [stored["id"]])
    return tdb.locality(stored["id"])
