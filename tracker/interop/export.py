"""Exports: ACLED-shaped CSV, RFC 7946 GeoJSON (localities with their controller on a date, or events), plain CSV."""

import csv
import json

from .acled_export import acled_rows, write_acled
from .cells import safe_cell
from ..model.dates import parse_day
from ..derive.control import assessed_states_on
from ..derive.period import as_of_day

FORMATS = ("acled", "geojson", "csv", "ucdp")
GED_COLUMNS = ["id", "side_a", "side_b", "type_of_violence", "where_coordinates", "where_prec", "latitude",
               "longitude", "geom_wkt", "date_start", "date_end", "date_prec", "event_clarity", "low", "best", "high",
               "source_headline", "source_office", "source_date", "frontline_locality", "frontline_km_to_locality"]


def localities_geojson(tdb, campaign=None, as_of=None) -> dict:
    """Every mapped locality with its controller on as_of (default: the campaign's last recorded day), reported or
    assessed (assessed: true, and its basis)."""
    the_campaign = tdb.campaign(campaign)
    day = as_of_day(tdb, the_campaign, as_of, "--as-of date")
    sides = tdb.force_sides()
    names = {f["id"]: f["name"] for f in tdb.forces()}
    places = tdb.mapped_localities(the_campaign["id"])
    states = assessed_states_on(tdb, the_campaign, day, sides, places=places)
    features = []
    for place in places:
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
                "assessed": bool(state and state.get("assessed")),
                "basis": state.get("basis") if state else None,
                "bank": place["bank"],
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


def fighting_rows(tdb, as_of=None):
    """Fighting reports in UCDP GED's columns (and the locality each is linked to), readable by import ucdp."""
    until = parse_day(as_of, "--as-of date").isoformat() if as_of else None
    for report in tdb.fighting_reports(until=until):
        yield {
            "id": report["external_id"].split(":", 1)[1], "side_a": report["side_a"], "side_b": report["side_b"],
            "type_of_violence": report["type_of_violence"], "where_coordinates": report["where_name"],
            "where_prec": report["where_prec"], "latitude": report["latitude"], "longitude": report["longitude"],
            "geom_wkt": f"POINT ({report['longitude']} {report['latitude']})", "date_start": report["date_start"],
            "date_end": report["date_end"], "date_prec": report["date_prec"], "event_clarity": report["event_clarity"],
            "low": report["deaths_low"], "best": report["deaths_best"], "high": report["deaths_high"],
            "source_headline": report["headline"], "source_office": report["source_office"],
            "source_date": report["source_date"], "frontline_locality": report["locality"],
            "frontline_km_to_locality": report["km_to_locality"],
        }


def export(tdb, out, fmt, *, what="events", campaign=None, as_of=None):
    if fmt == "ucdp":
        writer = csv.DictWriter(out, fieldnames=GED_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: safe_cell(value) for key, value in row.items()} for row in fighting_rows(tdb, as_of))
        return
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
