"""Interop: tracker import acled, tracker export."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import CampaignOption, DbOption, cli_errors, fail, open_db

app = typer.Typer()
import_app = typer.Typer(no_args_is_help=True, help="Import events from other tools' formats")


@import_app.command("acled")
def import_acled(
    file: Annotated[Path, typer.Argument(help="ACLED export (CSV)")],
    skip_bad: Annotated[bool, typer.Option(help="Import the good rows; write bad ones with reasons to a reject file")] = False,
    reject_file: Annotated[Optional[Path], typer.Option(help="Where --skip-bad writes rejected rows [default: FILE.rejects.csv]")] = None,
    add_locations: Annotated[bool, typer.Option(help="Add locations the gazetteer lacks, with ACLED's coordinates")] = False,
    deleted: Annotated[Optional[Path], typer.Option(help="ACLED deletions CSV (event_id_cnty, deleted_timestamp): retract those events")] = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
):
    """Import ACLED territory events (regains, overtakes, non-violent transfer) as control changes; all or nothing."""
    from ..interop.acled import import_acled as run

    progress = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = bar.add_task(f"Importing {file.name}", total=None)
        bar.start()
        progress = lambda rows: bar.update(task, completed=rows)  # noqa: E731
    try:
        with cli_errors():
            counts = run(open_db(db), file, campaign=campaign, skip_bad=skip_bad, reject_path=reject_file,
                         add_locations=add_locations, deleted_path=deleted, progress=progress)
    finally:
        if progress:
            bar.stop()
    typer.echo(
        f"{file}: {counts['rows']} rows; imported {counts['imported']} events, {counts['updated']} updates "
        f"(each superseding the earlier version), {counts['unchanged']} unchanged, "
        f"{counts['skipped_not_territory']} skipped (not territory events), {counts['rejected']} rejected, "
        f"{counts['retracted']} retracted, {counts['new_localities']} new localities."
    )
    if counts.get("reject_file"):
        typer.echo(f"Rejected rows and reasons: {counts['reject_file']}")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="acled, geojson or csv")] = "csv",
    what: Annotated[str, typer.Option(help="events or localities (GeoJSON: localities carry their controller on --as-of)")] = "events",
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date, YYYY-MM-DD")] = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
):
    """Write events (or localities) to standard output as ACLED-shaped CSV, GeoJSON or CSV."""
    from ..interop.export import FORMATS, export as run

    if format not in FORMATS:
        fail(f"Unknown format {format!r}: use one of {', '.join(FORMATS)}", 2)
    if what not in ("events", "localities"):
        fail(f"Unknown --what {what!r}: use events or localities", 2)
    with cli_errors():
        run(open_db(db), sys.stdout, format, what=what, campaign=campaign, as_of=as_of)
