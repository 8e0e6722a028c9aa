import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli import app
from tracker.store import TrackerDB
from tracker.record.seeds import load_seeds

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    sys._called_from_test = True


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch, tmp_path):
    for name in ("TRACKER_DB", "TRACKER_PLUGINS_DIR", "TRACKER_LOAD_PLUGINS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def seeded_db_file(tmp_path_factory):
    """The bundled Mosul campaign, built once per test session."""
    path = tmp_path_factory.mktemp("seeded") / "tracker.db"
    tdb = TrackerDB(path, create=True)
    load_seeds(tdb)
    tdb.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tdb.close()
    return path


@pytest.fixture
def db_path(seeded_db_file, tmp_path):
    """A private copy of the seeded database, for tests that write."""
    path = tmp_path / "tracker.db"
    source = sqlite3.connect(seeded_db_file)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    return path


@pytest.fixture
def tdb(db_path):
    database = TrackerDB(db_path)
    yield database
    database.close()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def cli(runner, db_path):
    """Run `tracker ARGS --db <copy>` in-process; returns the Result."""

    def invoke(*args, db=True):
        argv = list(args) + (["--db", str(db_path)] if db else [])
        return runner.invoke(app, argv)

    return invoke


def dump(path) -> dict:
    """Every row of every table, for before/after comparisons."""
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    data = {t: conn.execute(f"SELECT * FROM [{t}] ORDER BY 1, 2").fetchall() for t in tables}
    conn.close()
    return data


@pytest.fixture
def shared_dir():
    if not SHARED.exists():
        pytest.skip("../shared is not beside this clone")
    return SHARED
