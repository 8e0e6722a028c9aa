"""Exports: ACLED-shaped CSV, RFC 7946 GeoJSON (localities with their controller on a date, or events), plain CSV."""

import csv
import datetime as dt
import json

from .acled_export import acled_rows, write_acled
from .cells import safe_cell
from ..model.dates import parse_day
from ..derive.reports import states_on

FORMATS = ("acled", "geojson", "csv")


def localities_geojson(tdb, campaign=None, as_of=None) -> dict:
    the_campaign = tdb.campaign(campaign)
    day = parse_day(as_of, "--as-of date").isoformat() if as_of else dt.date.today().isoformat()
    sides = tdb.force_sides()
    names = {f["id"]: f["name"] for f in tdb.forces()}
    states = states_on(tdb, the_campaign, day, sides)
    features = []
    for place in tdb.mapped_localities(the_campaign["id"]):
        state = states.get(place["id"])
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [place["longitude"], place["latitude"]]},
            "properties": {
                "id": place["id"], "name": place["name"], "kind": place["kind"], "axis": place["axis"],
                "km_to_outskirts": place["km_to_outskirts"], "as_of": day,
                "controller": names.get(state["holder_id"]) if state else None,
                "side": sides.get(state["holder_id"]) if state else None,
                "condition": state["condition"] if state else None,
                "pressed_by": names.get(state["by_id"]) if state else None,
                "since": state["since"] if state else None,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def events_geojson(tdb, campaign=None, as_of=None) -> dict:
    the_campaign = tdb.campaign(campaign)
    until = parse_day(as_of, "--as-of date").isoformat() if as_of else None
    features = []
    for event in tdb.events(campaign=the_campaign["name"], until=until):
        geometry = None
        if event["latitude"] is not None:
            geometry = {"type": "Point", "coordinates": [event["longitude"], event["latitude"]]}
        properties = {k: v for k, v in event.items() if k not in ("latitude", "longitude")}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": features}


def export(tdb, out, fmt, *, what="events", campaign=None, as_of=None):
    if fmt == "acled":
        rows = acled_rows(tdb, campaign)
        if as_of:
            day = parse_day(as_of, "--as-of date").isoformat()
            rows = (r for r in rows if r["event_date"] <= day)
        write_acled(rows, out)
    elif fmt == "geojson":
        data = localities_geojson(tdb, campaign, as_of) if what == "localities" else events_geojson(tdb, campaign, as_of)
        json.dump(data, out, ensure_ascii=False)
        out.write("\n")
    else:
        the_campaign = tdb.campaign(campaign)
        until = parse_day(as_of, "--as-of date").isoformat() if as_of else None
        rows = tdb.events(campaign=the_campaign["name"], until=until)
        columns = list(rows[0]) if rows else ["id"]
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: safe_cell(value) for key, value in row.items()} for row in rows)
