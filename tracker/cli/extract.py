"""Extraction: tracker extract, review, eval, plugins."""

import json
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from ..model.dates import date_span

from .common import MAX_ID, DbOption, JsonFlag, cli_errors, fail, open_db, print_json, print_rows, progress_bar

app = typer.Typer()
review_app = typer.Typer(help="Accept or reject extracted candidates; with no command, review them one by one")

PluginsDir = Annotated[Optional[Path], typer.Option("--plugins-dir", envvar="TRACKER_PLUGINS_DIR",
                                                    help="Folder of drop-in plugin .py files [default: ./plugins]")]


@app.command()
def extract(
    paths: Annotated[List[Path], typer.Argument(help="Article files or folders (.txt, .html, .jsonl)")],
    extractor: Annotated[Optional[str], typer.Option(help="Run only this extractor")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date, YYYY-MM-DD [default: from the text]")] = None,
    url: Annotated[Optional[str], typer.Option(help="URL of the article")] = None,
    publisher: Annotated[Optional[str], typer.Option(help="Publisher of the article")] = None,
    title: Annotated[Optional[str], typer.Option(help="Title of the article")] = None,
    workers: Annotated[int, typer.Option(help="Local processes that read and extract [default: all cores]", min=0, max=256)] = 0,
    dask: Annotated[Optional[str], typer.Option(help="Run on a Dask cluster: scheduler address, e.g. tcp://10.0.0.5:8786")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds an extractor may take per article; one that runs past it twice in a batch is skipped", min=0.1, max=3600)] = 10.0,
    campaign: Annotated[Optional[str], typer.Option(help="Assign every candidate to this campaign [default: the one whose region holds its place]")] = None,
    plugins_dir: PluginsDir = None,
    json_output: JsonFlag = False,
    db: DbOption = None,
):
    """Extract candidate events from articles into the review queue (nothing counts until accepted)."""
    import os

    from ..model.dates import parse_day
    from ..extract.pipeline import extract_paths

    with cli_errors(), progress_bar("Extracting", "files") as progress:
        if published:
            published = parse_day(published, "--published date").isoformat()
        tdb = open_db(db)
        if campaign:
            campaign = tdb.campaign(campaign)["name"]
        report = extract_paths(tdb, paths, extractor=extractor, published=published, url=url,
                               publisher=publisher, title=title, plugins_dir=plugins_dir,
                               workers=workers or os.cpu_count() or 1, dask_address=dask, timeout=timeout,
                               campaign=campaign, progress=progress)
    for problem in report["problems"]:
        typer.echo(f"Problem: {problem}", err=True)
    if json_output:
        print_json(report)
    else:
        for c in report["candidates"]:
            date = c["date"] if c["date_precision"] == "day" else f"{c['date_earliest']}/{c['date']}"
            place = "" if c["locality_id"] else f" ({(c['resolution'] or 'not in the gazetteer')[:70]})"
            typer.echo(f"#{c['id']}{'' if c['new'] else ' (already queued)'} {c['locality']}{place} {c['status']} by "
                       f"{c['force']} on {date} [{c['extractor']}, confidence {c['confidence']:.2f}]")
            typer.echo(f"    \"{c['quote']}\"")
        typer.echo(f"{report['articles']} article(s), {len(report['candidates'])} candidate(s), {report['new']} new "
                   f"in the review queue. Review them with 'tracker review'.")
    if report["problems"]:
        raise typer.Exit(1)


REVIEW_COLUMNS = ["id", "locality", "status", "force", "date", "confidence", "extractor", "decision", "quote"]


@review_app.callback(invoke_without_command=True)
def review(ctx: typer.Context, db: DbOption = None):
    """With no command: show each pending candidate's quote and ask accept, reject, skip or quit."""
    if ctx.invoked_subcommand is not None:
        return
    from ..record import review as reviewing

    with cli_errors():
        tdb = open_db(db)
        pending = tdb.candidates("pending")
    if not pending:
        typer.echo("Nothing to review.")
        return
    for c in pending:
        typer.echo(f"\n#{c['id']} {c['locality']} {c['status']} by {c['force']} on {c['date']} "
                   f"({c['extractor']}, confidence {c['confidence']:.2f})\n    \"{c['quote']}\"\n    source: {c['source_url'] or c['source_key']}")
        with cli_errors():
            _echo_consequences(tdb, c["id"])
        answer = typer.prompt("[a]ccept, [r]eject, [s]kip, [q]uit", default="s").strip().lower()[:1]
        with cli_errors():
            if answer == "a":
                event = reviewing.accept(tdb, c["id"])
                typer.echo(f"Accepted as event #{event['id']}.")
            elif answer == "r":
                reason = typer.prompt("Reason")
                reviewing.reject(tdb, c["id"], reason=reason)
                typer.echo("Rejected.")
            elif answer == "q":
                return


def _echo_consequences(tdb, candidate_id):
    from ..record.consequences import consequences

    found = consequences(tdb, candidate_id)
    if found["note"]:
        typer.echo(f"    ({found['note']})")
        return
    recorded = ", ".join(f"#{e['event_id']} {e['date']} {e['status']} by {e['force']}" for e in found["recorded"][-4:])
    typer.echo(f"    recorded for {found['locality']}: {recorded or 'nothing yet'}")
    typer.echo(f"    accepting: {found['holder_before']} -> {found['holder_after']} on that day")
    for change in found["front_changes"]:
        typer.echo(f"    front, {change['axis']} axis: {change['before']} -> {change['after']}")
    if not found["front_changes"]:
        typer.echo("    front: no axis moves")
    for conflict in found["conflicts"]:
        typer.echo(f"    conflict: {conflict}")


@review_app.command("show")
def review_show(
    candidate_id: Annotated[int, typer.Argument(help="Candidate id", min=1, max=MAX_ID)],
    json_output: JsonFlag = False,
    db: DbOption = None,
):
    """What accepting a candidate would change: the place's holder on the day, the front per axis, conflicts."""
    from ..record.consequences import consequences

    with cli_errors():
        tdb = open_db(db)
        c = tdb.candidate(candidate_id)
        if json_output:
            print_json(consequences(tdb, candidate_id))
            return
        typer.echo(f"#{c['id']} {c['locality'] or c['locality_text']} {c['status']} by {c['force'] or c['force_text']} on "
                   f"{date_span(c['date_earliest'], c['date'])} ({c['extractor']}, confidence {c['confidence']:.2f})")
        typer.echo(f"    \"{c['quote']}\"")
        _echo_consequences(tdb, candidate_id)


def _chosen(tdb, ids, every, extractor, min_confidence, campaign, place):
    """The ids given, or with --all the pending candidates the filters keep."""
    from ..model.errors import InvalidInput

    if ids and every:
        raise InvalidInput("Give candidate ids or --all with filters, not both")
    if not ids and not every:
        raise InvalidInput("Give candidate ids, or --all (with --extractor, --min-confidence, --campaign, --place)")
    if ids:
        return ids
    folded = place.casefold() if place else None
    return [c["id"] for c in tdb.candidates("pending")
            if (not extractor or c["extractor"] == extractor)
            and (min_confidence is None or (c["confidence"] or 0) >= min_confidence)
            and (not campaign or c["campaign"] == campaign)
            and (not folded or folded in (c["locality"] or c["locality_text"] or "").casefold())]


Every = Annotated[bool, typer.Option("--all", help="Every pending candidate the filters keep")]
ExtractorFilter = Annotated[Optional[str], typer.Option("--extractor", help="With --all: only this extractor's")]
ConfidenceFilter = Annotated[Optional[float], typer.Option("--min-confidence", help="With --all: only at least this confident", min=0, max=1)]
CampaignFilter = Annotated[Optional[str], typer.Option("--in-campaign", help="With --all: only this campaign's")]
PlaceFilter = Annotated[Optional[str], typer.Option("--place", help="With --all: only places whose name contains this")]


@review_app.command("list")
def review_list(
    all_: Annotated[bool, typer.Option("--all", help="Include accepted and rejected candidates")] = False,
    json_output: JsonFlag = False,
    db: DbOption = None,
):
    """List candidates waiting for review."""
    with cli_errors():
        rows = open_db(db).candidates("all" if all_ else "pending")
    if not json_output:
        rows = [dict(r, date=date_span(r["date_earliest"], r["date"])) for r in rows]
    print_rows(rows, REVIEW_COLUMNS, "json" if json_output else "table")


@review_app.command("accept")
def review_accept(
    ids: Annotated[Optional[List[int]], typer.Argument(help="Candidate ids", min=1, max=MAX_ID)] = None,
    every: Every = False,
    only_extractor: ExtractorFilter = None,
    min_confidence: ConfidenceFilter = None,
    in_campaign: CampaignFilter = None,
    place: PlaceFilter = None,
    reason: Annotated[Optional[str], typer.Option(help="Why (kept with the decision)")] = None,
    date: Annotated[Optional[str], typer.Option(help="Date to use instead of the extracted one")] = None,
    allow_any_date: Annotated[bool, typer.Option(help="Accept dates before the campaign start or in the future")] = False,
    locality: Annotated[Optional[str], typer.Option(help="A gazetteer place instead of the extracted one")] = None,
    force: Annotated[Optional[str], typer.Option(help="A known force instead of the extracted one")] = None,
    status: Annotated[Optional[str], typer.Option(help="A status instead of the extracted one")] = None,
    axis: Annotated[Optional[str], typer.Option(help="An axis instead of the extracted one")] = None,
    lat: Annotated[Optional[float], typer.Option("--lat", help="Position of a place no gazetteer knows (WGS84)")] = None,
    lon: Annotated[Optional[float], typer.Option("--lon", help="Position of a place no gazetteer knows (WGS84)")] = None,
    choice: Annotated[Optional[int], typer.Option(help="Which of the places of that name (1, 2, ...) it is", min=1, max=50)] = None,
    side: Annotated[Optional[str], typer.Option(help="Side of a force the database does not know: attacker, defender, other")] = None,
    campaign: Annotated[Optional[str], typer.Option(help="The campaign the event belongs to")] = None,
    db: DbOption = None,
):
    """Accept candidates: each becomes an event citing its article (or adds the article to the same event);
    correct any field on the way (the event notes it was edited)."""
    from ..record import review as reviewing

    with cli_errors():
        tdb = open_db(db)
        chosen = _chosen(tdb, ids, every, only_extractor, min_confidence, in_campaign, place)
        if not chosen:
            typer.echo("No pending candidate matches those filters.")
            return
        for candidate_id in chosen:
            event = reviewing.accept(tdb, candidate_id, date=date, allow_any_date=allow_any_date, locality=locality,
                                     force=force, status=status, axis=axis, latitude=lat, longitude=lon,
                                     choice=choice, side=side, campaign=campaign, reason=reason)
            typer.echo(f"Candidate #{candidate_id} accepted: event #{event['id']} {event['locality']} {event['status']} "
                       f"by {event['force']} on {event['date']} (sources: {event['sources']})")


@review_app.command("reject")
def review_reject(
    ids: Annotated[Optional[List[int]], typer.Argument(help="Candidate ids", min=1, max=MAX_ID)] = None,
    reason: Annotated[str, typer.Option(help="Why it is not an event")] = "",
    every: Every = False,
    only_extractor: ExtractorFilter = None,
    min_confidence: ConfidenceFilter = None,
    in_campaign: CampaignFilter = None,
    place: PlaceFilter = None,
    db: DbOption = None,
):
    """Reject candidates, with a reason; they stay in the queue's history."""
    from ..record import review as reviewing

    with cli_errors():
        tdb = open_db(db)
        chosen = _chosen(tdb, ids, every, only_extractor, min_confidence, in_campaign, place)
        if not chosen:
            typer.echo("No pending candidate matches those filters.")
            return
        for candidate_id in chosen:
            reviewing.reject(tdb, candidate_id, reason=reason)
            typer.echo(f"Candidate #{candidate_id} rejected.")


@app.command("eval")
def evaluate(
    labels: Annotated[Path, typer.Argument(help="A labelled folder (labels.csv beside articles/, as ../shared/devset) or a labels CSV")],
    articles_dir: Annotated[Optional[Path], typer.Argument(help="With a labels CSV: the folder of the labelled articles")] = None,
    extractor: Annotated[Optional[str], typer.Option(help="Score only this extractor")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every miss, extra and wrong date")] = False,
    plugins_dir: PluginsDir = None,
    json_output: JsonFlag = False,
    db: DbOption = None,
):
    """Score extractors against hand labels: precision, recall, F1 and exact dates, overall and per theatre."""
    from ..extract.evaluation import evaluate as run
    from ..extract.pipeline import choose_extractors

    if not labels.exists():
        fail(f"No labels at {labels}: give a labelled folder or a labels CSV", 2)
    with cli_errors():
        result = run(open_db(db), labels, articles_dir, choose_extractors(extractor, plugins_dir))
    if json_output:
        print_json(result)
        return

    def line(name, r):
        share = f"{r['date_exact_share']:.2f}" if r["date_exact_share"] is not None else "-"
        return (f"{name:<22} P {r['precision']:.2f}  R {r['recall']:.2f}  F1 {r['f1']:.2f}  exact dates {share} "
                f"({r['dates_exact']})  labels {r['labels']}, candidates {r['candidates']}")

    typer.echo(line("all", result))
    for theatre, scores in result["theatres"].items():
        typer.echo(line(f"{theatre} ({scores['articles']} art.)", scores))
    if verbose:
        for kind in ("missed", "spurious", "wrong_dates"):
            for entry in result[kind]:
                typer.echo(f"  {kind.replace('_', ' ')}: {entry}")
    for problem in result["problems"]:
        typer.echo(f"Problem: {problem}", err=True)


@app.command()
def plugins(
    all_: Annotated[bool, typer.Option("--all", help="Include the bundled plugins")] = False,
    plugins_dir: PluginsDir = None,
):
    """List the loaded plugins and the hooks each implements (JSON)."""
    from ..plugins import get_plugins, load_plugins

    for problem in load_plugins(plugins_dir):
        typer.echo(f"Problem: {problem}", err=True)
    typer.echo(json.dumps(get_plugins(all=all_), indent=2))
