"""Derived views: tracker status, front, stats."""

from typing import Annotated, Optional

import typer

from .common import CampaignOption, CsvFlag, DbOption, JsonFlag, cli_errors, one_format, open_db, print_json, print_rows

app = typer.Typer()

AsOf = Annotated[Optional[str], typer.Option("--as-of", help="Date, YYYY-MM-DD [default: today]")]
KnownAt = Annotated[Optional[str], typer.Option("--known-at", help="As the database told it then (before later corrections): YYYY-MM-DD or ISO timestamp")]


@app.command()
def status(as_of: AsOf = None, known_at: KnownAt = None, campaign: CampaignOption = None, json_output: JsonFlag = False,
           db: DbOption = None):
    """Who holds each locality on a date, by axis, with the attacker's closest locality per axis."""
    from ..derive import reports

    with cli_errors():
        result = reports.status(open_db(db), campaign=campaign, as_of=as_of, known_at=known_at)
    if json_output:
        print_json(result)
        return
    typer.echo(f"Control on {result['as_of']} ({result['campaign']} campaign)")
    for group in result["axes"]:
        typer.echo("")
        closest = group["closest_attacker_held"]
        line = (f"closest attacker-held: {closest['locality']}, {closest['km_to_outskirts']:.1f} km from the outskirts"
                if closest else "no attacker-held locality recorded")
        typer.echo(f"{(group['axis'] or 'objective').upper()} axis: {line}")
        print_rows(group["localities"], ["locality", "km_to_outskirts", "condition", "holder", "side", "pressed_by", "since"],
                   headers={"km_to_outskirts": "km"})
        if group.get("assessed"):
            counts = ", ".join(f"{side} {count}" for side, count in sorted(group["assessed"].items()))
            typer.echo(f"  and, with no report of their own, assessed: {counts} (see tracker stats)")


@app.command()
def front(
    axis: Annotated[Optional[str], typer.Option(help="Only this axis")] = None,
    start: Annotated[Optional[str], typer.Option("--from", help="First day [default: campaign start]")] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Last day [default: last event]")] = None,
    changes: Annotated[bool, typer.Option("--changes", help="Only the days an axis's front moved")] = False,
    known_at: KnownAt = None,
    campaign: CampaignOption = None,
    json_output: JsonFlag = False,
    csv_output: CsvFlag = False,
    db: DbOption = None,
):
    """The front per axis, day by day: the closest attacker-held locality to the objective's outskirts, and inside
    the city the one closest to its centre."""
    from ..derive import reports

    with cli_errors():
        fmt = one_format(json_output, csv_output)
        rows = reports.front(open_db(db), campaign=campaign, axis=axis, start=start, end=end, known_at=known_at)
    if changes:
        rows = reports.front_changes(rows)
    target = rows[0]["final_objective"] if rows else "the centre"
    print_rows(rows, ["date", "axis", "km_to_outskirts", "locality", "km_to_final_objective", "inside_locality",
                      "event_id", "source"], fmt,
               {"km_to_outskirts": "km", "km_to_final_objective": f"km to {target}", "inside_locality": "in the city"})


@app.command()
def stats(as_of: AsOf = None, campaign: CampaignOption = None, json_output: JsonFlag = False, db: DbOption = None):
    """Localities and estimated area (km²) held per side and per axis on a date."""
    from ..derive import reports

    with cli_errors():
        result = reports.stats(open_db(db), campaign=campaign, as_of=as_of)
    if json_output:
        print_json(result)
        return
    region = result["region"]
    typer.echo(f"{result['campaign']} on {result['as_of']}: {region['localities']} localities within "
               f"{region['radius_km']:.0f} km of the objective ({region['area_km2']:.0f} km²)")
    rows = [{"side": side, "localities": entry["localities"], "area_km2": entry["area_km2"],
             "reported": f"{entry['reported']['localities']} / {entry['reported']['area_km2']:.0f} km²",
             "assessed": f"{entry['assessed']['localities']} / {entry['assessed']['area_km2']:.0f} km²"}
            for side, entry in result["by_side"].items()]
    print_rows(rows, ["side", "localities", "area_km2", "reported", "assessed"], headers={"area_km2": "area km²"})
    both, reported = result["retaken"]["reported_and_assessed"], result["retaken"]["reported"]
    typer.echo(f"\nRetaken since {result['retaken_since']}: {both['area_km2']:.0f} km², {both['localities']} localities "
               f"({both['settlements']} villages and towns), reported and assessed; {reported['area_km2']:.0f} km², "
               f"{reported['localities']} localities reported")
    for bank, half in result["city_by_bank"].items():
        typer.echo(f"City, {bank} bank: the attacker holds {half['attacker']} of {half['places']} neighbourhoods and "
                   f"sites ({half['attacker_share']:.0%}); defender {half['defender']}, contested {half['contested']}, "
                   f"unknown {half['unknown']}")
    typer.echo("")
    buckets = sorted({b for counts in result["by_axis"].values() for b in counts})
    print_rows([{"axis": axis, **counts} for axis, counts in result["by_axis"].items()], ["axis"] + buckets)
    typer.echo(f"\nArea method: {result['method']}.")
