"""Which of Datasette's databases the tracker made (checked once per name)."""

from ..store import is_tracker_database as is_tracker_file


def is_tracker_database(datasette, name) -> bool:
    """A database the tracker made: it has a campaigns table (checked once per name)."""
    cache = datasette.__dict__.setdefault("_frontline_dbs", {})
    if name not in cache:
        path = getattr(datasette.databases.get(name), "path", None)
        cache[name] = bool(path) and is_tracker_file(path)
    return cache[name]


def tracker_databases(datasette):
    return [name for name in datasette.databases if name != "_internal" and is_tracker_database(datasette, name)]
