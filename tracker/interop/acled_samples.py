"""ACLED-shaped rows made up for tests and benchmarks (real ACLED rows are not redistributable)."""

import csv
import datetime as dt
import random

from .acled_export import COLUMNS


ACTORS_GOVERNMENT = ["Military Forces of Iraq (2014-)", "Police Forces of Iraq (2014-)",
                     "Military Forces of Iraq (2014-): Counter Terrorism Service", "Peshmerga", "Popular Mobilization Forces"]
ACTOR_IS = "Islamic State (Iraq)"


def generate_acled(out, rows: int, locations: list, *, seed: int = 3, start=dt.date(2016, 10, 17), days: int = 270,
                   territory_only: bool = False):
    """Write `rows` ACLED-shaped rows: about a third territory events (all, with territory_only), the rest other types."""
    rng = random.Random(seed)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    kinds = [("Battles", "Government regains territory"), ("Battles", "Non-state actor overtakes territory"),
             ("Strategic developments", "Non-violent transfer of territory"), ("Battles", "Armed clash"),
             ("Explosions/Remote violence", "Air/drone strike"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
             ("Violence against civilians", "Attack")]
    weights = [20, 8, 5, 0, 0, 0, 0] if territory_only else [20, 8, 5, 30, 20, 10, 7]
    for n in range(rows):
        event_type, sub = rng.choices(kinds, weights)[0]
        government = rng.choice(ACTORS_GOVERNMENT)
        actor1, actor2 = (ACTOR_IS, government) if sub == "Non-state actor overtakes territory" else (government, ACTOR_IS)
        name, lat, lon = rng.choice(locations)
        day = start + dt.timedelta(days=rng.randrange(days))
        writer.writerow([
            f"IRQ{n + 1:07d}", f"{day.day} {day:%B %Y}", day.year, rng.choice("1112"), "Political violence",
            event_type, sub, actor1, "", "1", actor2, "", "2", "12", "", "368", "Middle East", "Iraq", "Ninewa",
            "Mosul", "", name, f"{lat:.4f}", f"{lon:.4f}", "1", rng.choice(["Rudaw", "Xinhua", "Shafaq News; AFP"]),
            "National", f"Report {n}: {sub.lower()} near {name}.", rng.randrange(5), "",
            1_600_000_000 + n,
        ])


def sample_locations(tdb, limit=None):
    rows = tdb.mapped_localities()
    return [(r["name"], r["latitude"], r["longitude"]) for r in rows[:limit]]


def synthetic_locations(count, centre=(43.155, 36.35), seed=5):
    """(name, lat, lon) for `count` made-up villages within about 100 km of the centre."""
    import math

    rng = random.Random(seed)
    places = []
    for n in range(count):
        radius, angle = 0.9 * math.sqrt(rng.random()), rng.random() * 2 * math.pi
        places.append((f"Qaryat {n:05d}", centre[1] + 0.8 * radius * math.sin(angle), centre[0] + radius * math.cos(angle)))
    return places
