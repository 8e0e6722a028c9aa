"""tracker campaign add|list|axes."""

from typing import Annotated, Optional

import typer

from .common import DbOption, cli_errors, open_db, print_rows

app = typer.Typer(no_args_is_help=True, help="Track more than one offensive in one database")


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Short name, e.g. tal-afar")],
    objective: Annotated[str, typer.Option(help="The locality advanced on")],
    start: Annotated[Optional[str], typer.Option(help="Start date, YYYY-MM-DD")] = None,
    title: Annotated[Optional[str], typer.Option(help="Display title")] = None,
    outskirts: Annotated[Optional[str], typer.Option(help="Outline of the objective: POLYGON WKT or a GeoJSON file")] = None,
    outskirts_radius_km: Annotated[float, typer.Option(help="Without --outskirts: a circle this wide")] = 3.0,
    axes: Annotated[Optional[str], typer.Option(help="Axis sectors, e.g. north=315-45,east=45-135,south=135-225,west=225-315")] = None,
    region_km: Annotated[float, typer.Option(help="Radius of the campaign region for area estimates")] = 100.0,
    country: Annotated[Optional[str], typer.Option(help="Two-letter country code of the objective, where several places share its name")] = None,
    db: DbOption = None,
):
    """Add a campaign with its own objective, outskirts and axes; every locality is measured against it.

    The objective is a locality of the gazetteer, or a place the offline world gazetteer knows (GeoNames,
    IOM DTM): it is added with the provenance of its coordinate."""
    from ..record.campaigns import add_campaign

    with cli_errors():
        campaign = add_campaign(open_db(db), name, objective=objective, start=start, title=title, outskirts=outskirts,
                                outskirts_radius_km=outskirts_radius_km, axes=axes, region_km=region_km,
                                country=country)
    typer.echo(f"Added campaign {campaign['name']} ({campaign['title']}), objective at "
               f"{campaign['centre_latitude']:.4f} N {campaign['centre_longitude']:.4f} E, axes "
               f"{', '.join(a['name'] for a in campaign['axes'])}. Use --campaign {campaign['name']} on other commands.")


@app.command("list")
def list_campaigns(db: DbOption = None):
    """List the campaigns."""
    with cli_errors():
        rows = open_db(db).campaigns()
    for row in rows:
        row["axes"] = ", ".join(f"{a['name']} {a['from_deg']:g}-{a['to_deg']:g}" for a in row["axes"])
    print_rows(rows, ["id", "name", "title", "start_date", "region_km", "axes"])


@app.command("axes")
def set_axes(
    name: Annotated[str, typer.Argument(help="Campaign name")],
    axes: Annotated[str, typer.Option("--set", help="e.g. north=315-45,east=45-135,south=135-225,west=225-315")],
    db: DbOption = None,
):
    """Change a campaign's axis sectors; default axes of all localities are recomputed."""
    from ..model.axes import parse_axes

    with cli_errors():
        tdb = open_db(db)
        tdb.set_axes(name, parse_axes(axes))
    typer.echo(f"Axes of {name}: {axes}")
