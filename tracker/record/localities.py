"""Localities: adding them and storing their distance and bearing to the campaign's objective."""

import math

from ..model.axes import default_axis
from ..model.clock import now_utc, recorder
from ..model.errors import InvalidInput
from ..model.names import clean_name


def measure_localities(tdb, campaign=None, locality_ids=None) -> int:
    """Compute and store km to outskirts and centre, bearing and default axis (vectorised)."""
    from ..model.geo import Objective

    the_campaign = tdb.campaign(campaign)
    rows = tdb.localities_with_coordinates()
    if locality_ids is not None:
        wanted = set(locality_ids)
        rows = [r for r in rows if r["id"] in wanted]
    if not rows:
        return 0
    outskirts, centre, bearing = Objective.of_campaign(the_campaign).measure(
        [r["longitude"] for r in rows], [r["latitude"] for r in rows]
    )
    axes = the_campaign["axes"]
    tdb.store_measures(the_campaign["id"], [
        (round(float(o), 3), round(float(c), 3), round(float(b), 2), default_axis(float(b), float(c), axes), r["id"])
        for o, c, b, r in zip(outskirts, centre, bearing, rows)
    ])
    return len(rows)


def measure_for_all_campaigns(tdb, locality_ids=None):
    for campaign in tdb.campaigns():
        measure_localities(tdb, campaign["name"], locality_ids)


def check_coordinates(latitude, longitude):
    for value, low, high, what in ((latitude, -90, 90, "latitude"), (longitude, -180, 180, "longitude")):
        if value is None or not isinstance(value, (int, float)) or math.isnan(value) or not low <= value <= high:
            raise InvalidInput(f"Invalid {what} {value!r}: give decimal degrees between {low} and {high} (WGS84)")


def add_locality(tdb, name, *, latitude, longitude, alt_names=(), kind=None, governorate=None,
                 source=None, note=None, added_by=None, distinct: str | None = None) -> dict:
    """A new locality. A name or spelling that already means another place is refused unless `distinct` says
    why they are different places (every look-up of that spelling then lists both); to give an existing
    place another spelling, use add_spellings."""
    name = clean_name(name, "locality name")
    alts = list(dict.fromkeys(clean_name(a, "spelling") for a in alt_names if a and a.strip()))
    if any(";" in spelling for spelling in [name, *alts]):
        raise InvalidInput("Invalid locality name: ';' separates spellings; give each with its own --alt")
    check_coordinates(latitude, longitude)
    if name in tdb.locality_names():
        raise InvalidInput(f"A locality named {name!r} exists already: give the new one a qualifier, e.g. '{name} (district)'")
    taken = taken_spellings(tdb, [name, *alts])
    if taken and not (distinct and distinct.strip()):
        spelling, place = taken[0]
        raise InvalidInput(f"{spelling!r} already means #{place['id']} {place['name']}: if it is the same place, add "
                           f"the spelling with --same-as {place['id']}; if it is another place, say why with "
                           "--distinct REASON")
    row = {
        "name": name,
        "alt_names": ";".join(alts) or None,
        "latitude": float(latitude),
        "longitude": float(longitude),
        "kind": kind,
        "governorate": governorate,
        "coordinate_source": source,
        "note": note,
        "added_by": recorder(added_by),
        "added_at": now_utc(),
    }
    with tdb.transaction():
        (stored,) = tdb.insert_localities([row])
        if taken:
            tdb.mark_distinct(stored["id"], distinct.strip(), recorder(added_by))
        measure_for_all_campaigns(tdb, [stored["id"]])
    return tdb.locality(stored["id"])


def taken_spellings(tdb, spellings) -> list:
    """(spelling, locality) for each spelling that already folds to another locality's name or spelling."""
    found = []
    for spelling in spellings:
        for place in tdb.localities_named(spelling, loose_too=False):
            found.append((spelling, place))
    return found


def add_spellings(tdb, locality_id: int, spellings, added_by=None) -> dict:
    """More spellings for an existing locality (--same-as); refused if one already means another place."""
    place = tdb.locality(locality_id)
    target = place["same_as"] or place["id"]
    spellings = list(dict.fromkeys(clean_name(s, "spelling") for s in spellings if s and s.strip()))
    if not spellings:
        raise InvalidInput("Give the spelling to add")
    others = [(s, p) for s, p in taken_spellings(tdb, spellings) if p["id"] != target]
    if others:
        spelling, other = others[0]
        raise InvalidInput(f"{spelling!r} already means #{other['id']} {other['name']}, another place: it cannot "
                           f"also be a spelling of {tdb.locality(target)['name']}")
    tdb.add_locality_spellings(target, spellings)
    return tdb.locality(target)


def pull_localities(tdb, campaign: str, radius_km: float, *, min_population: int = 0, added_by=None,
                    progress=None) -> dict:
    """Add the world gazetteer's places within radius_km of a campaign's objective, each with the
    provenance of its coordinate. A name the gazetteer already has is left alone (reported), never merged."""
    from ..model.names import fold
    from ..store.world import world

    if not (0 < radius_km <= 300):
        raise InvalidInput(f"--radius {radius_km:g} km is out of range: give 1 to 300 km")
    centre = tdb.campaign(campaign)
    nearby = world().near(centre["centre_latitude"], centre["centre_longitude"], radius_km)
    rows, skipped, seen = [], [], set()
    for place, km in nearby:
        if place.population < min_population:
            continue
        key = fold(place.name)
        if not key or key in seen:
            continue
        seen.add(key)
        if taken_spellings(tdb, [place.name]):
            skipped.append(place.name)
            continue
        rows.append({"name": clean_name(place.name, "locality name"), "alt_names": None,
                     "latitude": place.latitude, "longitude": place.longitude,
                     "kind": "city" if place.population >= 100_000 else "town" if place.population >= 10_000 else None,
                     "governorate": None, "coordinate_source": place.source,
                     "note": f"pulled from the world gazetteer ({place.id}), {km:.1f} km from the {campaign} objective",
                     "added_by": recorder(added_by), "added_at": now_utc()})
    with tdb.transaction():
        stored = tdb.insert_localities(rows) if rows else []
        if stored:
            measure_for_all_campaigns(tdb, [row["id"] for row in stored])
    return {"found": len(nearby), "added": len(stored), "already_known": skipped}
