"""`tracker pace` and `tracker conflicts` as whole commands on 10,000 localities and 1,000,000 events, against
`tracker front` on the same database (the series pace is derived from), same run. Target: each <= 2 s.

The generated events change hands at random, so nearly every place's reports contradict each other: the
conflict count is a worst case, far above what real reports give.
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

BIN = Path(sys.executable).parent


def timed(argv):
    start = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} failed: {result.stderr[-500:]}")
    return time.perf_counter() - start, result.stdout


def main():
    work = Path(tempfile.mkdtemp(prefix="bench-analyst-"))
    db = work / "million.db"
    generate(db, localities=10_000, events=1_000_000)
    front, _ = timed([str(BIN / "tracker"), "front", "--json", "--db", str(db)])
    print(f"baseline tracker front (every day x every axis): {front:.2f} s")
    elapsed, _ = timed([str(BIN / "tracker"), "pace", "--json", "--db", str(db)])
    print(f"tracker pace: {elapsed:.2f} s ({elapsed / front:.1f}x front; target <= 2 s)")
    elapsed, out = timed([str(BIN / "tracker"), "conflicts", "--csv", "--db", str(db)])
    print(f"tracker conflicts: {elapsed:.2f} s for {out.count(chr(10)) - 1:,} conflicts (target <= 2 s)")


if __name__ == "__main__":
    main()
