"""`tracker init` and `tracker add` as whole processes, against sqlite-utils doing the bare writes, same run.

Targets: tracker init under 2 s (the whole bundled campaign: gazetteer, city, region, start state, events);
tracker add under 0.15 s wall and at least 2x faster than `sqlite-utils insert` of one row.
"""

import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 21
BIN = Path(sys.executable).parent


def timed(argv, env=None):
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} failed: {result.stderr.strip()}")
    return elapsed


def main():
    work = Path(tempfile.mkdtemp(prefix="bench-add-"))
    # pip byte-compiles installed packages; an editable checkout under
    # PYTHONDONTWRITEBYTECODE never would, so compile it once, as an install does.
    import compileall

    import tracker

    compileall.compile_dir(str(Path(tracker.__file__).parent), quiet=1, force=False)
    try:
        seeds = Path(tracker.__file__).resolve().parents[1] / "seeds"
        init_times, csv_times = [], []
        for n in range(5):
            init_times.append(timed([str(BIN / "tracker"), "init", "--db", str(work / f"init-{n}.db")]))
            csv_times.append(timed([str(BIN / "sqlite-utils"), "insert", str(work / f"csv-{n}.db"), "localities",
                                    str(seeds / "gazetteer.csv"), "--csv"]))
        init_median, csv_median = statistics.median(init_times), statistics.median(csv_times)
        print(f"tracker init (fresh database, whole bundled campaign), median of 5: {init_median * 1000:.0f} ms "
              f"(target under 2 s: {'yes' if init_median < 2 else 'NO'})")
        print(f"sqlite-utils insert --csv of the gazetteer alone, median of 5: {csv_median * 1000:.0f} ms "
              f"(init costs {init_median / csv_median:.1f}x that)")
        db = work / "tracker.db"
        subprocess.run([str(BIN / "tracker"), "init", "--db", str(db)], check=True, capture_output=True)
        row = work / "row.json"
        row.write_text(json.dumps({"locality": "Bartella", "force": "CTS", "date": "2016-10-20"}))
        plain = work / "plain.db"
        day = dt.date(2016, 10, 17)
        tracker_times, baseline_times = [], []
        for n in range(RUNS):
            date = (day + dt.timedelta(days=n)).isoformat()
            # Alternate the order so neither side always runs on a warmer cache.
            pair = [
                ("tracker", [str(BIN / "tracker"), "add", "Bartella", "--by", "CTS", "--date", date,
                             "--status", "contested", "--source", f"https://example.org/{n}", "--db", str(db)]),
                ("baseline", [str(BIN / "sqlite-utils"), "insert", str(plain), "events", str(row)]),
            ]
            for label, argv in (pair if n % 2 == 0 else pair[::-1]):
                (tracker_times if label == "tracker" else baseline_times).append(timed(argv))
        tracker_median = statistics.median(tracker_times)
        baseline_median = statistics.median(baseline_times)
        print(f"tracker add (whole process), median of {RUNS}: {tracker_median * 1000:.0f} ms "
              f"(min {min(tracker_times) * 1000:.0f}, max {max(tracker_times) * 1000:.0f})")
        print(f"sqlite-utils insert one row, median of {RUNS}: {baseline_median * 1000:.0f} ms "
              f"(min {min(baseline_times) * 1000:.0f}, max {max(baseline_times) * 1000:.0f})")
        ratio = baseline_median / tracker_median
        print(f"ratio: tracker add is {ratio:.2f}x faster than the baseline "
              f"(target >= 2x; under 150 ms: {'yes' if tracker_median < 0.15 else 'NO'})")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
