"""UCDP's Georeferenced Event Dataset (GED): fighting reports, never control changes.

Each GED row says fighting happened between two sides, where (to a stated precision) and when (to a stated
precision), with its clarity and deaths. It is stored as a fighting report, linked to the nearest locality within
its own precision (where_prec 1: the place itself, 5 km; 2: within 25 km of it; 3 and over: an administrative area,
left unplaced), and offered to the review queue as a contested candidate only when asked.
"""

import csv
import datetime as dt
import hashlib
import math
import re
from pathlib import Path

from ..model.clock import now_utc
from ..model.errors import InvalidInput

DATASET = "ucdp-ged"
ATTRIBUTION = "UCDP Georeferenced Event Dataset (Sundberg & Melander 2013; Högbladh 2019), CC BY 4.0"
REQUIRED = ("id", "side_a", "side_b", "where_prec", "latitude", "longitude", "date_start", "date_end", "date_prec")
LINK_KM = {1: 5.0, 2: 25.0}
TEXT_LIMIT = 500


def import_ucdp(tdb, path, *, as_candidates=False, campaign=None, progress=None) -> dict:
    """Store every row of a GED CSV as a fighting report; all or nothing. Re-importing stores nothing twice."""
    path = Path(path)
    rows = list(read_rows(path, progress))
    places = _Places(tdb.mapped_localities(tdb.campaign(campaign)["id"]))
    imported_at = now_utc()
    reports, linked, unplaced = [], 0, {"imprecise": 0, "no locality near": 0}
    for line, row in rows:
        report = _report(path, line, row, imported_at)
        limit = LINK_KM.get(report["where_prec"])
        nearest = None
        if limit:
            nearest = named(tdb, places, report, limit) or places.nearest(report["latitude"], report["longitude"], limit)
        if nearest:
            report["locality_id"], report["km_to_locality"] = nearest
            linked += 1
        else:
            unplaced["imprecise" if limit is None else "no locality near"] += 1
        reports.append(report)
    with tdb.transaction():
        source_id = tdb.source_id(key=_source_key(path), publisher="Uppsala Conflict Data Program",
                                  title=f"UCDP GED extract {path.name}", note=ATTRIBUTION)
        for report in reports:
            report["source_id"] = source_id
        new = tdb.insert_fighting_reports(reports)
    result = {"rows": len(reports), "new": new, "already_stored": len(reports) - new, "linked": linked,
              "unplaced": unplaced, "candidates": 0, "attribution": ATTRIBUTION}
    if as_candidates:
        result["candidates"] = _offer(tdb, [r for r in reports if r["locality_id"]], campaign)
    return result


PLACE_WORDS = re.compile(r"\s+(?:town|village|city|camp|district|province|governorate)$", re.I)


def named(tdb, places, report, limit_km):
    """The locality GED names ("Mosul town" is Mosul, not the nearest neighbourhood), if one of that name lies
    within the report's precision."""
    name = PLACE_WORDS.sub("", report["where_name"] or "").strip()
    if not name:
        return None
    from ..model.geo import km_between

    if name not in places.named:
        points = []
        for place in tdb.localities_named(name):
            place = tdb.locality(place["same_as"]) if place["same_as"] else place
            if place["latitude"] is not None:
                points.append((place["id"], place["latitude"], place["longitude"]))
        places.named[name] = points
    found = [(km_between(report["latitude"], report["longitude"], lat, lon), place_id)
             for place_id, lat, lon in places.named[name]]
    found = [item for item in found if item[0] <= limit_km]
    return (min(found)[1], round(min(found)[0], 3)) if found else None


def read_rows(path: Path, progress=None):
    """(line number, row) for each GED row, the HXL tag row skipped; a bad file or row stops with FILE:LINE."""
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file; give a UCDP GED CSV export")
    size = path.stat().st_size or 1
    try:
        handle = open(path, newline="", encoding="utf-8-sig")
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not UTF-8 text; give GED's CSV as downloaded") from None
    with handle:
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InvalidInput(f"{path}: not a UCDP GED CSV: missing columns {', '.join(missing)} (GED's CSV has "
                               f"{', '.join(REQUIRED)} ...)")
        try:
            for row in reader:
                line = reader.line_num
                if any((value or "").startswith("#") for value in row.values() if isinstance(value, str)):
                    continue  # the HXL tag row (#date+year ...)
                if progress and line % 500 == 0:
                    progress(min(handle.tell(), size), size)
                yield line, row
        except (UnicodeDecodeError, csv.Error) as error:
            raise InvalidInput(f"{path}:{reader.line_num}: unreadable CSV ({error})") from None
    if progress:
        progress(size, size)


def _report(path, line, row, imported_at) -> dict:
    def fail(reason):
        raise InvalidInput(f"{path}:{line}: {reason}")

    def integer(name, low=0, high=10**9, required=True):
        value = (row.get(name) or "").strip()
        if not value:
            if required:
                fail(f"{name} is empty")
            return None
        try:
            number = int(float(value)) if "." in value else int(value)
        except ValueError:
            fail(f"{name} {value[:20]!r} is not a whole number")
        if not low <= number <= high:
            fail(f"{name} {number} is out of range ({low} to {high})")
        return number

    def real(name, low, high):
        value = (row.get(name) or "").strip()
        try:
            number = float(value)
        except ValueError:
            fail(f"{name} {value[:20]!r} is not a number")
        if not math.isfinite(number) or not low <= number <= high:
            fail(f"{name} {value[:20]} is out of range ({low} to {high})")
        return number

    def day(name):
        value = (row.get(name) or "").strip()[:10]
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            fail(f"{name} {value!r} is not a date: GED writes YYYY-MM-DD")

    start, end = day("date_start"), day("date_end")
    if end < start:
        fail(f"date_end {end} is before date_start {start}")
    return {
        "dataset": DATASET, "external_id": f"ged:{integer('id', 1, 10**12)}",
        "side_a": _text(row.get("side_a")), "side_b": _text(row.get("side_b")),
        "type_of_violence": integer("type_of_violence", 1, 3, required=False),
        "where_name": _text(row.get("where_coordinates")), "where_prec": integer("where_prec", 1, 7),
        "latitude": real("latitude", -90, 90), "longitude": real("longitude", -180, 180),
        "locality_id": None, "km_to_locality": None, "date_start": start, "date_end": end,
        "date_prec": integer("date_prec", 1, 5), "event_clarity": integer("event_clarity", 1, 2, required=False),
        "deaths_low": integer("low", required=False), "deaths_best": integer("best", required=False),
        "deaths_high": integer("high", required=False), "headline": _text(row.get("source_headline")),
        "source_office": _text(row.get("source_office")), "source_date": _text(row.get("source_date")),
        "imported_at": imported_at,
    }


def _text(value):
    """Outside text as stored: control and invisible format characters dropped, spaces collapsed, bounded."""
    import unicodedata

    text = value or ""
    if not text.isprintable():  # rare: only then look at each character
        text = "".join(ch if unicodedata.category(ch) not in ("Cc", "Cf") else " " for ch in text)
    text = " ".join(text.split())[:TEXT_LIMIT]
    return text or None


def _source_key(path: Path) -> str:
    digest = hashlib.sha256(str(path.stat().st_size).encode())
    with open(path, "rb") as handle:
        digest.update(handle.read(1 << 20))
    return f"{DATASET}:{path.name}:{digest.hexdigest()[:12]}"


class _Places:
    """Nearest mapped locality to a point, within a limit, by geodesic distance (latitude band first)."""

    def __init__(self, places):
        import numpy as np

        self.named = {}  # GED place name -> [(id, lat, lon)] of the localities so named
        self.places = sorted(places, key=lambda p: p["latitude"])
        self.lats = np.array([p["latitude"] for p in self.places])
        self.lons = np.array([p["longitude"] for p in self.places])

    def nearest(self, lat, lon, limit_km):
        import numpy as np

        from ..model.geo import geodesic_m

        band = limit_km / 110.0
        lo, hi = np.searchsorted(self.lats, [lat - band, lat + band])
        if lo >= hi:
            return None
        lons = self.lons[lo:hi]
        width = limit_km / max(1.0, 111.32 * math.cos(math.radians(lat)))
        inside = np.nonzero(np.abs(lons - lon) <= width)[0]
        if not len(inside):
            return None
        km = geodesic_m(np.full(len(inside), lon), np.full(len(inside), lat), lons[inside],
                        self.lats[lo:hi][inside]) / 1000.0
        best = int(np.argmin(km))
        if km[best] > limit_km:
            return None
        return self.places[lo + int(inside[best])]["id"], round(float(km[best]), 3)


def _offer(tdb, reports, campaign) -> int:
    """Placed reports as contested candidates in the review queue, one per place and span of days: fighting
    there, by the side that attacks. Accepting one is a judgement the reviewer makes, never the importer."""
    from ..extract.model import Article, Candidate

    groups = {}
    for report in reports:
        groups.setdefault((report["locality_id"], report["date_start"], report["date_end"]), []).append(report)
    offered = 0
    for (locality_id, start, end), group in groups.items():
        first = group[0]
        pressing = _attacking_force(tdb, group)
        force_name = pressing["name"] if pressing else (first["side_a"] or "unnamed force")
        place = tdb.locality(locality_id)
        ids = ", ".join(r["external_id"] for r in group[:6]) + (" ..." if len(group) > 6 else "")
        candidate = Candidate(
            locality=place["name"], locality_id=place["id"], force=force_name,
            force_id=pressing["id"] if pressing else None, status="contested",
            quote=first["headline"] or f"UCDP GED {first['external_id']}", date=end, date_earliest=start,
            date_precision="day" if start == end else "range",
            confidence=0.4 if any(r["event_clarity"] == 1 for r in group) else 0.25, extractor=DATASET,
            campaign=campaign, side=pressing["side"] if pressing else None,
            note=f"{len(group)} UCDP GED report(s) of fighting between {first['side_a']} and {first['side_b']} at or "
                 f"near the place ({ids}); fighting is not a change of control")
        article = Article(text=f"{DATASET} {locality_id} {start} {end}", path=f"{DATASET}-{locality_id}-{start}-{end}",
                          publisher=first["source_office"], title=first["headline"], published=end)
        offered += sum(new for _, new in tdb.add_candidates(article, [candidate]))
    return offered


def _attacking_force(tdb, group):
    """The force of the attacking side among a group's sides, else the first side the database knows."""
    known = []
    for report in group:
        for name in (report["side_a"], report["side_b"]):
            try:
                known.append(tdb.resolve_force(name)) if name else None
            except InvalidInput:
                continue
    return next((f for f in known if f["side"] == "attacker"), known[0] if known else None)
