"""The analyst's tools: tracker conflicts [decide], tracker pace."""

from typing import Annotated, Optional

import typer

from .common import MAX_ID, CampaignOption, CsvFlag, DbOption, JsonFlag, cli_errors, one_format, open_db, print_json, print_rows

app = typer.Typer()
conflicts_app = typer.Typer(help="Reports that disagree about a place, side by side; record what you decide")


@conflicts_app.callback(invoke_without_command=True)
def conflicts(ctx: typer.Context, campaign: CampaignOption = None, json_output: JsonFlag = False,
              csv_output: CsvFlag = False, db: DbOption = None):
    """List conflicting reports: the same capture on different days, a claim and a denial, a capture and a reversal,
    a capture then only a partial claim; each pair with both sources side by side."""
    if ctx.invoked_subcommand is not None:
        return
    from ..derive.conflicts import find_conflicts

    with cli_errors():
        fmt = one_format(json_output, csv_output)
        found = find_conflicts(open_db(db), campaign=campaign)
    if fmt == "json":
        print_json(found)
        return
    if not found:
        typer.echo("No conflicting reports: every place's reports agree (or none repeats another's claim).")
        return
    if fmt == "csv":
        rows = [{"locality": c["locality"], "kind": c["kind"],
                 **{f"{side}_{k}": c[side][k] for side in ("first", "second") for k in ("event_id", "date", "claim", "sources", "words")},
                 "decision": (c["decision"] or {}).get("decision")} for c in found]
        print_rows(rows, list(rows[0]), "csv")
        return
    for c in found:
        decision = c["decision"]
        status = f" [decided: {decision['decision']}, {decision['reason']}]" if decision else ""
        typer.echo(f"{c['locality']}: {c['kind']}{status}")
        for side in ("first", "second"):
            claim = c[side]
            typer.echo(f"  #{claim['event_id']} {claim['date']} {claim['claim']}{'' if claim['counts'] else ' (no longer counts)'}"
                       f" - {claim['sources'] or 'no source'}")
            if claim["words"]:
                typer.echo(f"      {claim['words'][:160]}")
    typer.echo(f"{len(found)} conflicts. Decide one with 'tracker conflicts decide A B --keep A --reason ...' "
               "or '--disputed'.")


@conflicts_app.command("decide")
def decide(
    first: Annotated[int, typer.Argument(help="One event of the conflict", min=1, max=MAX_ID)],
    second: Annotated[int, typer.Argument(help="The other event", min=1, max=MAX_ID)],
    keep: Annotated[Optional[int], typer.Option(help="Keep this one; the other is retracted with your reason", min=1, max=MAX_ID)] = None,
    disputed: Annotated[bool, typer.Option("--disputed", help="Keep both, marked disputed")] = False,
    reason: Annotated[str, typer.Option(help="Why")] = "",
    db: DbOption = None,
):
    """Record a decision on a conflict; nothing is deleted (a kept report's rival is retracted, with the reason)."""
    from ..record.conflicts import decide as run

    with cli_errors():
        result = run(open_db(db), first, second, keep=keep, disputed=disputed, reason=reason)
    if result["kept"]:
        other = [e for e in result["events"] if e != result["kept"]][0]
        typer.echo(f"Kept #{result['kept']}; #{other} no longer counts (retracted with your reason, still in the history).")
    else:
        typer.echo(f"#{result['events'][0]} and #{result['events'][1]} stay, marked disputed.")


@app.command()
def pace(
    axis: Annotated[Optional[str], typer.Option(help="Only this axis")] = None,
    window: Annotated[int, typer.Option(help="Days in each sliding window", min=1, max=365)] = 7,
    stall: Annotated[int, typer.Option(help="A stall is this many days or more without an advance", min=1, max=365)] = 14,
    start: Annotated[Optional[str], typer.Option("--from", help="First day [default: campaign start]")] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Last day [default: last event]")] = None,
    campaign: CampaignOption = None,
    json_output: JsonFlag = False,
    csv_output: CsvFlag = False,
    db: DbOption = None,
):
    """How fast each axis advanced: km a day toward the objective per window, places and km² taken a day, days
    since the last advance, and stalls."""
    from ..derive.pace import pace as run

    with cli_errors():
        fmt = one_format(json_output, csv_output)
        result = run(open_db(db), campaign=campaign, axis=axis, window=window, stall_days=stall, start=start, end=end)
    if fmt == "json":
        print_json(result)
        return
    if fmt == "csv":
        print_rows(result["windows"], list(result["windows"][0]) if result["windows"] else ["axis"], "csv")
        return
    typer.echo(f"{result['campaign']}: pace in {window}-day windows from {result['from']} to {result['to']} "
               f"(km a day toward {result['objective']}: outside the city to its outskirts, inside it to the final objective)")
    print_rows(result["windows"], ["axis", "from", "to", "km_per_day", "km", "places_per_day", "km2_per_day",
                                   "days_since_advance"],
               headers={"km_per_day": "km/day", "places_per_day": "places/day", "km2_per_day": "km²/day",
                        "days_since_advance": "idle days"})
    if result["stalls"]:
        typer.echo("")
        typer.echo(f"Stalls ({stall} days or more without an advance):")
        print_rows(result["stalls"], ["axis", "from", "to", "days", "front_at"])
    else:
        typer.echo(f"\nNo stall of {stall} days or more.")
