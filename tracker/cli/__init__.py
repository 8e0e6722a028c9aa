"""The `tracker` command line: a thin layer over tracker.db and tracker.reports."""

import typer

from . import admin, analysis, analyst, campaign, extract, interop, record, serve

app = typer.Typer(
    help="frontline: record who took which locality, when, on which axis, and from what source.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(admin.app)
app.add_typer(record.app)
app.add_typer(record.locality_app, name="locality", help="Add to the gazetteer")
app.add_typer(record.force_app, name="force", help="Add forces and aliases")
app.add_typer(analysis.app)
app.add_typer(analyst.app)
app.add_typer(analyst.conflicts_app, name="conflicts")
app.add_typer(serve.app)
app.add_typer(extract.app)
app.add_typer(extract.review_app, name="review")
app.add_typer(interop.app)
app.add_typer(interop.import_app, name="import")
app.add_typer(campaign.app, name="campaign")


def main():
    app()
