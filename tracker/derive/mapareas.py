"""Areas of control and the front line on a date, as GeoJSON: the same Voronoi cells `tracker stats` measures,
dissolved per side and per kind of knowledge (reported, assessed), and the line where the attacker's area meets
the defender's."""

from functools import lru_cache

from .areas import bucket_of
from .control import assessed_states_on
from .period import as_of_day

SIMPLIFY_M = 50.0  # drawn outlines lose detail under 50 m; areas are measured before


def control_geojson(tdb, *, campaign=None, as_of=None) -> dict:
    """{"date", "areas": FeatureCollection, "front": FeatureCollection} for a date."""
    import shapely

    from ..model import geo

    the_campaign = tdb.campaign(campaign)
    day = as_of_day(tdb, the_campaign, as_of, "date")
    centre = (the_campaign["centre_longitude"], the_campaign["centre_latitude"])
    places = [p for p in tdb.mapped_localities(the_campaign["id"])
              if p["km_to_centre"] is not None and p["km_to_centre"] <= the_campaign["region_km"]]
    cells = _cells(tuple((p["id"], p["longitude"], p["latitude"]) for p in places), centre, the_campaign["region_km"])
    sides = tdb.force_sides()
    states = assessed_states_on(tdb, the_campaign, day, sides, places=places)
    groups = {}
    for place, cell in zip(places, cells):
        state = states.get(place["id"])
        bucket = bucket_of(state, sides)
        how = "assessed" if state and state.get("assessed") else "reported" if state else "unknown"
        groups.setdefault((bucket, how), []).append(cell)
    assessed = {str(pid): [state["holder_id"], state.get("basis")] for pid, state in states.items()
                if state.get("assessed")}
    features, by_side = [], {}
    for (bucket, how), parts in sorted(groups.items()):
        shape = shapely.coverage_union_all(parts)  # the cells tile the region: much faster than union_all
        by_side.setdefault(bucket, []).append(shape)
        features.append(_feature(shape, centre, {"side": bucket, "control": how,
                                                 "area_km2": round(float(shapely.area(shape)) / 1e6, 1),
                                                 "localities": len(parts)}))
    front = _front_line(by_side)
    front_features = [_feature(front, centre, {"between": "attacker and defender",
                                               "length_km": round(float(shapely.length(front)) / 1000, 1)})] \
        if front is not None and not front.is_empty else []
    return {"date": day, "campaign": the_campaign["name"],
            "areas": {"type": "FeatureCollection", "features": features},
            "front": {"type": "FeatureCollection", "features": front_features}, "assessed": assessed}


def _front_line(by_side):
    """Where the attacker's area (held, reported or assessed) touches the defender's."""
    import shapely

    if "attacker" not in by_side or "defender" not in by_side:
        return None
    attacker = shapely.union_all(by_side["attacker"])
    defender = shapely.union_all(by_side["defender"])
    line = shapely.intersection(attacker.boundary, shapely.buffer(defender, 1.0))
    line = shapely.line_merge(shapely.union_all(shapely.get_parts(line)))
    return line


def _feature(shape_m, centre, properties):
    import shapely

    from ..model import geo

    drawn = geo.to_lonlat(shapely.simplify(shape_m, SIMPLIFY_M), centre)
    return {"type": "Feature", "geometry": shapely.geometry.mapping(drawn), "properties": properties}


@lru_cache(maxsize=8)
def _cells(points, centre, radius_km):
    """The Voronoi cells of the region's localities: they change only when the gazetteer does."""
    from ..model import geo

    return list(geo.voronoi_cells_m([p[1] for p in points], [p[2] for p in points], centre, radius_km))


def fighting_near(tdb, *, campaign=None, as_of=None, days=7) -> dict:
    """Fighting reports (UCDP GED) of the `days` days up to a date, for the map: where, how many dead, what."""
    import datetime as dt

    the_campaign = tdb.campaign(campaign)
    day = as_of_day(tdb, the_campaign, as_of, "date")
    since = (dt.date.fromisoformat(day) - dt.timedelta(days=max(1, min(int(days), 366)) - 1)).isoformat()
    reports = tdb.fighting_reports(since=since, until=day)
    return {"date": day, "since": since, "attribution": "UCDP Georeferenced Event Dataset (Sundberg & Melander 2013; "
                                                         "Högbladh 2019), CC BY 4.0",
            "reports": [{"id": r["external_id"], "lat": r["latitude"], "lon": r["longitude"], "start": r["date_start"],
                         "end": r["date_end"], "deaths": r["deaths_best"], "sides": f"{r['side_a']} - {r['side_b']}",
                         "place": r["locality"] or r["where_name"], "precision": r["where_prec"],
                         "headline": r["headline"], "source": r["source_office"]} for r in reports]}
