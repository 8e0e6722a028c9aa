"""`.geojson` output for any table or query with latitude/longitude columns (RFC 7946)."""

import json

from datasette.utils.asgi import Response

LOCATION_COLUMNS = (("latitude", "longitude"), ("lat", "lon"), ("lat", "lng"))


def location_columns(columns):
    """The (lat, lon) column names a result carries, or None."""
    lowered = {c.lower(): c for c in columns}
    for lat, lon in LOCATION_COLUMNS:
        if lat in lowered and lon in lowered:
            return lowered[lat], lowered[lon]
    return None


def can_render_geojson(columns):
    return location_columns(columns) is not None


def _number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None  # NaN is not a coordinate


def features(rows, columns):
    lat_column, lon_column = location_columns(columns)
    for row in rows:
        record = dict(zip(columns, row)) if not isinstance(row, dict) else row
        lat, lon = _number(record.get(lat_column)), _number(record.get(lon_column))
        geometry = None
        if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        properties = {k: (v if not isinstance(v, bytes) else None) for k, v in record.items()
                      if k not in (lat_column, lon_column)}
        yield {"type": "Feature", "geometry": geometry, "properties": properties}


async def render_geojson(datasette, columns, rows, data, database, table):
    if not can_render_geojson(columns):
        return Response.text("No latitude/longitude columns here: .geojson needs latitude and longitude (or lat and lon)",
                             status=404)
    collection = {"type": "FeatureCollection", "features": list(features([list(r) for r in rows], columns))}
    if table == "events" and any(c in columns for c in ("force_id", "previous_force_id")):
        names = dict((await datasette.get_database(database).execute("SELECT id, name FROM forces")).rows)
        for feature in collection["features"]:  # names beside the ids, as a reader of the file needs them
            properties = feature["properties"]
            for column, label in (("force_id", "force"), ("previous_force_id", "previous_force")):
                if column in properties:
                    properties[label] = names.get(properties[column])
    if data.get("next_url"):
        collection["next_url"] = data["next_url"]  # a foreign member: more rows on the next page
    return Response(json.dumps(collection, default=str), content_type="application/geo+json; charset=utf-8")
