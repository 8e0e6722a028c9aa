"""frontline: record control changes around a city and measure the front, as a cited SQLite database.

Public API (imported lazily so `tracker add` starts fast):

    from tracker import open_db, add_event, parse_event_date, reports
    tdb = open_db("db/tracker.db")
    add_event(tdb, locality="Bashiqah", force="peshmerga", date=parse_event_date("2016-11-07"))
    reports.front(tdb, axis="east")
"""

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "open_db": "tracker.connect",
    "TrackerDB": "tracker.store",
    "default_db_path": "tracker.store",
    "EventDate": "tracker.model.dates",
    "parse_event_date": "tracker.model.dates",
    "add_event": "tracker.record.events",
    "retract": "tracker.record.events",
    "load_seeds": "tracker.record.seeds",
    "add_locality": "tracker.record.localities",
    "measure_localities": "tracker.record.localities",
    "TrackerError": "tracker.model.errors",
    "InvalidInput": "tracker.model.errors",
    "UnknownLocality": "tracker.model.errors",
    "AmbiguousLocality": "tracker.model.errors",
    "UnknownForce": "tracker.model.errors",
    "InvalidDate": "tracker.model.errors",
    "DuplicateEvent": "tracker.model.errors",
    "NotFound": "tracker.model.errors",
    "DatabaseMissing": "tracker.model.errors",
    "hookimpl": "tracker.hookspecs",
    "Article": "tracker.extract.model",
    "Candidate": "tracker.extract.model",
    "Extractor": "tracker.extract.model",
    "Lookups": "tracker.extract.model",
    "Place": "tracker.extract.model",
    "Force": "tracker.extract.model",
    "get_extractors": "tracker.extract.run",
}

__all__ = sorted(_EXPORTS) + ["reports", "__version__"]


def __getattr__(name):
    if name == "reports":
        return importlib.import_module("tracker.derive.reports")
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")
