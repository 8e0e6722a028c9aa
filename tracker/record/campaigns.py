"""Adding campaigns: any city with its own objective, outskirts and axes in the same database."""

import json
import re
from pathlib import Path

from ..model.axes import DEFAULT_AXES, parse_axes
from ..model.dates import parse_day
from ..model.names import fold
from ..model.errors import AmbiguousLocality, InvalidInput, UnknownLocality
from .localities import add_locality, measure_localities


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
                 axes=None, region_km=100.0, country=None) -> dict:
    from ..model.geo import circle_wkt

    if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]{0,40}", name or ""):
        raise InvalidInput(f"Invalid campaign name {name!r}: use lower-case letters, digits, - and _, e.g. tal-afar")
    if name in tdb.campaign_names():
        raise InvalidInput(f"A campaign named {name!r} exists already")
    place = objective_place(tdb, objective, country=country)
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


def objective_place(tdb, objective: str, country: str | None = None) -> dict:
    """The objective's locality: the gazetteer's; else the world gazetteer's place of that name (or id,
    "geonames:99072"), added to the gazetteer with the provenance of its coordinate. Places so named in several
    countries, none much larger than the rest, are listed for the user to choose with --country or the id."""
    from ..store.world import world

    try:
        return tdb.resolve_locality(objective)
    except UnknownLocality:
        pass
    if re.fullmatch(r"(?:geonames|iom):\d{1,12}", objective.strip()):
        found = world().by_id(objective.strip())
        options = [found] if found else []
    else:
        options = world().lookup(objective, limit=20)
    if country:
        options = [o for o in options if o.country == country.strip().upper()]
    if not options:
        where = f" in {country.upper()}" if country else ""
        raise UnknownLocality(f"Unknown objective {objective[:60]!r}{where}: neither the gazetteer nor the world "
                              "gazetteer knows it; add it first with 'tracker locality add NAME --lat .. --lon ..'")
    if len(options) > 1 and options[0].population < 10 * max(1, options[1].population):
        listed = "; ".join(f"{o.id} {o.name}, {o.country}{' ' + o.admin1 if o.admin1 else ''}, {o.population:,} people"
                           for o in options[:5])
        raise AmbiguousLocality(f"Ambiguous objective {objective[:60]!r}: the world gazetteer has {len(options)} places "
                                f"so named ({listed}); give --country CODE or one of the ids as the objective")
    chosen = options[0]
    name = chosen.name if chosen.name not in tdb.locality_names() else f"{chosen.name} ({chosen.country})"
    return add_locality(tdb, name, latitude=chosen.latitude, longitude=chosen.longitude,
                        alt_names=[objective] if fold(objective) != fold(chosen.name) and not objective.startswith(("geonames:", "iom:")) else (),
                        kind="city" if chosen.population >= 100_000 else "town", source=chosen.source,
                        note=f"campaign objective taken from the world gazetteer ({chosen.id})")
