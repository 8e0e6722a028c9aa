"""What extractors see and return: Article, Candidate, Extractor and Lookups (the public contract for plugins)."""

from dataclasses import asdict, dataclass, field

from ..model.names import fold, loose


@dataclass
class Article:
    text: str
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, if known
    path: str | None = None

    @property
    def key(self) -> str:
        """How the article is known as a source: its URL, else its file name and a hash of its text."""
        if self.url:
            return self.url
        import hashlib

        digest = hashlib.sha256(self.text.encode("utf-8", "replace")).hexdigest()[:12]
        name = self.path.rsplit("/", 1)[-1] if self.path else "article"
        return f"file:{name}:{digest}"


@dataclass
class Candidate:
    locality: str
    force: str
    status: str
    quote: str
    date: str | None = None  # the day it counts from; None when the article gives no date
    date_earliest: str | None = None
    date_precision: str | None = None
    axis: str | None = None
    distance_km: float | None = None
    distance_reference: str | None = None  # "outskirts" or "centre"
    quote_start: int | None = None
    quote_end: int | None = None
    confidence: float = 0.5
    note: str | None = None
    extractor: str | None = None
    locality_id: int | None = None  # the gazetteer's place; None for a place it does not know (yet)
    force_id: int | None = None  # the database's force; None for a force it does not know (yet)
    # A place the gazetteer lacks, found in the world gazetteer: where it is, whose coordinate, how sure.
    latitude: float | None = None
    longitude: float | None = None
    place_source: str | None = None  # e.g. "GeoNames 99072 (CC BY 4.0)", "IOM DTM 1504006 (CC BY-IGO)"
    resolution: str | None = None  # how the place was found: gazetteer, world gazetteer (...), unresolved, ambiguous
    alternatives: list = field(default_factory=list)  # other places the name may mean: {name, latitude, longitude, source}
    side: str | None = None  # the force's side when the database does not know the force
    campaign: str | None = None  # the campaign whose region holds the place

    def as_dict(self):
        return asdict(self)


class ArticleSkipped(Exception):
    """Raised by an extractor for an article it does not read (another language): reported, not a failure."""


class Extractor:
    """Subclass and set extractor_id; extract(article, lookups) yields Candidates."""

    extractor_id = "extractor"
    description = ""

    def extract(self, article: Article, lookups: "Lookups"):
        raise NotImplementedError


@dataclass
class Place:
    id: int
    name: str
    latitude: float | None
    longitude: float | None
    axis: str | None
    km_to_outskirts: float | None
    kind: str | None = None


@dataclass
class Force:
    id: int
    name: str
    side: str
    kind: str | None


@dataclass
class Campaign:
    name: str
    objective: str | None
    latitude: float
    longitude: float
    region_km: float
    start: str


@dataclass
class Lookups:
    """The gazetteer, forces and campaigns, in memory, for extractors: no database access."""

    places: dict = field(default_factory=dict)  # id -> Place
    spellings: list = field(default_factory=list)  # (spelling, locality_id)
    forces: dict = field(default_factory=dict)  # id -> Force
    aliases: list = field(default_factory=list)  # (alias, force_id)
    campaign_start: str | None = None
    objective: str | None = None
    region_km: float | None = None
    campaigns: list = field(default_factory=list)  # Campaign, the chosen one first

    def __post_init__(self):
        self._folded, self._loose, self._force_folded = {}, {}, {}
        for spelling, locality_id in self.spellings:
            self._folded.setdefault(fold(spelling), set()).add(locality_id)
            self._loose.setdefault(loose(spelling), set()).add(locality_id)
        for alias, force_id in self.aliases:
            self._force_folded.setdefault(fold(alias), set()).add(force_id)

    @classmethod
    def from_db(cls, tdb, campaign=None):
        the_campaign = tdb.campaign(campaign)
        objective = tdb.locality(the_campaign["objective_locality_id"])["name"] if the_campaign["objective_locality_id"] else None
        tables = tdb.lookup_tables()
        rows = tables["localities"]
        places = {r["id"]: Place(r["id"], r["name"], r["latitude"], r["longitude"], r["axis"], r["km_to_outskirts"],
                                 r["kind"]) for r in rows}
        lookups = cls(
            places=places,
            spellings=[tuple(r) for r in tables["spellings"]],
            forces={f["id"]: Force(f["id"], f["name"], f["side"], f["kind"]) for f in tdb.forces()},
            aliases=[tuple(r) for r in tables["aliases"]],
            campaign_start=the_campaign["start_date"],
            objective=objective,
            region_km=the_campaign["region_km"],
            campaigns=[Campaign(c["name"], places[c["objective_locality_id"]].name if c["objective_locality_id"] in places
                                else None, c["centre_latitude"], c["centre_longitude"], c["region_km"], c["start_date"])
                       for c in sorted(tdb.campaigns(), key=lambda c: c["name"] != the_campaign["name"])],
        )
        lookups._rows = {r["id"]: r for r in rows}
        return lookups

    def locality(self, name: str):
        """The Place a spelling means, or None (unknown or ambiguous)."""
        from ..model.names import pick_locality
        from ..model.errors import AmbiguousLocality

        rows = getattr(self, "_rows", {})
        for index in (self._folded.get(fold(name)), self._loose.get(loose(name))):
            if index:
                candidates = sorted((rows[i] for i in index if i in rows),
                                    key=lambda r: (r["same_as"] is not None, r["id"]))
                try:
                    row = pick_locality(name, candidates, self.region_km)
                except AmbiguousLocality:
                    return None
                return self.places[row["same_as"] or row["id"]]
        return None

    def force(self, name: str):
        ids = self._force_folded.get(fold(name))
        return self.forces[next(iter(ids))] if ids and len(ids) == 1 else None

    def generic_force(self, side: str):
        """The force to name when a report only says which side: the umbrella or the side's only force."""
        forces = [f for f in self.forces.values() if f.side == side]
        umbrella = [f for f in forces if f.kind == "umbrella"]
        return (umbrella or forces or [None])[0]
