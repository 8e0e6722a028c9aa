"""frontline's Datasette plugin: SQL functions, the map and progress page, GeoJSON output, canned queries.

Installed with the project under the `datasette` entry point, so both `tracker serve`
and a plain `datasette db/tracker.db` load it. Python decides and passes JSON; the
drawing is in static/frontline.js.
"""

import gzip
import json
from pathlib import Path

from datasette import hookimpl
from datasette.utils.asgi import Response, asgi_static

from ..derive import reports
from ..derive.sqlfunctions import register_functions
from ..store import TrackerDB
from ..store import is_tracker_database as is_tracker_file
from .geojson import can_render_geojson, render_geojson
from .metadata import canned_queries_for, metadata_for

STATIC = Path(__file__).parent / "static"
PLUGIN = "frontline"

SIDE_COLOURS = {"attacker": "#1f6fb4", "defender": "#111111", "other": "#8c564b", None: "#b8b8b8"}
FORCE_COLOURS = {
    "Counter Terrorism Service": "#1f6fb4",
    "Iraqi Army": "#2e8b3d",
    "Federal Police": "#16a3b8",
    "Peshmerga": "#d9a400",
    "Popular Mobilization Forces": "#7b4fb3",
    "Iraqi Security Forces": "#3d7fd9",
    "Tribal Mobilization": "#8c564b",
    "Local residents": "#e377c2",
    "Islamic State": "#111111",
}


def is_tracker_database(datasette, name) -> bool:
    """A database the tracker made: it has a campaigns table (checked once per name)."""
    cache = datasette.__dict__.setdefault("_frontline_dbs", {})
    if name not in cache:
        path = getattr(datasette.databases.get(name), "path", None)
        cache[name] = bool(path) and is_tracker_file(path)
    return cache[name]


def tracker_databases(datasette):
    return [name for name in datasette.databases if name != "_internal" and is_tracker_database(datasette, name)]


@hookimpl
def prepare_connection(conn):
    register_functions(conn)


@hookimpl
def get_metadata(datasette, key, database, table):
    return metadata_for(datasette, tracker_databases(datasette))


@hookimpl
def canned_queries(datasette, database):
    if is_tracker_database(datasette, database):
        return canned_queries_for(datasette, database)
    return None


@hookimpl
def register_output_renderer(datasette):
    return {"extension": "geojson", "render": render_geojson, "can_render": can_render_geojson}


@hookimpl
def database_actions(datasette, database):
    if is_tracker_database(datasette, database):
        return [{"href": datasette.urls.path(f"/{database}/-/frontline"), "label": "Map and front-line progress"}]
    return None


@hookimpl
def table_actions(datasette, database, table):
    if table in ("localities", "events") and is_tracker_database(datasette, database):
        return [{"href": datasette.urls.path(f"/{database}/-/frontline"), "label": "Show on the frontline map"}]
    return None


@hookimpl
def register_routes():
    return [
        (r"^/-/frontline/static/(?P<path>.+)$", asgi_static(str(STATIC))),
        (r"^/(?P<database>[^/]+)/-/frontline$", get_only(map_page)),
        (r"^/(?P<database>[^/]+)/-/frontline/map\.json$", get_only(map_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/progress\.json$", get_only(progress_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/states\.json$", get_only(states_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/locality/(?P<locality_id>\d+)\.json$", get_only(locality_json)),
    ]


def get_only(view):
    """The plugin's pages only read: any method but GET is refused."""

    async def inner(datasette, request):
        if request.method not in ("GET", "HEAD"):
            return Response.text("Read-only: only GET is accepted here", status=405)
        return await view(datasette, request)

    return inner


async def _run(datasette, request, fn):
    """Run fn(TrackerDB) on one of the database's read-only connections."""
    name = request.url_vars["database"]
    if name not in datasette.databases or not is_tracker_database(datasette, name):
        return None
    campaign = request.args.get("campaign")
    return await datasette.get_database(name).execute_fn(
        lambda conn: fn(TrackerDB.from_connection(conn), campaign)
    )


def _json(data):
    return Response.json(data, headers={"Cache-Control": "no-store"})


def _not_found(request):
    return Response.text(f"No tracker database {request.url_vars['database']!r}", status=404)


def cached(datasette, kind, build, *, detail=None, size=8):
    """Derived JSON, rebuilt only when the database's change token moves; the `size` latest per kind.

    One store per kind, so scrubbing the map through many dates never evicts the chart data.
    Datasette runs these on several threads: the store is locked, the building is not.
    """
    import threading
    from collections import OrderedDict

    stores = datasette.__dict__.setdefault("_frontline_cache", {})
    cache, lock = stores.setdefault(kind, (OrderedDict(), threading.Lock()))

    def run(tdb, campaign):
        key = (campaign, detail, tdb.change_token())
        with lock:
            found = cache.get(key)
            if found:
                cache.move_to_end(key)
                return found
        body = json.dumps(build(tdb, campaign), separators=(",", ":")).encode("utf-8")
        bodies = (body, gzip.compress(body, compresslevel=6))
        with lock:
            cache[key] = bodies
            while len(cache) > size:
                cache.popitem(last=False)
        return bodies

    return run


def _json_bytes(request, bodies):
    """The cached JSON, gzipped for clients that accept it (the map data is megabytes at 100k events)."""
    plain, compressed = bodies
    headers = {"Cache-Control": "no-store", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(compressed, content_type="application/json; charset=utf-8", headers=headers)
    return Response(plain, content_type="application/json; charset=utf-8", headers=headers)


async def map_json(datasette, request):
    config = datasette.plugin_config(PLUGIN, database=request.url_vars["database"]) or {}
    limit = int(config.get("history_limit", reports.MAP_HISTORY_LIMIT))
    build = cached(datasette, "map", lambda tdb, campaign: reports.map_data(tdb, campaign=campaign, history_limit=limit))
    bodies = await _run(datasette, request, build)
    return _json_bytes(request, bodies) if bodies is not None else _not_found(request)


async def states_json(datasette, request):
    """Every locality's state on ?date=YYYY-MM-DD: what the map asks for when the whole history is too big."""
    from ..model.dates import parse_day
    from ..model.errors import InvalidDate

    try:
        day = parse_day(request.args.get("date") or "", "date").isoformat()
    except InvalidDate as error:
        return Response.json({"error": str(error)}, status=400)
    build = cached(datasette, "states", lambda tdb, campaign: reports.map_states(tdb, campaign=campaign, day=day),
                   detail=day, size=64)
    bodies = await _run(datasette, request, build)
    return _json_bytes(request, bodies) if bodies is not None else _not_found(request)


async def progress_json(datasette, request):
    build = cached(datasette, "progress", lambda tdb, campaign: reports.progress(tdb, campaign=campaign))
    bodies = await _run(datasette, request, build)
    return _json_bytes(request, bodies) if bodies is not None else _not_found(request)


async def locality_json(datasette, request):
    locality_id = int(request.url_vars["locality_id"])

    def history(tdb, campaign):
        try:
            return reports.locality_history(tdb, locality_id)
        except Exception as error:  # NotFound: an id no locality has
            return {"error": str(error)}

    data = await _run(datasette, request, history)
    if data is None or "error" in data:
        return Response.json(data or {"error": "not found"}, status=404)
    return _json(data)


def page_config(datasette, database, request) -> dict:
    config = datasette.plugin_config(PLUGIN, database=database) or {}
    base = f"/{database}/-/frontline"
    return {
        "database": database,
        "mapUrl": datasette.urls.path(base + "/map.json"),
        "progressUrl": datasette.urls.path(base + "/progress.json"),
        "statesUrl": datasette.urls.path(base + "/states.json"),
        "localityUrl": datasette.urls.path(base + "/locality/"),
        "eventsTableUrl": datasette.urls.table(database, "events"),
        "tiles": config.get("tiles"),
        "tileAttribution": config.get("tile_attribution", ""),
        "sideColours": {str(k): v for k, v in SIDE_COLOURS.items()},
        "forceColours": FORCE_COLOURS,
        "date": request.args.get("date"),
    }


async def map_page(datasette, request):
    database = request.url_vars["database"]
    if database not in datasette.databases or not is_tracker_database(datasette, database):
        return _not_found(request)
    config = page_config(datasette, database, request)
    static = datasette.urls.path("/-/frontline/static/")
    # json.dumps leaves "</script>" intact: escape "<" so stored text can never close the tag.
    config_json = json.dumps(config).replace("<", "\\u003c")
    return Response.html(
        await datasette.render_template(
            "frontline_map.html",
            {"database": database, "config_json": config_json, "static": static},
            request=request,
        )
    )
