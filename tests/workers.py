"""Worker processes for the reliability tests: each drives the real CLI in a loop.

    python tests/workers.py add WORKER COUNT DB      COUNT distinct `tracker add` calls
    python tests/workers.py extract DB FOLDER        `tracker extract FOLDER`
    python tests/workers.py review DB SECONDS        accept pending candidates as they appear
Prints one JSON line: {"ok": n, "failed": [...messages...]}.
"""

import datetime as dt
import io
import json
import sys
import time
from contextlib import redirect_stderr, redirect_stdout

from tracker.cli import app
from tracker.store import TrackerDB

FORCES = ["CTS", "Iraqi army", "Federal Police", "peshmerga"]


def cli(args):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            app(args)
            code = 0
        except SystemExit as exit:
            code = exit.code or 0
    return code, out.getvalue() + err.getvalue()


def add(worker, count, db):
    names = [p["name"] for p in TrackerDB(db).mapped_localities()][:count]
    start = dt.date(2016, 10, 17)
    ok, failed = 0, []
    for i, name in enumerate(names):
        code, output = cli(["add", name, "--by", FORCES[worker], "--date", (start + dt.timedelta(days=i % 250)).isoformat(),
                            "--status", "contested", "--recorded-by", f"worker:{worker}", "--db", db])
        if code == 0:
            ok += 1
        else:
            failed.append(output.strip()[:200])
    return ok, failed


def extract(db, folder):
    code, output = cli(["extract", folder, "--workers", "1", "--db", db])
    return (1, []) if code == 0 else (0, [output.strip()[:300]])


def review(db, seconds):
    ok, failed, deadline = 0, [], time.time() + float(seconds)
    while time.time() < deadline:
        pending = TrackerDB(db).candidates("pending")
        if not pending:
            time.sleep(0.05)
            continue
        for candidate in pending:
            code, output = cli(["review", "accept", str(candidate["id"]), "--allow-any-date", "--db", db])
            if code == 0:
                ok += 1
            elif "already accepted" not in output:
                failed.append(output.strip()[:200])
    return ok, failed


if __name__ == "__main__":
    kind, *args = sys.argv[1:]
    if kind == "add":
        ok, failed = add(int(args[0]), int(args[1]), args[2])
    elif kind == "extract":
        ok, failed = extract(*args)
    else:
        ok, failed = review(*args)
    print(json.dumps({"ok": ok, "failed": failed}))
