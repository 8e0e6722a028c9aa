"""1,000,000 ACLED-shaped events: tracker import vs bare executemany and sqlite-utils insert --csv; then front/status.

Also UCDP GED fighting reports (GED_ROWS, 100,000): rows per second against a bare executemany.

Targets: import <= 2x a bare sqlite3.executemany of the same rows into a plain table, >= 10x faster than
`sqlite-utils insert --csv`, peak memory < 1 GB; `tracker front` and `tracker status --as-of` <= 1 s each
on the result (1M events, ~10,000 localities). Set ROWS=200000 for a quicker run.
"""

import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tracker.interop.acled_samples import generate_acled, synthetic_locations

ROWS = int(os.environ.get("ROWS", 1_000_000))
BIN = Path(sys.executable).parent


def tree_rss_mb(pid) -> float:
    """Resident memory of a process and its descendants (shared pages counted in each: an upper bound)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) if "VmRSS:" in status else 0
            todo += map(int, Path(f"/proc/{current}/task/{current}/children").read_text().split())
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total / 1024


def run(argv, label):
    """Run a command; elapsed seconds, peak memory of its whole process tree (sampled every 20 ms), stdout."""
    os.sync()  # the previous step's writes go to disk now, not during this step's timing
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], tree_rss_mb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{label} failed: {stderr[-2000:]}")
    return elapsed, peak[0], stdout


def bare_executemany(csv_path, db_path):
    os.sync()
    start = time.perf_counter()
    conn = sqlite3.connect(db_path)
    with open(csv_path, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        conn.execute(f"CREATE TABLE rows ({', '.join(f'[{c}] TEXT' for c in header)})")
        with conn:
            conn.executemany(f"INSERT INTO rows VALUES ({', '.join('?' for _ in header)})", reader)
    conn.close()
    return time.perf_counter() - start


GED_ROWS = int(os.environ.get("GED_ROWS", 100_000))


def ged_rows(work, db):
    """UCDP GED fighting reports: tracker import ucdp against a bare executemany of the same rows, rows per second.
    The rows are the project's own, in GED's exact header, spread over the campaign region."""
    import random

    header = ["id", "year", "side_a", "side_b", "type_of_violence", "where_prec", "where_coordinates", "latitude",
              "longitude", "date_start", "date_end", "date_prec", "event_clarity", "low", "best", "high",
              "source_headline", "source_office", "source_date"]
    path = work / "ged.csv"
    rng = random.Random(7)
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for n in range(GED_ROWS):
            day = f"2017-{rng.randint(1, 7):02d}-{rng.randint(1, 28):02d}"
            writer.writerow([n + 1, 2017, "Government of Iraq", "IS", 1, rng.choice((1, 1, 1, 2, 4)),
                             f"place {n % 500}", round(36.35 + rng.uniform(-0.8, 0.8), 5),
                             round(43.15 + rng.uniform(-0.9, 0.9), 5), day, day, 1, 1, 0, rng.randint(0, 5), 6,
                             f"generated report {n}", "bench", day])
    bare = bare_executemany(path, work / "ged-bare.db")
    elapsed, peak, out = run([str(BIN / "tracker"), "import", "ucdp", str(path), "--db", str(db)], "import ucdp")
    print(f"tracker import ucdp, {GED_ROWS:,} GED rows: {elapsed:.1f} s ({GED_ROWS / elapsed:,.0f} rows/s), "
          f"peak {peak:.0f} MB; bare executemany {bare:.1f} s ({GED_ROWS / bare:,.0f} rows/s), ratio {elapsed / bare:.1f}x")


def main():
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        csv_path = work / "acled.csv"
        start = time.perf_counter()
        with open(csv_path, "w", newline="") as handle:
            generate_acled(handle, ROWS, synthetic_locations(10_000), territory_only=True)
        print(f"generated {ROWS:,} ACLED territory rows on 10,000 locations "
              f"({csv_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s")

        bare = bare_executemany(csv_path, work / "bare.db")
        print(f"baseline bare sqlite3.executemany into a plain table: {bare:.1f} s")

        db = work / "tracker.db"
        run([str(BIN / "tracker"), "init", "--no-events", "--db", str(db)], "init")
        elapsed, peak, out = run([str(BIN / "tracker"), "import", "acled", str(csv_path), "--add-locations",
                                  "--db", str(db)], "import")
        print(f"tracker import acled: {elapsed:.1f} s, peak memory {peak:.0f} MB; {out.strip()[:200]}")
        print(f"  ratio to bare executemany: {elapsed / bare:.2f}x (target <= 2x)")

        if os.environ.get("SKIP_SQLITE_UTILS"):
            print("sqlite-utils insert --csv: skipped (SKIP_SQLITE_UTILS)")
        else:
            su, _, _ = run([str(BIN / "sqlite-utils"), "insert", str(work / "su.db"), "rows", str(csv_path), "--csv"],
                           "sqlite-utils")
            print(f"sqlite-utils insert --csv: {su:.1f} s; tracker import is {su / elapsed:.1f}x faster (target >= 10x)")

        ged_rows(work, db)

        # Nothing derived is cached: the first run after the import is as cold as it gets.
        for label, argv in [
            ("tracker front (every day x every axis), first run", ["front", "--json"]),
            ("tracker front, second run", ["front", "--json"]),
            ("tracker status --as-of 2017-03-01, first run", ["status", "--as-of", "2017-03-01", "--json"]),
            ("tracker status --as-of 2016-11-15, second date", ["status", "--as-of", "2016-11-15", "--json"]),
        ]:
            elapsed, peak, out = run([str(BIN / "tracker"), *argv, "--db", str(db)], label)
            print(f"{label}: {elapsed:.2f} s, peak {peak:.0f} MB (target <= 1 s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
