"""Adding campaigns: any city with its own objective, outskirts and axes in the same database."""

import json
import re
from pathlib import Path

from ..model.axes import DEFAULT_AXES, parse_axes
from ..model.dates import parse_day
from ..model.errors import InvalidInput
from .localities import measure_localities


def read_outskirts(spec: str) -> str:
    """WKT text, or a GeoJSON file (geometry, Feature or FeatureCollection), as lon/lat WKT."""
    import shapely
    from shapely.geometry import shape

    spec = spec.strip()
    if re.match(r"^(MULTI)?POLYGON\s*\(", spec, re.I):
        try:
            geometry = shapely.from_wkt(spec)
        except Exception as error:  # shapely raises its own GEOSException for bad WKT
            raise InvalidInput(f"Invalid outskirts WKT: {error}") from None
    else:
        path = Path(spec)
        if not path.is_file():
            raise InvalidInput(f"--outskirts {spec[:60]!r} is neither POLYGON WKT nor a GeoJSON file")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("type") == "FeatureCollection":
                data = data["features"][0]
            geometry = shape(data.get("geometry", data))
        except (ValueError, KeyError, IndexError, AttributeError, TypeError) as error:
            raise InvalidInput(f"{path}: not a GeoJSON polygon ({error})") from None
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty or not geometry.is_valid:
        raise InvalidInput("The outskirts must be a valid, non-empty polygon in lon/lat")
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise InvalidInput("The outskirts coordinates are not lon/lat degrees (x = longitude, y = latitude)")
    return geometry.wkt


def add_campaign(tdb, name, *, objective, start=None, title=None, outskirts=None, outskirts_radius_km=3.0,
                 axes=None, region_km=100.0) -> dict:
    from ..model.geo import circle_wkt

    if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]{0,40}", name or ""):
        raise InvalidInput(f"Invalid campaign name {name!r}: use lower-case letters, digits, - and _, e.g. tal-afar")
    if name in tdb.campaign_names():
        raise InvalidInput(f"A campaign named {name!r} exists already")
    place = tdb.resolve_locality(objective)
    if place["same_as"]:
        place = tdb.locality(place["same_as"])
    if place["latitude"] is None:
        raise InvalidInput(f"{place['name']} has no coordinates, so it cannot be an objective")
    if outskirts:
        outskirts_wkt, note = read_outskirts(outskirts), "given by the user"
    else:
        outskirts_wkt = circle_wkt(place["longitude"], place["latitude"], outskirts_radius_km)
        note = f"computed: a circle of {outskirts_radius_km:g} km around the objective's point (no outline given)"
    campaign = {
        "name": name, "title": title or f"{place['name']} campaign", "description": None,
        "objective_locality_id": place["id"], "centre_longitude": place["longitude"],
        "centre_latitude": place["latitude"], "outskirts_wkt": outskirts_wkt, "outskirts_note": note,
        "start_date": parse_day(start, "--start date").isoformat() if start else "1900-01-01",
        "region_km": float(region_km), "axes": parse_axes(axes) if axes else list(DEFAULT_AXES),
    }
    tdb.upsert_campaign(campaign)
    measure_localities(tdb, name)
    return tdb.campaign(name)
