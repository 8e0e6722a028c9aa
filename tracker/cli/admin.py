"""tracker init."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import DbOption, cli_errors, open_db

app = typer.Typer()


@app.command()
def init(
    db: DbOption = None,
    seeds: Annotated[Optional[Path], typer.Option(help="Seeds folder [default: the bundled seeds/]")] = None,
    no_events: Annotated[bool, typer.Option("--no-events", help="Load the gazetteer, forces and campaign but not the bundled events")] = False,
):
    """Create or migrate the database and load the bundled Mosul campaign (safe to run again)."""
    from ..record.seeds import load_seeds

    with cli_errors():
        tdb = open_db(db, create=True)
        added = load_seeds(tdb, seeds, events=not no_events)
        totals = tdb.counts()
    new = ", ".join(f"{n} {table}" for table, n in added.items() if n) or "nothing new"
    typer.echo(f"Database {tdb.path}: added {new}.")
    typer.echo(
        f"Holds {totals['localities']} localities, {totals['forces']} forces, {totals['sources']} sources, "
        f"{totals['events']} events ({totals['retractions']} retracted)."
    )


@app.command()
def backup(
    destination: Annotated[Path, typer.Argument(help="New file for the copy")],
    db: DbOption = None,
):
    """Copy the database consistently while others keep writing (SQLite's online backup)."""
    with cli_errors():
        result = open_db(db).backup(destination)
    typer.echo(f"Backed up {result['events']} events to {result['path']} ({result['bytes'] / 1e6:.1f} MB); integrity ok.")
