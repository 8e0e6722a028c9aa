"""Extraction across processes and on a Dask cluster gives exactly the single-process result."""

import sqlite3
import sys

import pytest

from conftest import ROOT
from tracker.store import TrackerDB
from tracker.extract.pipeline import extract_paths

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate_articles  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeded_db_file):
    folder = tmp_path_factory.mktemp("corpus")
    places = [p["name"] for p in TrackerDB(seeded_db_file).mapped_localities() if "(" not in p["name"]]
    for name, text in generate_articles(places, 130, size=2500):
        (folder / name).write_text(text)
    return folder


def queue(path):
    conn = sqlite3.connect(path)
    return conn.execute("SELECT id, source_id, extractor, locality_id, force_id, status, date, date_earliest, quote, "
                        "confidence FROM candidates ORDER BY id").fetchall()


def copy_db(seeded_db_file, path):
    source, target = sqlite3.connect(seeded_db_file), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    return path


def test_local_processes_and_dask_match_one_process(corpus, seeded_db_file, tmp_path):
    from distributed import LocalCluster

    single = copy_db(seeded_db_file, tmp_path / "single.db")
    report = extract_paths(TrackerDB(single), [corpus], workers=1)
    assert report["articles"] == 130 and report["new"] > 500
    local = copy_db(seeded_db_file, tmp_path / "local.db")
    extract_paths(TrackerDB(local), [corpus], workers=2)
    assert queue(local) == queue(single)
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                      processes=True) as cluster:
        on_dask = copy_db(seeded_db_file, tmp_path / "dask.db")
        extract_paths(TrackerDB(on_dask), [corpus], dask_address=cluster.scheduler_address)
    assert queue(on_dask) == queue(single)
