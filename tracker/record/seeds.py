"""Load the bundled campaign from seeds/ into a database. Running it twice changes nothing."""

import csv
import json
import re
from pathlib import Path

from ..model.dates import parse_event_date
from ..model.errors import DuplicateEvent
from .events import add_event
from .localities import measure_for_all_campaigns

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"
DUPLICATE_POINT = re.compile(r"^(?P<base>.*) \(GeoNames(?: PPLA)? point\)$")


def _read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _blank_to_none(row):
    return {key: (value.strip() or None) if isinstance(value, str) else value for key, value in row.items()}


def gazetteer_rows(path) -> list:
    """Gazetteer rows with coordinates, in the localities table's columns."""
    rows = []
    for raw in map(_blank_to_none, _read_csv(path)):
        if raw["lat"] is None or raw["lon"] is None:
            continue
        rows.append({
            "name": raw["name"],
            "alt_names": raw["alt_names"],
            "latitude": float(raw["lat"]),
            "longitude": float(raw["lon"]),
            "kind": raw["kind"],
            "governorate": raw["governorate"],
            "coordinate_source": raw["source"],
            "note": raw["note"],
            "added_by": f"seed:{Path(path).name}",
        })
    return rows


def duplicate_points(rows) -> list:
    """(duplicate, primary) name pairs: a GeoNames point of a place the map module also has."""
    names = {row["name"] for row in rows}
    pairs = []
    for row in rows:
        match = DUPLICATE_POINT.match(row["name"])
        if not match:
            continue
        base = match["base"]
        if base not in names:
            base = next((alt for alt in (row["alt_names"] or "").split(";") if alt in names), None)
        if base:
            pairs.append((row["name"], base))
    return pairs


def load_seeds(tdb, seeds_dir=None, *, events=True) -> dict:
    """Load forces, gazetteer, campaigns, sources and (unless events=False) events; return counts of what is new."""
    seeds_dir = Path(seeds_dir or SEEDS_DIR)
    before = tdb.counts()
    with tdb.transaction():
        _load(tdb, seeds_dir, events)
    after = tdb.counts()
    return {table: after[table] - before[table] for table in after}


def _load(tdb, seeds_dir, events=True):
    tdb.upsert_forces([_blank_to_none(r) for r in _read_csv(seeds_dir / "forces.csv")])
    localities = gazetteer_rows(seeds_dir / "gazetteer.csv")
    existing = tdb.locality_names()
    tdb.insert_localities([r for r in localities if r["name"] not in existing])
    tdb.link_duplicate_localities(duplicate_points(localities))
    for more in [*sorted(seeds_dir.glob("*_city.csv")), *sorted(seeds_dir.glob("*_region.csv"))]:
        _load_city(tdb, more)
    campaigns = json.loads((seeds_dir / "campaigns.json").read_text(encoding="utf-8"))
    for campaign in campaigns:
        objective = campaign.pop("objective", None)
        if objective:
            campaign["objective_locality_id"] = tdb.resolve_locality(objective)["id"]
        final = campaign.pop("final_objective", None)
        if final:
            campaign["final_objective_locality_id"] = tdb.resolve_locality(final)["id"]
        tdb.upsert_campaign(campaign)
    measure_for_all_campaigns(tdb)
    tdb.upsert_sources([
        {"key": r["key"], "url": r["url"], "publisher": r["publisher"], "title": r["title"],
         "published": r["published"], "note": r["note"]}
        for r in map(_blank_to_none, _read_csv(seeds_dir / "sources.csv"))
    ])
    if (seeds_dir / "start_state.csv").exists():
        _load_start_state(tdb, seeds_dir / "start_state.csv")
    for row in map(_blank_to_none, _read_csv(seeds_dir / "events.csv")) if events else ():
        source_keys = (row["sources"] or "").split(";")
        try:
            event = add_event(
                tdb, locality=row["locality"], force=row["force"], date=parse_event_date(row["date"]),
                status=row["status"], axis=row["axis"], previous_force=row["previous_force"],
                source_key=source_keys[0] or None, quote=row["quote"], note=row["note"],
                campaign=row["campaign"], recorded_by="seed:events.csv", external_id=row["external_id"],
                allow_any_date=True, summary=row.get("summary"), inferred=row.get("inferred"),
            )
        except DuplicateEvent:
            continue
        for key in source_keys[1:]:
            tdb.cite(event["id"], source_key=key, added_by="seed:events.csv")


def city_rows(path) -> tuple:
    """(new localities, {existing name: (kind, bank, spellings)}) from a city file such as seeds/mosul_city.csv."""
    new, described = [], {}
    for raw in map(_blank_to_none, _read_csv(path)):
        if raw["update_existing"]:
            described[raw["name"]] = (raw["kind"], raw["bank"], (raw["alt_names"] or "").split(";"))
            continue
        source = raw["source"] + (f" ({raw['licence']})" if raw["licence"] else "")
        new.append({"name": raw["name"], "alt_names": raw["alt_names"], "latitude": float(raw["lat"]),
                    "longitude": float(raw["lon"]), "kind": raw["kind"], "governorate": None, "bank": raw["bank"],
                    "coordinate_source": source, "note": raw["note"], "added_by": f"seed:{Path(path).name}"})
    return new, described


def _load_city(tdb, path):
    new, described = city_rows(path)
    existing = tdb.locality_names()
    taken = {spelling for row in new for spelling in [row["name"], *(row["alt_names"] or "").split(";")]
             if spelling and spelling not in existing and tdb.localities_named(spelling, loose_too=False)}
    for row in new:  # a spelling another place already has stays that place's (it would be ambiguous)
        row["alt_names"] = ";".join(a for a in (row["alt_names"] or "").split(";") if a and a not in taken) or None
    tdb.insert_localities([r for r in new if r["name"] not in existing])
    for name, (kind, bank, spellings) in described.items():
        place = tdb.resolve_locality(name)
        tdb.describe_locality(place["id"], kind=kind, bank=bank)
        free = [s for s in spellings if s and not tdb.localities_named(s, loose_too=False)]
        if free:
            tdb.add_locality_spellings(place["id"], free)


def _load_start_state(tdb, path):
    rows = {}
    for raw in map(_blank_to_none, _read_csv(path)):
        campaign = tdb.campaign(raw["campaign"])
        place = tdb.resolve_locality(raw["locality"])
        keys = (raw["sources"] or "").split(";")
        rows.setdefault(campaign["id"], []).append({
            "locality_id": place["same_as"] or place["id"], "force_id": tdb.resolve_force(raw["force"])["id"],
            "since": raw["since"], "summary": raw["summary"], "recorded_by": "seed:start_state.csv",
            "source_id": tdb.source_id(key=keys[0]) if keys[0] else None})
    for campaign_id, entries in rows.items():
        tdb.set_start_state(campaign_id, entries)
