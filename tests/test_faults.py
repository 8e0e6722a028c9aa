"""Database faults meet the user as one line saying what is wrong and what to do: never a traceback.

Each case is a real file in a real state: locked by another process, truncated, not a database, a folder,
read-only, in a read-only folder, a full database. Read-only cases use the immutable attribute, which binds
root too (tests run as root in CI).
"""

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tracker.store.db import explain_fault

TRACKER = str(Path(sys.executable).parent / "tracker")


def run(*args, env=None):
    result = subprocess.run([TRACKER, *map(str, args)], capture_output=True, text=True, timeout=120,
                            env={**os.environ, **(env or {})})
    assert "Traceback" not in result.stderr, result.stderr
    return result


def one_line_error(result, *words):
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_a_lock_held_past_the_timeout_says_retry(db_path):
    holder = subprocess.Popen([sys.executable, "-c", f"""
import sqlite3, sys, time
conn = sqlite3.connect({str(db_path)!r}, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(30)
"""], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.time()
        result = run("add", "Gogjali", "--by", "CTS", "--date", "2016-11-01", "--db", db_path,
                     env={"TRACKER_BUSY_TIMEOUT": "1"})
        one_line_error(result, "locked", "retry")
        assert time.time() - started < 20
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("damage", ["truncated", "not a database"])
def test_a_damaged_file_says_restore_from_backup(db_path, damage):
    if damage == "truncated":
        with open(db_path, "r+b") as handle:
            handle.truncate(os.path.getsize(db_path) // 3)
    else:
        db_path.write_text("this is a text file, not SQLite\n" * 100)
    for path in db_path.parent.glob("*.db-*"):
        path.unlink()
    for args in (("status", "--as-of", "2016-11-01"), ("add", "Gogjali", "--by", "CTS", "--date", "2016-11-01"),
                 ("front",), ("events",)):
        one_line_error(run(*args, "--db", db_path), "tracker backup")


def test_a_folder_is_not_a_database(tmp_path):
    one_line_error(run("status", "--db", tmp_path), "folder")


@contextlib.contextmanager
def read_only(*paths):
    """Make files and folders read-only for everyone, root included (the immutable attribute); undone after."""
    locked = []
    try:
        for path in paths:
            if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
                pytest.skip("chattr +i is not permitted here")
            locked.append(path)
        yield
    finally:
        for path in reversed(locked):
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_a_read_only_file_can_be_read_and_refuses_writes_saying_why(db_path):
    with read_only(db_path):
        status = run("status", "--as-of", "2016-11-01", "--db", db_path)
        assert status.returncode == 0 and "EAST axis" in status.stdout
        one_line_error(run("add", "Gogjali", "--by", "CTS", "--date", "2016-11-01", "--db", db_path),
                       "read-only", "permission")


def test_a_database_in_a_read_only_folder_can_still_be_read_and_served(seeded_db_file, tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    shutil.copy(seeded_db_file, folder / "tracker.db")
    with read_only(folder / "tracker.db", folder):
        status = run("status", "--as-of", "2016-11-01", "--db", folder / "tracker.db")
        assert status.returncode == 0, status.stderr
        assert "EAST axis" in status.stdout
        one_line_error(run("add", "Gogjali", "--by", "CTS", "--date", "2016-11-01", "--db", folder / "tracker.db"),
                       "read-only")
        port = free_port()
        server = subprocess.Popen([TRACKER, "serve", "--db", str(folder / "tracker.db"), "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            events = None
            for _ in range(100):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/tracker/events.json?_shape=array", timeout=5) as r:
                        events = json.load(r)
                    break
                except OSError:
                    time.sleep(0.2)
            assert events, "the read-only database was not served"
        finally:
            server.terminate()
            server.wait(timeout=10)


def free_port():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_full_database_is_explained_from_the_real_sqlite_error(tmp_path):
    conn = sqlite3.connect(tmp_path / "small.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA max_page_count = 2")
    with pytest.raises(sqlite3.Error) as caught:
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
    message = str(explain_fault(caught.value, tmp_path / "small.db"))
    assert "full" in message and "nothing was written" in message
