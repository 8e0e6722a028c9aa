"""frontline's Datasette plugin: hook implementations only (pages in routes.py, cached JSON in cache.py).

Installed with the project under the `datasette` entry point, so both `tracker serve`
and a plain `datasette db/tracker.db` load it.
"""

from datasette import hookimpl

from ..derive.sqlfunctions import register_functions
from .databases import is_tracker_database, tracker_databases
from .errors import error_response, quiet_sql_function_refusals, read_only_tracker
from .geojson import can_render_geojson, render_geojson
from .metadata import canned_queries_for, metadata_for
from .routes import locality_cell, routes


@hookimpl
def prepare_connection(conn):
    register_functions(conn)
    quiet_sql_function_refusals()


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
def render_cell(value, column, table, database, datasette):
    """A locality's name links to the map at that place (escaped: names come from outside)."""
    if table != "localities" or column != "name" or not isinstance(value, str):
        return None
    if database not in datasette.databases or not is_tracker_database(datasette, database):
        return None
    return locality_cell(datasette, database, value)


@hookimpl
def register_routes():
    return routes()


@hookimpl(hookwrapper=True)
def handle_exception(datasette, request, exception):
    """In place of Datasette's default handler, which prints a traceback for every 4xx (see errors.py)."""
    outcome = yield

    async def inner():
        return await error_response(datasette, request, exception)

    outcome.force_result([inner])


@hookimpl
def asgi_wrapper(datasette):
    def is_tracker_path(path):
        first = path.lstrip("/").split("/", 1)[0].split(".", 1)[0]
        return first == "-" or (first in datasette.databases and is_tracker_database(datasette, first))

    return lambda app: read_only_tracker(app, is_tracker_path)
