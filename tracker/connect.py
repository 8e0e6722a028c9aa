"""The composition root: a TrackerDB with the tracker's SQL functions on its connection.

The store never imports the SQL functions (they read through the store); whoever opens a
database for use puts the two together here, as Datasette's prepare_connection hook does for its own.
"""

from pathlib import Path

from .derive.sqlfunctions import register_functions
from .store import TrackerDB


def open_db(path: Path | str | None = None, *, create: bool = False, readonly: bool = False) -> TrackerDB:
    tdb = TrackerDB(path, create=create, readonly=readonly)
    register_functions(tdb.conn)
    return tdb
