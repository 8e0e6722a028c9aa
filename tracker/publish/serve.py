"""Start Datasette on a tracker database with the frontline plugin (loaded via its entry point)."""

import json
import tempfile
from pathlib import Path

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"


def datasette_argv(db_path, *, host="127.0.0.1", port=8001, tiles=None, metadata_path=None) -> list:
    import os

    # A database this process cannot write (or whose folder it cannot write: SQLite puts its journal there)
    # is served immutable, so it can still be read.
    writable = not Path(db_path).exists() or (os.access(db_path, os.W_OK) and os.access(Path(db_path).resolve().parent, os.W_OK))
    argv = [
        "serve", *([str(db_path)] if writable else ["-i", str(db_path)]), "--host", host, "--port", str(port),
        "--setting", "sql_time_limit_ms", "2000",
        "--setting", "max_returned_rows", "5000",
        "--setting", "allow_download", "off",
        # Suggesting facets runs a query per column on every table page: ~2 s at 1M events.
        # Facets asked for (?_facet=status) still work.
        "--setting", "suggest_facets", "off",
    ]
    if metadata_path:
        argv += ["--metadata", str(metadata_path)]
    return argv


def plugin_metadata(tiles=None) -> dict:
    if not tiles:
        return {}
    url, attribution = (OSM_TILES, OSM_ATTRIBUTION) if tiles == "osm" else (tiles, "")
    return {"plugins": {"frontline": {"tiles": url, "tile_attribution": attribution}}}


def launch(db_path, *, host="127.0.0.1", port=8001, tiles=None):
    """Run Datasette in this process until interrupted."""
    from datasette.cli import cli

    metadata = plugin_metadata(tiles)
    metadata_path = None
    if metadata:
        handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(metadata, handle)
        handle.close()
        metadata_path = Path(handle.name)
    cli.main(args=datasette_argv(db_path, host=host, port=port, metadata_path=metadata_path), prog_name="tracker serve")
