"""Map and chart data endpoints under 20 concurrent clients, against Datasette's plain table JSON, same server, same run.

Database: 10,000 localities and 100,000 events (benchmarks/generate.py). Target: p95 <= 100 ms and no worse
than 2x the plain table JSON of the same localities.

Then areas of control and the front line (control.json) on 10,000 localities and 1,000,000 events: the first
request for a date <= 1 s, p95 <= 200 ms after it; a sweep of new dates; progress.json's first request.
"""

import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from generate import generate

CLIENTS = 20
REQUESTS_PER_CLIENT = 10


def wait_for(port, process):
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None:
                raise SystemExit(process.stdout.read().decode())
            time.sleep(0.2)
    raise SystemExit("datasette did not start")


def load(port, path):
    """CLIENTS threads, each with its own keep-alive connection, REQUESTS_PER_CLIENT requests each."""
    latencies, sizes, errors = [], [], []
    lock = threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(REQUESTS_PER_CLIENT):
            start = time.perf_counter()
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})  # as browsers send
            response = conn.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                sizes.append(len(body))
                if response.status != 200:
                    errors.append(response.status)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "bytes": statistics.median(sizes),
        "errors": len(errors),
    }


def main():
    map_and_charts()
    areas_at_a_million()


def map_and_charts():
    work = Path(tempfile.mkdtemp(prefix="bench-publish-"))
    db = work / "big.db"
    start = time.perf_counter()
    generate(db, localities=10_000, events=100_000)
    print(f"generated 10,000 localities and 100,000 events in {time.perf_counter() - start:.1f} s")
    port, process = serve(db)
    try:
        endpoints = {
            "map data (/big/-/frontline/map.json)": "/big/-/frontline/map.json",
            "chart data (/big/-/frontline/progress.json)": "/big/-/frontline/progress.json",
            "baseline: plain table JSON, 10,000 localities": "/big/localities.json?_size=max&_shape=array",
        }
        for path in endpoints.values():  # first requests build the derived JSON once
            print(f"first request {path}: {first(port, path):.0f} ms")
        results = {label: load(port, path) for label, path in endpoints.items()}
        baseline = results["baseline: plain table JSON, 10,000 localities"]
        for label, r in results.items():
            print(f"{label}: p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, {r['bytes'] / 1e6:.2f} MB, "
                  f"{r['errors']} errors; p95 ratio to baseline {r['p95'] / baseline['p95']:.2f}")
        print(f"({CLIENTS} concurrent clients x {REQUESTS_PER_CLIENT} requests each; target p95 <= 100 ms and <= 2x baseline)")
    finally:
        process.terminate()
        process.wait(timeout=10)


def serve(db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(db), "--port", str(port),
         "--setting", "max_returned_rows", "10000", "--setting", "sql_time_limit_ms", "20000"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    wait_for(port, process)
    return port, process


def first(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: {response.status}")
    return (time.perf_counter() - start) * 1000


def areas_at_a_million():
    work = Path(tempfile.mkdtemp(prefix="bench-areas-"))
    db = work / "million.db"
    start = time.perf_counter()
    generate(db, localities=10_000, events=1_000_000)
    print(f"generated 10,000 localities and 1,000,000 events in {time.perf_counter() - start:.1f} s")
    port, process = serve(db)
    try:
        path = "/million/-/frontline/control.json?date=2017-01-30"
        print(f"control.json (areas and front line), first request for a date: {first(port, path):.0f} ms "
              "(target <= 1000 ms)")
        r = load(port, path)
        print(f"control.json after it, {CLIENTS} clients: p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, "
              f"{r['bytes'] / 1e3:.0f} kB, {r['errors']} errors (target p95 <= 200 ms)")
        sweep = [first(port, f"/million/-/frontline/control.json?date=2016-{month:02d}-15") for month in range(10, 13)]
        sweep += [first(port, f"/million/-/frontline/control.json?date=2017-{month:02d}-15") for month in range(1, 8)]
        print(f"control.json, ten new dates one after another: median {statistics.median(sweep):.0f} ms, "
              f"max {max(sweep):.0f} ms")
        base = first(port, "/million/localities.json?_size=max&_shape=array")
        print(f"baseline, plain table JSON of the 10,000 localities, first request: {base:.0f} ms")
        print(f"progress.json first request: {first(port, '/million/-/frontline/progress.json'):.0f} ms (target <= 1000 ms)")
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
