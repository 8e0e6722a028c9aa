"""What every command shares: the --db option, error translation and output formats."""

import contextlib
import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ..model.errors import DuplicateEvent, TrackerError

if TYPE_CHECKING:
    from ..store import TrackerDB

DbOption = Annotated[
    Optional[Path],
    typer.Option("--db", envvar="TRACKER_DB", help="SQLite database file [default: db/tracker.db]", show_default=False),
]
CampaignOption = Annotated[Optional[str], typer.Option("--campaign", help="Campaign name [default: the first, mosul]")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON")]
MAX_ID = 2**63 - 1  # SQLite's largest integer: a larger id can name nothing
CsvFlag = Annotated[bool, typer.Option("--csv", help="Print CSV")]


def fail(message: str, code: int = 1):
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


_opened = {}  # the database this command opened, to name it in a fault's message


@contextlib.contextmanager
def cli_errors():
    """Show TrackerError, a database fault or an unusable file as one line on stderr and exit non-zero;
    anything else is a bug and keeps its traceback."""
    import sqlite3

    try:
        yield
    except DuplicateEvent as error:
        fail(str(error), 1)
    except TrackerError as error:
        fail(str(error), error.exit_code)
    except sqlite3.Error as error:
        from ..store.db import default_db_path, explain_fault

        fault = explain_fault(error, _opened.get("path") or default_db_path())
        fail(str(fault), fault.exit_code)
    except OSError as error:
        fail(f"{error.filename or 'a file'}: {error.strerror or error}", 3)


def open_db(db: Optional[Path], *, create: bool = False) -> "TrackerDB":
    from ..connect import open_db as connect

    tdb = connect(db, create=create)
    _opened["path"] = tdb.path
    return tdb


def one_format(json_output: bool, csv_output: bool) -> str:
    if json_output and csv_output:
        fail("Use just one of --json or --csv", 2)
    return "json" if json_output else "csv" if csv_output else "table"


def print_json(data):
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def print_rows(rows: list, columns: list, fmt: str = "table", headers: Optional[dict] = None):
    """Rows of dicts as an aligned text table, CSV or JSON."""
    if fmt == "json":
        print_json(rows)
        return
    if fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    headers = headers or {}
    cells = [[headers.get(c, c) for c in columns]] + [[_cell(row.get(c), c) for c in columns] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    for n, line in enumerate(cells):
        typer.echo("  ".join(value.ljust(width) for value, width in zip(line, widths)).rstrip())
        if n == 0:
            typer.echo("  ".join("-" * width for width in widths))


def _cell(value, column="") -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}" if column in ("latitude", "longitude") else f"{value:.1f}"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "..."


@contextlib.contextmanager
def progress_bar(label: str, unit: str = ""):
    """A callback(done, total) drawing a bar with the total and the time left on a terminal; None when piped."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = [TextColumn("{task.description}"), BarColumn(),
               MofNCompleteColumn() if unit != "bytes" else TextColumn("{task.percentage:>3.0f}%"),
               TextColumn("time left"), TimeRemainingColumn()]
    from rich.console import Console

    with Progress(*columns, transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=None)
        first = []

        def update(done, total):
            bar.update(task, completed=done, total=total)
            if not first:  # drawn at once, so even a short job shows its total
                first.append(True)
                bar.refresh()

        yield update
