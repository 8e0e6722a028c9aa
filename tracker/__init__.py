"""frontline: record control changes around a city and measure the front, as a cited SQLite database.

Public API (imported lazily so `tracker add` starts fast):

    from tracker import TrackerDB, parse_event_date, reports
    tdb = TrackerDB("db/tracker.db")
    tdb.add_event(locality="Bashiqah", force="peshmerga", date=parse_event_date("2016-11-07"))
    reports.front(tdb, axis="east")
"""

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "TrackerDB": "tracker.db",
    "default_db_path": "tracker.db",
    "EventDate": "tracker.dates",
    "parse_event_date": "tracker.dates",
    "load_seeds": "tracker.seeds",
    "add_locality": "tracker.gazetteer",
    "measure_localities": "tracker.gazetteer",
    "TrackerError": "tracker.errors",
    "InvalidInput": "tracker.errors",
    "UnknownLocality": "tracker.errors",
    "AmbiguousLocality": "tracker.errors",
    "UnknownForce": "tracker.errors",
    "InvalidDate": "tracker.errors",
    "DuplicateEvent": "tracker.errors",
    "NotFound": "tracker.errors",
    "DatabaseMissing": "tracker.errors",
    "hookimpl": "tracker.hookspecs",
    "Article": "tracker.extraction",
    "Candidate": "tracker.extraction",
    "Extractor": "tracker.extraction",
    "Lookups": "tracker.extraction",
    "Place": "tracker.extraction",
    "Force": "tracker.extraction",
    "get_extractors": "tracker.extraction",
}

__all__ = sorted(_EXPORTS) + ["reports", "__version__"]


def __getattr__(name):
    if name == "reports":
        return importlib.import_module("tracker.reports")
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")
