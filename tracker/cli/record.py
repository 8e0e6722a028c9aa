"""Recording: tracker add, retract, events, localities, forces, locality add."""

from typing import Annotated, List, Optional

import typer

from ..model.dates import date_span, parse_day, parse_event_date
from ..record.events import add_event, retract as retract_event
from ..record.forces import add_force
from ..derive.reports import list_events
from .common import MAX_ID, CampaignOption, CsvFlag, DbOption, JsonFlag, cli_errors, fail, one_format, open_db, print_json, print_rows

app = typer.Typer()
locality_app = typer.Typer(no_args_is_help=True)
force_app = typer.Typer(no_args_is_help=True)

STATUS_HELP = "captured, entered, encircled, contested, lost, uprising or withdrawn"


@app.command()
def add(
    locality: Annotated[str, typer.Argument(help="Locality name or any spelling of it, e.g. Bashiqah")],
    by: Annotated[str, typer.Option("--by", help="Force that now holds (or presses on) it, e.g. CTS, peshmerga")],
    date: Annotated[str, typer.Option(help="YYYY-MM-DD, YYYY-MM, YYYY or START/END")],
    status: Annotated[str, typer.Option(help=STATUS_HELP)] = "captured",
    axis: Annotated[Optional[str], typer.Option(help="Axis of advance [default: from the bearing]")] = None,
    source: Annotated[Optional[str], typer.Option(help="URL of the report")] = None,
    publisher: Annotated[Optional[str], typer.Option(help="Who published the report")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title of the report")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date of the report, YYYY-MM-DD")] = None,
    quote: Annotated[Optional[str], typer.Option(help="The words in the report that support the event")] = None,
    note: Annotated[Optional[str], typer.Option(help="Your note")] = None,
    previous: Annotated[Optional[str], typer.Option("--from", help="Force that held it before [default: derived]")] = None,
    supersedes: Annotated[Optional[int], typer.Option(help="Id of the event this one corrects (same locality, still counting)", min=1, max=MAX_ID)] = None,
    recorded_by: Annotated[Optional[str], typer.Option(help="Who records it [default: person:$USER]")] = None,
    allow_any_date: Annotated[bool, typer.Option(help="Accept dates before the campaign start or in the future")] = False,
    campaign: CampaignOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not print warnings about likely slips")] = False,
    json_output: JsonFlag = False,
    db: DbOption = None,
):
    """Record a control change: LOCALITY was captured/entered/... by a force on a date."""
    with cli_errors():
        event_date = parse_event_date(date)
        if published:
            published = parse_day(published, "--published date").isoformat()
        event = add_event(
            open_db(db), locality=locality, force=by, date=event_date, status=status, axis=axis, previous_force=previous,
            source_url=source, publisher=publisher, title=title, published=published, quote=quote, note=note,
            campaign=campaign, recorded_by=recorded_by, supersedes=supersedes, allow_any_date=allow_any_date,
        )
    if not quiet:
        for warning in event.get("warnings") or ():
            typer.echo(f"Warning: {warning}", err=True)
    if json_output:
        print_json(event)
        return
    if event.get("source_added_to_existing"):
        typer.echo(f"Already recorded as event #{event['id']}: added the source to it, no second event stored.")
    else:
        typer.echo(f"Recorded event #{event['id']}: {event['locality']} {event['status']} by {event['force']} "
                   f"({event['side']}) on {_event_date(event)}")
    distance = (f"{event['km_to_outskirts']:.1f} km from {event['objective']}'s outskirts, {event['km_to_centre']:.1f} km from its centre"
                if event["km_to_outskirts"] is not None else "no coordinates")
    typer.echo(f"  locality: {event['locality']} ({event['latitude']:.4f} N, {event['longitude']:.4f} E), {distance}")
    typer.echo(f"  axis: {event['axis'] or '-'}; previous holder: {event['previous_force'] or 'unknown'}; "
               f"sources: {event['sources'] or 'none'}")


def _event_date(event) -> str:
    if event["date_precision"] == "day":
        return event["date"]
    return f"{event['date_earliest']}/{event['date']} ({event['date_precision']})"


@app.command()
def retract(
    event_id: Annotated[int, typer.Argument(help="Id of the event to retract", min=1, max=MAX_ID)],
    reason: Annotated[str, typer.Option(help="Why it no longer counts")],
    recorded_by: Annotated[Optional[str], typer.Option(help="Who retracts it")] = None,
    db: DbOption = None,
):
    """Retract an event: it stays in the history and stops counting."""
    with cli_errors():
        event = retract_event(open_db(db), event_id, reason, recorded_by)
    typer.echo(f"Retracted event #{event['id']} ({event['locality']} {event['status']} by {event['force']} "
               f"on {event['date']}): {event['retracted_because']}")


EVENT_COLUMNS = ["id", "date", "date_precision", "locality", "status", "force", "side", "axis",
                 "km_to_outskirts", "counts", "sources", "quote", "note", "retracted_because"]


@app.command()
def events(
    locality: Annotated[Optional[str], typer.Option(help="Only this locality (any spelling)")] = None,
    axis: Annotated[Optional[str], typer.Option(help="Only this axis")] = None,
    since: Annotated[Optional[str], typer.Option(help="From this date, YYYY-MM-DD")] = None,
    until: Annotated[Optional[str], typer.Option(help="Up to this date, YYYY-MM-DD")] = None,
    campaign: CampaignOption = None,
    json_output: JsonFlag = False,
    csv_output: CsvFlag = False,
    db: DbOption = None,
):
    """List recorded events, retracted ones included (see the counts column)."""
    with cli_errors():
        fmt = one_format(json_output, csv_output)
        since = parse_day(since, "--since date").isoformat() if since else None
        until = parse_day(until, "--until date").isoformat() if until else None
        rows = list_events(open_db(db), campaign=campaign, locality=locality, axis=axis, since=since, until=until)
    columns = EVENT_COLUMNS if fmt != "table" else ["id", "date", "locality", "status", "force", "axis",
                                                    "km_to_outskirts", "counts", "sources"]
    print_rows(rows if fmt == "json" else [_flat(r) for r in rows], columns, fmt, {"km_to_outskirts": "km"})


def _flat(row):
    return dict(row, counts="yes" if row["counts"] else "no", date=date_span(row["date_earliest"], row["date"]))


LOCALITY_COLUMNS = ["id", "name", "kind", "latitude", "longitude", "km_to_outskirts", "km_to_centre",
                    "bearing_deg", "axis", "alt_names"]


@app.command()
def localities(
    search: Annotated[Optional[str], typer.Argument(help="Part of a name or spelling")] = None,
    limit: Annotated[int, typer.Option(help="At most this many", min=1, max=MAX_ID)] = 50,
    json_output: JsonFlag = False,
    csv_output: CsvFlag = False,
    db: DbOption = None,
):
    """List or search the gazetteer, closest to the objective first."""
    with cli_errors():
        fmt = one_format(json_output, csv_output)
        rows = open_db(db).search_localities(search, limit)
    if not rows and fmt == "table":
        typer.echo(f"No locality's name or spelling contains {search!r}; add one with 'tracker locality add', or pull "
                   "a campaign's surroundings with 'tracker locality pull --radius KM'" if search else
                   "The gazetteer has no locality with coordinates yet: run 'tracker init' or 'tracker locality add'")
        return
    print_rows(rows, LOCALITY_COLUMNS, fmt, {"km_to_outskirts": "km_out", "km_to_centre": "km_ctr", "bearing_deg": "bearing"})


@app.command()
def forces(json_output: JsonFlag = False, db: DbOption = None):
    """List the forces, their side and the aliases they are known by."""
    with cli_errors():
        rows = open_db(db).forces()
    print_rows(rows, ["id", "name", "side", "kind", "aliases"], "json" if json_output else "table")


@locality_app.command("add")
def locality_add(
    name: Annotated[str, typer.Argument(help="Display name")],
    lat: Annotated[Optional[float], typer.Option("--lat", help="Latitude, WGS84 decimal degrees")] = None,
    lon: Annotated[Optional[float], typer.Option("--lon", help="Longitude, WGS84 decimal degrees")] = None,
    alt: Annotated[Optional[List[str]], typer.Option("--alt", help="Another spelling (repeatable)")] = None,
    kind: Annotated[Optional[str], typer.Option(help="village, town, facility, ...")] = None,
    source: Annotated[Optional[str], typer.Option(help="Where the coordinate comes from")] = None,
    note: Annotated[Optional[str], typer.Option(help="Your note")] = None,
    same_as: Annotated[Optional[int], typer.Option("--same-as", help="NAME (and --alt) are spellings of this existing locality id", min=1, max=MAX_ID)] = None,
    distinct: Annotated[Optional[str], typer.Option("--distinct", help="Why a new place sharing a spelling with another is a different place")] = None,
    db: DbOption = None,
):
    """Add a locality to the gazetteer (its distance, bearing and axis are computed), or spellings to one."""
    from ..record.localities import add_locality, add_spellings

    with cli_errors():
        if same_as is not None:
            row = add_spellings(open_db(db), same_as, [name, *(alt or ())])
            typer.echo(f"#{row['id']} {row['name']} now also answers to: {row['alt_names']}")
            return
        if lat is None or lon is None:
            fail("Give --lat and --lon for a new locality (or --same-as ID to add a spelling to one)", 2)
        row = add_locality(open_db(db), name, latitude=lat, longitude=lon, alt_names=alt or (), kind=kind,
                           source=source, note=note, distinct=distinct)
    typer.echo(f"Added locality #{row['id']} {row['name']}: {row['km_to_outskirts']:.1f} km from the outskirts, "
               f"{row['km_to_centre']:.1f} km from the centre, bearing {row['bearing_deg']:.0f}°, axis {row['axis'] or '-'}")


@locality_app.command("pull")
def locality_pull(
    radius: Annotated[float, typer.Option("--radius", help="Kilometres around the campaign's objective", min=1, max=300)],
    campaign: CampaignOption = None,
    min_population: Annotated[int, typer.Option(help="Only places with at least this many people (0: all)", min=0)] = 0,
    db: DbOption = None,
):
    """Add the offline world gazetteer's places (GeoNames, IOM DTM) around a campaign's objective."""
    from ..record.localities import pull_localities

    with cli_errors():
        tdb = open_db(db)
        name = tdb.campaign(campaign)["name"]
        result = pull_localities(tdb, name, radius, min_population=min_population)
    known = result["already_known"]
    typer.echo(f"Added {result['added']} localities within {radius:g} km of the {name} objective "
               f"({result['found']} places in the world gazetteer there"
               + (f"; {len(known)} already in the gazetteer by name, left as they are" if known else "") + ").")


@force_app.command("add")
def force_add(
    name: Annotated[str, typer.Argument(help="Display name, e.g. Syrian Democratic Forces")],
    side: Annotated[str, typer.Option(help="attacker, defender or other")],
    alias: Annotated[Optional[List[str]], typer.Option("--alias", help="Another name reports use (repeatable)")] = None,
    kind: Annotated[Optional[str], typer.Option(help="army, police, militia, ...")] = None,
    db: DbOption = None,
):
    """Add a force (or more aliases to one), with the side of the campaign it is on."""
    with cli_errors():
        force = add_force(open_db(db), name, side=side, aliases=alias or (), kind=kind)
    typer.echo(f"Force #{force['id']} {force['name']} ({force['side']}); aliases: {force['aliases'] or 'none'}")
