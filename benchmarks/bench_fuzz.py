"""The semantic fuzz suite at benchmark scale: 10,000 random sequences (FUZZ_SEQUENCES to change it).

The test run does 1,000; this one runs ten times as many with the same invariants, and prints the
sequences per second beside a baseline measured in the same run: the same steps with the invariant checks
left out (FUZZ_CHECKS=0), so the ratio shows what the checking costs.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(sequences, checks=True):
    env = {**os.environ, "FUZZ_SEQUENCES": str(sequences), "FUZZ_CHECKS": "1" if checks else "0"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    return time.perf_counter() - start, result


def main():
    sequences = int(os.environ.get("FUZZ_SEQUENCES", "10000"))
    elapsed, result = run(sequences)
    outcome = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
    print(f"{sequences:,} sequences with every invariant checked after every step: {elapsed:.0f} s "
          f"({sequences / elapsed:.0f} sequences/s); {outcome}")
    baseline, _ = run(sequences // 10, checks=False)
    print(f"baseline, {sequences // 10:,} sequences without the checks: {baseline:.0f} s "
          f"({sequences // 10 / baseline:.0f} sequences/s); checking costs {(elapsed / sequences) / (baseline / (sequences // 10)):.1f}x")
    if result.returncode != 0:
        print(result.stdout[-3000:])


if __name__ == "__main__":
    main()
