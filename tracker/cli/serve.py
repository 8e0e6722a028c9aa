"""tracker serve."""

from typing import Annotated, Optional

import typer

from .common import DbOption, cli_errors, open_db

app = typer.Typer()


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8001,
    tiles: Annotated[Optional[str], typer.Option(help="Map tiles: 'osm' or a URL template; none draws on a plain background")] = None,
    db: DbOption = None,
):
    """Browse the database in Datasette, read-only, with the map and progress chart."""
    from ..publish.serve import launch

    with cli_errors():
        tdb = open_db(db)
        path = tdb.path
        tdb.close()
    typer.echo(f"Map and progress chart: http://{host}:{port}/{path.stem}/-/frontline")
    launch(path, host=host, port=port, tiles=tiles)
