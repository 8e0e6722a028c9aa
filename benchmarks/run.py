"""Run every benchmark: `python benchmarks/run.py [NAME ...]`. Prints figures and ratios against baselines measured in the same run."""

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

BENCHMARKS = ["bench_add", "bench_publish", "bench_extract", "bench_import", "bench_analyst", "bench_fuzz"]


def main(names):
    for name in names or BENCHMARKS:
        print(f"== {name}")
        importlib.import_module(name).main()
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
