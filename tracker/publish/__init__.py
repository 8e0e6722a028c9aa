"""frontline's Datasette plugin: hook implementations only (pages in routes.py, cached JSON in cache.py).

Installed with the project under the `datasette` entry point, so both `tracker serve`
and a plain `datasette db/tracker.db` load it.
"""

from datasette import hookimpl

from ..derive.sqlfunctions import register_functions
from .databases import is_tracker_database, tracker_databases
from .geojson import can_render_geojson, render_geojson
from .metadata import canned_queries_for, metadata_for
from .routes import routes


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
    return routes()
