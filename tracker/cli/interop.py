"""Interop: tracker import acled|ucdp, tracker export."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import CampaignOption, DbOption, cli_errors, fail, open_db, progress_bar

app = typer.Typer()
import_app = typer.Typer(no_args_is_help=True, help="Import events from other tools' formats")


@import_app.command("acled")
def import_acled(
    file: Annotated[Path, typer.Argument(help="ACLED export (CSV)")],
    skip_bad: Annotated[bool, typer.Option(help="Import the good rows; write bad ones with reasons to a reject file")] = False,
    reject_file: Annotated[Optional[Path], typer.Option(help="A new file for set-aside rows [default: FILE.rejects.csv, or -2, -3 ... if taken]")] = None,
    add_locations: Annotated[bool, typer.Option(help="Add locations the gazetteer lacks, with ACLED's coordinates")] = False,
    add_forces: Annotated[bool, typer.Option(help="Add actors the database does not know, with a side read from the row")] = False,
    strict: Annotated[bool, typer.Option(help="Refuse the whole file if any row names an unknown actor")] = False,
    allow_any_date: Annotated[bool, typer.Option(help="Accept rows dated before the campaign start or in the future")] = False,
    deleted: Annotated[Optional[Path], typer.Option(help="ACLED deletions CSV (event_id_cnty, deleted_timestamp): retract those events")] = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
):
    """Import ACLED territory events (regains, overtakes, non-violent transfer) from any ACLED layout; all or nothing."""
    from ..interop.acled import import_acled as run

    with cli_errors(), progress_bar(f"Importing {file.name}", "bytes") as progress:
        counts = run(open_db(db), file, campaign=campaign, skip_bad=skip_bad, reject_path=reject_file,
                     add_locations=add_locations, add_forces=add_forces, strict=strict,
                     allow_any_date=allow_any_date, deleted_path=deleted, progress=progress)
    typer.echo(
        f"{file} ({counts['layout']}): {counts['rows']} rows; imported {counts['imported']} events, {counts['updated']} updates "
        f"(each superseding the earlier version), {counts['unchanged']} unchanged, "
        f"{counts['skipped_not_territory']} skipped (not territory events), {counts['rejected']} rejected, "
        f"{counts['retracted']} retracted, {counts['new_localities']} new localities, {counts['new_forces']} new forces."
    )
    unknown = counts["unknown_actors"]
    if unknown:
        rows = sum(len(lines) for lines in unknown.values())
        listed = "; ".join(f"{actor[:60]} (line{'s' if len(lines) > 1 else ''} {', '.join(map(str, lines[:5]))}"
                           f"{', ...' if len(lines) > 5 else ''})" for actor, lines in list(unknown.items())[:8])
        typer.echo(f"{rows} row(s) name actors the database does not know, not imported: {listed}"
                   f"{'; ...' if len(unknown) > 8 else ''}. Import them with --add-forces, or add each with "
                   "'tracker force add NAME --side ...' and import again.")
    if counts.get("reject_file"):
        typer.echo(f"Set-aside rows and reasons: {counts['reject_file']}")


@import_app.command("ucdp")
def import_ucdp(
    file: Annotated[Path, typer.Argument(help="UCDP GED export (CSV, the HXL tag row may be there)")],
    as_candidates: Annotated[bool, typer.Option(help="Also offer each placed report to the review queue as a contested candidate")] = False,
    campaign: CampaignOption = None,
    db: DbOption = None,
):
    """Import UCDP GED fighting reports: where and when there was fighting, linked to the nearest locality within
    each report's precision. Fighting is not a change of control: nothing counts as an event."""
    from ..interop.ucdp import import_ucdp as run

    with cli_errors(), progress_bar(f"Importing {file.name}", "bytes") as progress:
        counts = run(open_db(db), file, as_candidates=as_candidates, campaign=campaign, progress=progress)
    unplaced = counts["unplaced"]
    typer.echo(f"{file} (UCDP GED): {counts['rows']} rows; stored {counts['new']} fighting reports, "
               f"{counts['already_stored']} already stored; {counts['linked']} placed at a locality within their "
               f"precision, {unplaced['imprecise']} given only to an area (left unplaced), "
               f"{unplaced['no locality near']} with no locality near enough."
               + (f" {counts['candidates']} new candidates in the review queue." if as_candidates else ""))
    typer.echo(f"Data: {counts['attribution']}.")


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="acled, geojson, csv, or ucdp (the fighting reports in UCDP GED's columns)")] = "csv",
    what: Annotated[str, typer.Option(help="events or localities (GeoJSON: localities carry their controller on --as-of)")] = "events",
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Date, YYYY-MM-DD")] = None,
    campaign: CampaignOption = None,
    db: DbOption = None,
):
    """Write events (or localities) to standard output as ACLED-shaped CSV, GeoJSON or CSV, or the fighting reports
    in UCDP GED's columns."""
    from ..interop.export import FORMATS, export as run

    if format not in FORMATS:
        fail(f"Unknown format {format!r}: use one of {', '.join(FORMATS)}", 2)
    if what not in ("events", "localities"):
        fail(f"Unknown --what {what!r}: use events or localities", 2)
    with cli_errors():
        run(open_db(db), sys.stdout, format, what=what, campaign=campaign, as_of=as_of)
