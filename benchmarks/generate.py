"""Generate a large, realistic-shaped tracker database for benchmarks: N localities around Mosul, M events."""

import datetime as dt
import random
from pathlib import Path

from tracker.store import TrackerDB
from tracker.record.localities import measure_localities
from tracker.record.seeds import load_seeds

STATUSES = ["captured"] * 6 + ["contested"] * 2 + ["encircled", "entered", "lost", "withdrawn"]


def generate(path: Path, localities: int = 10_000, events: int = 100_000, seed: int = 1) -> Path:
    path = Path(path)
    if path.exists():
        path.unlink()
    rng = random.Random(seed)
    tdb = TrackerDB(path, create=True)
    load_seeds(tdb)
    campaign = tdb.campaign()
    existing = len(tdb.mapped_localities())
    rows = []
    for n in range(max(0, localities - existing)):
        # Uniform over a disc of 100 km around the centre (~0.9 degrees).
        radius, angle = 0.9 * rng.random() ** 0.5, rng.random() * 6.283185
        rows.append({
            "name": f"Generated village {n:05d}",
            "alt_names": f"Gen {n:05d};Qaryat {n:05d}",
            "latitude": round(campaign["centre_latitude"] + radius * 0.8 * __import__("math").sin(angle), 4),
            "longitude": round(campaign["centre_longitude"] + radius * __import__("math").cos(angle), 4),
            "kind": "village",
            "added_by": "benchmark",
        })
    tdb.insert_localities(rows)
    measure_localities(tdb)
    places = tdb.mapped_localities()
    forces = tdb.forces()
    start = dt.date.fromisoformat(campaign["start_date"])
    batch = []
    for n in range(events):
        place = rng.choice(places)
        force = rng.choice(forces)
        batch.append({
            "campaign_id": campaign["id"], "locality_id": place["id"], "latitude": place["latitude"],
            "longitude": place["longitude"], "date": (start + dt.timedelta(days=rng.randrange(270))).isoformat(),
            "status": rng.choice(STATUSES), "force_id": force["id"], "axis": place["axis"],
        })
        if len(batch) == 20_000:
            tdb.insert_events_bulk(batch)
            batch = []
    if batch:
        tdb.insert_events_bulk(batch)
    tdb.conn.execute("ANALYZE")
    tdb.close()
    return path


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results/big.db")
    target.parent.mkdir(parents=True, exist_ok=True)
    print(generate(target))
