"""Reliability under real processes on one real SQLite file: concurrency, crashes, backups, append-only."""

import csv
import json
import random
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path


import pytest
from typer.testing import CliRunner

from conftest import ROOT
from tracker.cli import app
from tracker.store import SCHEMA_VERSION, TrackerDB
from tracker.model.errors import TrackerError

WORKERS = ROOT / "tests" / "workers.py"


def spawn(*args):
    return subprocess.Popen([sys.executable, str(WORKERS), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_concurrent_writers_lose_nothing_and_readers_keep_answering(db_path):
    before = TrackerDB(db_path).counts()["events"]
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "tracker"), "serve", "--db", str(db_path),
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    statuses, stop = [], threading.Event()

    def read():
        while not stop.is_set():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/tracker/events.json?_size=5", timeout=10) as r:
                    statuses.append(r.status)
            except OSError as error:  # the server is still starting, or failed
                statuses.append(str(error))
            time.sleep(0.05)

    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        reader = threading.Thread(target=read)
        reader.start()
        adders = [spawn("add", worker, 500, db_path) for worker in range(4)]
        extractor = spawn("extract", db_path, ROOT / "tests" / "data" / "articles")
        reviewer = spawn("review", db_path, 20)
        results = [json.loads(p.communicate(timeout=600)[0].strip().splitlines()[-1]) for p in adders + [extractor, reviewer]]
        stop.set()
        reader.join()
    finally:
        server.terminate()
        server.wait(timeout=10)
    failures = [f for r in results for f in r["failed"]]
    assert failures == []
    assert [r["ok"] for r in results[:4]] == [500, 500, 500, 500]
    conn = sqlite3.connect(db_path)
    per_worker = dict(conn.execute("SELECT recorded_by, count(*) FROM events WHERE recorded_by LIKE 'worker:%' GROUP BY 1"))
    assert per_worker == {f"worker:{w}": 500 for w in range(4)}
    duplicates = conn.execute("SELECT count(*) FROM (SELECT locality_id, date, force_id, status FROM events "
                              "WHERE recorded_by LIKE 'worker:%' GROUP BY 1, 2, 3, 4 HAVING count(*) > 1)").fetchone()[0]
    assert duplicates == 0
    accepted = conn.execute("SELECT count(*), count(DISTINCT event_id) FROM reviews WHERE decision = 'accepted'").fetchone()
    new_from_review = conn.execute("SELECT count(*) FROM events WHERE recorded_by LIKE 'extractor:%'").fetchone()[0]
    assert accepted[0] >= 1 and conn.execute(
        "SELECT count(*) FROM reviews r LEFT JOIN events e ON e.id = r.event_id WHERE r.decision = 'accepted' AND e.id IS NULL"
    ).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == before + 2000 + new_from_review
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert statuses and all(s == 200 for s in statuses[-len(statuses) // 2:]), set(map(str, statuses))
    print(f"\nconcurrency: 4 x 500 adds + extract + review: {per_worker}; {accepted[0]} accepted; "
          f"{len(statuses)} Datasette reads, {sum(s == 200 for s in statuses)} answered 200")


def tracker_command(*args, db):
    return [str(Path(sys.executable).parent / "tracker"), *map(str, args), "--db", str(db)]


def timed_run(args, db) -> float:
    start = time.perf_counter()
    subprocess.run(tracker_command(*args, db=db), check=True, capture_output=True)
    return time.perf_counter() - start


def killed_copy(db_path, copy, args, delay):
    """Run `tracker ARGS` on a copy of the database, kill -9 it after `delay` s; the copy must still be sound."""
    shutil.copy(db_path, copy)
    process = subprocess.Popen(tracker_command(*args, db=copy), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return conn


def generated_acled_file(path, rows, db_path):
    """An ACLED-shaped file of territory events on 300 of the database's localities."""
    from tracker.interop.acled_samples import generate_acled, sample_locations

    with open(path, "w", newline="") as handle:
        generate_acled(handle, rows, sample_locations(TrackerDB(db_path), 300), territory_only=True)
    return path


def test_kill_9_during_imports_never_corrupts_or_half_writes(db_path, tmp_path):
    source = generated_acled_file(tmp_path / "batch.csv", 20_000, db_path)
    base = TrackerDB(db_path).counts()["events"]
    rng = random.Random(11)
    shutil.copy(db_path, tmp_path / "timing.db")
    # kill within a full run's duration, so most kills land mid-import on any machine
    duration = timed_run(["import", "acled", source], tmp_path / "timing.db")
    interrupted = 0
    for attempt in range(20):
        copy = tmp_path / f"attempt{attempt}.db"
        conn = killed_copy(db_path, copy, ["import", "acled", source], rng.uniform(0.15, 0.9) * duration)
        count = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        conn.close()
        assert count in (base, base + 20_000), count  # all of the batch or none of it
        interrupted += count == base
        subprocess.run(tracker_command("import", "acled", source, db=copy), check=True, capture_output=True)
        conn = sqlite3.connect(copy)
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == base + 20_000
        assert conn.execute("SELECT count(*) FROM (SELECT external_id FROM events WHERE external_id IS NOT NULL "
                            "GROUP BY 1 HAVING count(*) > 1)").fetchone()[0] == 0
        conn.close()
        copy.unlink()
    assert interrupted >= 10  # the kills did land before the commit
    print(f"\ncrash safety: 20 kill -9 during imports, {interrupted} mid-import, {20 - interrupted} after the commit; "
          "integrity ok, all-or-nothing and re-run complete every time")


def running(pid) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is gone
    except FileNotFoundError:
        return False


def test_kill_9_during_a_large_import_stops_its_reading_process_too(db_path, tmp_path):
    """Files over 20 MB are read by a forked process; killing the writer must not leave it running."""
    source = generated_acled_file(tmp_path / "large.csv", 70_000, db_path)
    before = TrackerDB(db_path).counts()["events"]
    process = subprocess.Popen(tracker_command("import", "acled", source, db=db_path),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 30
    while not children.read_text().split() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    readers = [int(pid) for pid in children.read_text().split()]
    assert readers, "the import did not start a reading process"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 5
    while any(map(running, readers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(running, readers)), "the reading process outlived the killed import"
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == before
    subprocess.run(tracker_command("import", "acled", source, db=db_path), check=True, capture_output=True)
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == before + 70_000


def test_backup_while_writing_restores_the_same_events(db_path, tmp_path):
    writer = spawn("add", 0, 300, db_path)
    time.sleep(1.0)
    copy = tmp_path / "backup.db"
    result = TrackerDB(db_path).backup(copy)
    writer.communicate(timeout=300)
    restored = sqlite3.connect(copy)
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copied = restored.execute("SELECT * FROM events ORDER BY id").fetchall()
    original = sqlite3.connect(db_path).execute("SELECT * FROM events ORDER BY id").fetchall()
    assert copied == original[:len(copied)] and result["events"] == len(copied) >= 35


def test_no_code_path_updates_or_deletes_recorded_facts():
    statement = re.compile(r"\b(?:UPDATE|DELETE\s+FROM)\s+(events|event_sources|retractions|candidates|reviews)\b", re.I)
    offenders = []
    for path in (ROOT / "tracker").rglob("*.py"):
        if path.name == "migrations.py":
            continue  # the triggers that forbid it
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if statement.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_kill_9_during_extraction_writes(db_path, tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate_articles

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    places = [p["name"] for p in TrackerDB(db_path).mapped_localities() if "(" not in p["name"]]
    for name, text in generate_articles(places, 300, size=3000):
        (corpus / name).write_text(text)
    reference = tmp_path / "reference.db"
    shutil.copy(db_path, reference)
    duration = timed_run(["extract", corpus, "--workers", "1"], reference)
    expected = sqlite3.connect(reference).execute("SELECT count(*) FROM candidates").fetchone()[0]
    per_article = "SELECT s.key, count(c.id) FROM sources s JOIN candidates c ON c.source_id = s.id GROUP BY s.key"
    reference_counts = dict(sqlite3.connect(reference).execute(per_article).fetchall())
    rng = random.Random(5)
    for attempt in range(10):
        copy = tmp_path / f"extract{attempt}.db"
        conn = killed_copy(db_path, copy, ["extract", corpus, "--workers", "1"], rng.uniform(0.3, 0.9) * duration)
        # each article's candidates are written together: every article is all there or absent
        assert all(reference_counts[key] == count for key, count in conn.execute(per_article).fetchall())
        conn.close()
        subprocess.run(tracker_command("extract", corpus, "--workers", "1", db=copy), capture_output=True)
        assert sqlite3.connect(copy).execute("SELECT count(*) FROM candidates").fetchone()[0] == expected
        copy.unlink()
    print(f"\ncrash safety (extraction): 10 kill -9 during extract of 300 articles; every article all-or-nothing; "
          f"re-runs complete with {expected} candidates, no duplicates")


def old_style_seeds(folder):
    """The bundled seeds in the shape a database of that age could hold: no city files, start state, final
    objective, summaries or inferences."""
    import json
    import shutil

    from tracker.record.seeds import SEEDS_DIR

    folder.mkdir()
    for name in ("forces.csv", "gazetteer.csv", "sources.csv"):
        shutil.copy(SEEDS_DIR / name, folder / name)
    campaigns = json.loads((SEEDS_DIR / "campaigns.json").read_text(encoding="utf-8"))
    for campaign in campaigns:
        campaign.pop("final_objective", None)
    (folder / "campaigns.json").write_text(json.dumps(campaigns), encoding="utf-8")
    with open(SEEDS_DIR / "events.csv", newline="", encoding="utf-8") as source, \
            open(folder / "events.csv", "w", newline="", encoding="utf-8") as target:
        rows = [r for r in csv.DictReader(source)]
        known = {r["name"] for r in csv.DictReader(open(SEEDS_DIR / "gazetteer.csv", encoding="utf-8")) if r["lat"]}
        columns = [c for c in rows[0] if c not in ("summary", "inferred")]
        writer = csv.DictWriter(target, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(r for r in rows if r["locality"] in known)
    return folder


def test_upgrading_a_database_keeps_its_facts_and_its_rules(tmp_path):
    """A database made before m005 (IN-list CHECKs) upgrades in place: same events, same rules, file intact."""
    from sqlite_utils import Database

    from tracker.store.migrations import migrations
    from tracker.record.seeds import load_seeds

    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before="m005_checks_without_in_lists")
    old.execute("PRAGMA user_version = 4")
    old.conn.row_factory = sqlite3.Row  # as TrackerDB opens it
    load_seeds(TrackerDB.from_connection(old.conn), old_style_seeds(tmp_path / "seeds"))
    assert "status IN (" in old.execute("SELECT sql FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    events_before = [tuple(r) for r in old.execute("SELECT * FROM events ORDER BY id")]
    old.conn.close()
    with pytest.raises(TrackerError, match="tracker init"):
        TrackerDB(path)
    result = CliRunner().invoke(app, ["init", "--db", str(path)])
    assert result.exit_code == 0, result.output
    upgraded = sqlite3.connect(path)
    assert upgraded.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert upgraded.execute("SELECT count(*) FROM sqlite_master WHERE sql LIKE '%IN (''%'").fetchone()[0] == 0
    after_init = upgraded.execute("SELECT count(*) FROM events").fetchone()[0]
    kept = upgraded.execute("SELECT * FROM events WHERE id <= ? ORDER BY id", [len(events_before)]).fetchall()
    assert [row[:len(events_before[0])] for row in kept] == events_before  # the new columns come after, empty
    assert all(value is None for row in kept for value in row[len(events_before[0]):])
    assert len(events_before) > 50
    for column, value in {"status": "bogus", "date_precision": "weekish"}.items():
        row = {"campaign_id": 1, "locality_id": 1, "date": "2016-11-01", "date_earliest": "2016-11-01",
               "date_precision": "day", "status": "captured", "force_id": 1, "recorded_at": "now", "recorded_by": "test",
               column: value}
        with pytest.raises(sqlite3.IntegrityError, match=f"CHECK constraint failed: {column} = "):
            upgraded.execute(f"INSERT INTO events ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                             list(row.values()))
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed: side = "):
        upgraded.execute("INSERT INTO forces (name, side) VALUES ('New force', 'neutral')")
    assert upgraded.execute("SELECT count(*) FROM events").fetchone()[0] == after_init  # the refused rows left nothing
