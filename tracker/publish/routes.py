"""The plugin's pages and JSON: the map page, its data, one day's states, a locality's history.

Every route only reads (any method but GET or HEAD is refused). Python decides and passes JSON;
the drawing is in static/frontline.js.
"""

import json
from pathlib import Path

from datasette.utils.asgi import Response, asgi_static

from ..derive import reports
from ..store import TrackerDB
from .cache import json_response, cached
from .databases import is_tracker_database

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


def routes():
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


async def map_json(datasette, request):
    config = datasette.plugin_config(PLUGIN, database=request.url_vars["database"]) or {}
    limit = int(config.get("history_limit", reports.MAP_HISTORY_LIMIT))
    build = cached(datasette, "map", lambda tdb, campaign: reports.map_data(tdb, campaign=campaign, history_limit=limit))
    bodies = await _run(datasette, request, build)
    return json_response(request, bodies) if bodies is not None else _not_found(request)


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
    return json_response(request, bodies) if bodies is not None else _not_found(request)


async def progress_json(datasette, request):
    build = cached(datasette, "progress", lambda tdb, campaign: reports.progress(tdb, campaign=campaign))
    bodies = await _run(datasette, request, build)
    return json_response(request, bodies) if bodies is not None else _not_found(request)


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
