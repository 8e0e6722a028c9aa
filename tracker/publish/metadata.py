"""Titles, descriptions, licences and canned queries for tracker databases."""

import html

LICENSE_HTML = (
    "Gazetteer coordinates from Wikipedia's 'Module:Iraqi insurgency detailed map' (CC BY-SA); "
    "contains data from GeoNames (www.geonames.org), CC BY 4.0; one Wikimapia point (CC BY-SA 3.0). "
    "IOM Iraq Displacement Tracking Matrix (DTM) locations, CC BY-IGO; river line from GSHHG (Wessel & Smith), "
    "LGPL-3.0. Events: facts from the cited reports, in the project's own words. Fighting reports: "
    "UCDP Georeferenced Event Dataset (Sundberg & Melander 2013; Högbladh 2019), CC BY 4.0."
)

TABLES = {
    "campaigns": {
        "description": "Offensives tracked: objective centre and outskirts polygon (WGS84 lon/lat WKT), start date, axes as bearing sectors.",
        "columns": {
            "outskirts_wkt": "Objective's built-up outline, lon/lat WKT; how it was made is in outskirts_note",
            "region_km": "Radius of the campaign region used for area estimates",
            "axes": "JSON list of axis sectors: name, from_deg, to_deg (clockwise from north)",
        },
    },
    "localities": {
        "description": "The gazetteer: every place with its spellings, WGS84 position, the source of that position, and its distance and bearing to the objective.",
        "columns": {
            "alt_names": "Spelling variants, ';'-separated",
            "coordinate_source": "Where the coordinate comes from",
            "same_as": "A second point for a place that has a primary row",
            "km_to_outskirts": "Geodesic km to the objective's outskirts polygon (0 inside)",
            "km_to_centre": "Geodesic km to the objective's centre",
            "bearing_deg": "Bearing from the objective's centre, degrees clockwise from north",
            "axis": "Default axis of advance, from the bearing",
        },
    },
    "events": {
        "description": "Control changes, append-only: a correction supersedes, a retraction is recorded apart; neither deletes.",
        "columns": {
            "date": "The day the event counts from (the last day of its date range)",
            "date_earliest": "The first day it may have happened",
            "date_precision": "day, range, month or year",
            "status": "captured, entered, encircled, contested, lost, uprising or withdrawn",
            "force_id": "The force that holds (or presses on) the locality afterwards",
            "previous_force_id": "Who held it before, given, derived or inferred",
            "axis": "Axis of advance",
            "recorded_by": "person:NAME, seed:FILE or an extractor",
            "supersedes": "The event this one corrects",
        },
    },
    "event_sources": {"description": "Which sources support which event, with the supporting quote."},
    "fighting_reports": {
        "description": "Fighting reports from event datasets: where and when there was fighting between two sides, "
                       "never who took a place. Data: UCDP Georeferenced Event Dataset (Sundberg & Melander 2013; "
                       "Högbladh 2019), CC BY 4.0.",
        "license": "CC BY 4.0", "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "source": "UCDP Georeferenced Event Dataset", "source_url": "https://ucdp.uu.se/downloads/",
        "columns": {
            "where_prec": "GED's spatial precision: 1 the place itself, 2 within 25 km, 3 and over an area",
            "locality_id": "The nearest locality within that precision (5 km for 1, 25 km for 2); empty if unplaced",
            "date_prec": "GED's date precision: 1 the day, up to 5 the year",
            "deaths_best": "GED's best estimate of deaths",
        },
    },
    "fighting_per_locality_day": {"description": "Fighting reports counted per locality and day (UCDP GED, CC BY 4.0)."},
    "start_state": {"description": "Who held each place when the campaign began, with its source."},
    "sources": {"description": "Reports cited by events: URL, publisher, title, publication date."},
    "forces": {"description": "Forces, the side of the campaign they are on, and the aliases reports use."},
    "retractions": {"description": "Events that no longer count, with the reason."},
    "locality_names": {"description": "Every spelling of every locality, folded for lookup.", "hidden": True},
    "_sqlite_migrations": {"description": "Schema changes applied (internal).", "hidden": True},
    "force_names": {"description": "Every alias of every force, folded for lookup.", "hidden": True},
}


def metadata_for(datasette, databases) -> dict:
    if not databases:
        return {}
    result = {
        "title": "frontline",
        "description": "Who took which locality, when, on which axis, and who says so.",
        "license": "CC BY-SA 4.0 (data); code Apache-2.0",
        "license_url": "https://creativecommons.org/licenses/by-sa/4.0/",
        "source": "Reports cited per event; gazetteer from Wikipedia and GeoNames",
        "source_url": "https://github.com/",
        "databases": {},
    }
    for name in databases:
        map_url = html.escape(datasette.urls.path(f"/{name}/-/frontline"))
        link = f'<p><a href="{map_url}">Map through time and front-line progress chart</a></p>'
        tables = {}
        for table, meta in TABLES.items():
            tables[table] = dict(meta)
            if table in ("localities", "events"):
                tables[table]["description_html"] = f"<p>{html.escape(meta['description'])}</p>{link}"
                tables[table].pop("description")
        result["databases"][name] = {
            "description_html": f"<p>{html.escape(LICENSE_HTML)}</p>{link}",
            "tables": tables,
        }
    return result


def canned_queries_for(datasette, database) -> dict:
    return {
        "front_on_date": {
            "title": "The front on a date",
            "description": "Per axis, the attacker-held locality closest to the outskirts on :date (YYYY-MM-DD).",
            "sql": """with states as (
  select l.id, l.name, l.km_to_outskirts, l.latitude, l.longitude,
         axis_on(l.id, :date) as axis, controller_on(l.id, :date) as holder,
         side_on(l.id, :date) as side, condition_on(l.id, :date) as condition
  from localities l
  where (l.id in (select locality_id from events) or l.id in (select locality_id from start_state))
    and l.id not in (select objective_locality_id from campaigns where objective_locality_id is not null)
    and coalesce(l.kind, '') != 'district'
), ranked as (
  select *, row_number() over (partition by axis order by km_to_outskirts, id) as rank
  from states where side = 'attacker' and condition = 'held' and axis is not null
)
select axis, name as locality, round(km_to_outskirts, 1) as km_to_outskirts, holder, latitude, longitude
from ranked where rank = 1 order by axis""",
        },
        "locality_history": {
            "title": "History of one locality",
            "description": "Every event of a locality (:name, exact gazetteer name), retracted ones included.",
            "sql": """select id, date, date_precision, status, force, previous_force, axis, counts,
  retracted_because, sources, quote, note, latitude, longitude
from event_details where locality = :name order by date, id""",
        },
        "events_for_source": {
            "title": "Events a source supports",
            "description": "Events citing a source, by its URL or key (:source).",
            "sql": """select e.id, e.date, e.locality, e.status, e.force, es.quote, e.counts, e.latitude, e.longitude
from event_sources es join sources s on s.id = es.source_id join event_details e on e.id = es.event_id
where s.url = :source or s.key = :source order by e.date""",
        },
    }
